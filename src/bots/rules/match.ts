/**
 * Which rules fire for a message. Pure and clock-free: cooldowns are the caller's, through
 * `isCoolingDown`. A rule that matches but is cooling down still wins (stops the search), so a
 * catch-all rule further down does not answer in its place:
 *   matchRules(rules, msg).filter((rule) => !isCoolingDown(rule, lastFiredAt(rule), Date.now()))
 */
import type { SenderType } from '../../core/types.ts';
import type { Rule, RuleTrigger } from './rule.ts';
import { searchPattern } from './pattern.ts';

/** The parts of a message rules look at. */
export interface RuleMessage {
  body: string;
  sender_type: SenderType;
  direction: 'in' | 'out' | null;
}

/** The enabled rules that fire, in order: up to and including the first match without `continue`. */
export function matchRules<R extends Rule>(rules: readonly R[], msg: RuleMessage): R[] {
  const fired: R[] = [];
  for (const rule of rules) {
    if (!rule.enabled || !triggerMatches(rule.trigger, msg)) continue;
    fired.push(rule);
    if (!rule.continue) break;
  }
  return fired;
}

/** True while a rule that fired at `lastFiredAtMs` must stay quiet. */
export function isCoolingDown(rule: Pick<Rule, 'cooldown_seconds'>, lastFiredAtMs: number | null, nowMs: number): boolean {
  return lastFiredAtMs !== null && rule.cooldown_seconds > 0 && nowMs - lastFiredAtMs < rule.cooldown_seconds * 1000;
}

/** Every criterion the trigger sets must hold; keywords need any one of them. */
export function triggerMatches(trigger: RuleTrigger, msg: RuleMessage): boolean {
  const senders = trigger.sender_types ?? DEFAULT_SENDERS;
  if (!senders.includes(msg.sender_type)) return false;
  if (trigger.direction !== undefined && msg.direction !== trigger.direction) return false;
  const body = normalise(msg.body, trigger.case_sensitive);
  if (trigger.keywords !== undefined && !trigger.keywords.some((word) => containsWord(body, normalise(word, trigger.case_sensitive)))) {
    return false;
  }
  if (trigger.phrase !== undefined && !body.includes(normalise(trigger.phrase, trigger.case_sensitive))) return false;
  if (trigger.pattern !== undefined && !searchPattern(trigger.pattern, msg.body, trigger.case_sensitive)) return false;
  return true;
}

// Bots are left out unless a rule names them: a reply must not trigger another reply.
const DEFAULT_SENDERS: readonly SenderType[] = ['user', 'hook', 'contact', 'system'];

/** Runs of whitespace count as one space, so "good  morning" matches "good morning". */
function normalise(text: string, caseSensitive: boolean): string {
  const spaced = text.replace(/\s+/gu, ' ');
  return caseSensitive ? spaced : spaced.toLowerCase();
}

const WORD_CHAR = /^[\p{L}\p{N}\p{M}_]$/u;

/**
 * `word` occurs as a whole word: where it begins (ends) with a letter, digit or underscore, the
 * character before (after) it is none of those (`\b` semantics, Unicode-aware).
 */
function containsWord(text: string, word: string): boolean {
  if (word === '') return false;
  const checkBefore = WORD_CHAR.test(charAt(word, 0));
  const checkAfter = WORD_CHAR.test(charBefore(word, word.length));
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
    const startsWord = !checkBefore || !WORD_CHAR.test(charBefore(text, at));
    const endsWord = !checkAfter || !WORD_CHAR.test(charAt(text, at + word.length));
    if (startsWord && endsWord) return true;
  }
  return false;
}

function charAt(text: string, index: number): string {
  const code = text.codePointAt(index);
  return code === undefined ? '' : String.fromCodePoint(code);
}

function charBefore(text: string, index: number): string {
  if (index === 0) return '';
  const low = text.charCodeAt(index - 1);
  // the second half of a surrogate pair: read the whole character
  return low >= 0xdc00 && low <= 0xdfff && index >= 2 ? text.slice(index - 2, index) : text[index - 1];
}
