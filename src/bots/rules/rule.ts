/**
 * Auto-responder rules: code-free bots that answer a message matching a trigger (seed 002's
 * question dictionary, without code). `validateRule` checks what `POST /conversations/{id}/rules`
 * receives and fills in defaults; the store adds the id.
 */
import { SENDER_TYPES, type SenderType } from '../../core/types.ts';
import { checkPattern } from './pattern.ts';
import { checkReplyTemplate } from './render.ts';

/**
 * Every criterion set must hold (keywords: any one of them). At least one of keywords, phrase
 * or pattern is set.
 * @example { keywords: ['price', 'cost'], case_sensitive: false, direction: 'in' }
 */
export interface RuleTrigger {
  /** whole words (or word sequences); any one matches */
  keywords?: string[];
  /** a substring */
  phrase?: string;
  /** an RE2 regular expression, searched anywhere in the body */
  pattern?: string;
  case_sensitive: boolean;
  /** absent: every sender but bots, so a rule never answers a bot's reply */
  sender_types?: SenderType[];
  direction?: 'in' | 'out';
}

/** @example { trigger: { keywords: ['hello'], case_sensitive: false }, reply: 'Hi {{sender.name}}!', enabled: true, cooldown_seconds: 60, continue: false } */
export interface Rule {
  trigger: RuleTrigger;
  /** `{{sender.name}}`, `{{conversation.title}}` */
  reply: string;
  enabled: boolean;
  /** after firing, the rule stays quiet this long (0: never) */
  cooldown_seconds: number;
  /** when it fires, later rules may fire too; otherwise the first matching rule wins */
  continue: boolean;
}

export type RuleValidation = { ok: true; rule: Rule } | { ok: false; field: string; message: string };

export const RULE_LIMITS = { keywords: 50, keywordLength: 100, phraseLength: 500, replyLength: 4000, cooldownSeconds: 30 * 86_400 };

const RULE_FIELDS = ['trigger', 'reply', 'enabled', 'cooldown_seconds', 'continue'];
const TRIGGER_FIELDS = ['keywords', 'phrase', 'pattern', 'case_sensitive', 'sender_types', 'direction'];

class Invalid extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

/** Checks a rule as posted and fills in defaults; a failure names the field (`trigger.pattern`). */
export function validateRule(input: unknown): RuleValidation {
  try {
    return { ok: true, rule: readRule(input) };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, field: error.field, message: error.message };
    throw error;
  }
}

function readRule(input: unknown): Rule {
  const raw = readObject(input, 'rule', RULE_FIELDS);
  const reply = readText(raw.reply, 'reply', RULE_LIMITS.replyLength);
  const problem = checkReplyTemplate(reply);
  if (problem !== null) throw new Invalid('reply', problem);
  const cooldown = raw.cooldown_seconds ?? 0;
  if (typeof cooldown !== 'number' || !Number.isInteger(cooldown) || cooldown < 0 || cooldown > RULE_LIMITS.cooldownSeconds) {
    throw new Invalid('cooldown_seconds', `must be a whole number of seconds from 0 to ${RULE_LIMITS.cooldownSeconds}`);
  }
  return {
    trigger: readTrigger(raw.trigger),
    reply,
    enabled: readFlag(raw.enabled, 'enabled', true),
    cooldown_seconds: cooldown,
    continue: readFlag(raw.continue, 'continue', false),
  };
}

function readTrigger(input: unknown): RuleTrigger {
  const raw = readObject(input, 'trigger', TRIGGER_FIELDS);
  const trigger: RuleTrigger = { case_sensitive: readFlag(raw.case_sensitive, 'trigger.case_sensitive', false) };
  if (raw.keywords !== undefined) trigger.keywords = readKeywords(raw.keywords);
  if (raw.phrase !== undefined) trigger.phrase = readText(raw.phrase, 'trigger.phrase', RULE_LIMITS.phraseLength);
  if (raw.pattern !== undefined) {
    const pattern = readText(raw.pattern, 'trigger.pattern', Infinity);
    const problem = checkPattern(pattern);
    if (problem !== null) throw new Invalid('trigger.pattern', problem);
    trigger.pattern = pattern;
  }
  if (trigger.keywords === undefined && trigger.phrase === undefined && trigger.pattern === undefined) {
    throw new Invalid('trigger', 'needs at least one of keywords, phrase or pattern');
  }
  if (raw.sender_types !== undefined) trigger.sender_types = readSenderTypes(raw.sender_types);
  if (raw.direction !== undefined) {
    if (raw.direction !== 'in' && raw.direction !== 'out') throw new Invalid('trigger.direction', 'must be "in" or "out"');
    trigger.direction = raw.direction;
  }
  return trigger;
}

function readKeywords(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) throw new Invalid('trigger.keywords', 'must be a non-empty list of words');
  if (value.length > RULE_LIMITS.keywords) throw new Invalid('trigger.keywords', `must hold at most ${RULE_LIMITS.keywords} keywords`);
  return value.map((keyword, index) => readText(keyword, `trigger.keywords[${index}]`, RULE_LIMITS.keywordLength).trim());
}

function readSenderTypes(value: unknown): SenderType[] {
  if (!Array.isArray(value) || value.length === 0) throw new Invalid('trigger.sender_types', 'must be a non-empty list');
  return value.map((type, index) => {
    if (!(SENDER_TYPES as readonly unknown[]).includes(type)) {
      throw new Invalid(`trigger.sender_types[${index}]`, `must be one of ${SENDER_TYPES.join(', ')}`);
    }
    return type as SenderType;
  });
}

function readObject(value: unknown, field: string, allowed: string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Invalid(field, 'must be an object');
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw new Invalid(field === 'rule' ? key : `${field}.${key}`, `unknown field (allowed: ${allowed.join(', ')})`);
  }
  return value as Record<string, unknown>;
}

function readText(value: unknown, field: string, maxLength: number): string {
  if (typeof value !== 'string') throw new Invalid(field, 'must be a string');
  if (value.trim() === '') throw new Invalid(field, 'must not be empty');
  if (value.length > maxLength) throw new Invalid(field, `must be at most ${maxLength} characters`);
  return value;
}

function readFlag(value: unknown, field: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new Invalid(field, 'must be true or false');
  return value;
}
