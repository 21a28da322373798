/**
 * Auto-responder reply templates: `Hi {{sender.name}}, thanks for writing to {{ conversation.title }}`.
 * Only the placeholders listed here exist; `checkReplyTemplate` refuses others when the rule is
 * saved, so rendering never meets an unknown one. The mapping's template engine does the work.
 */
import { checkTemplate, renderTemplate } from '../../mapping/templates.ts';

/** The placeholders a reply may use. */
export const REPLY_PLACEHOLDERS = ['sender.name', 'conversation.title'] as const;
export type ReplyPlaceholder = (typeof REPLY_PLACEHOLDERS)[number];

/** What a reply is rendered with. */
export interface ReplyTemplateVars {
  sender: { name: string };
  conversation: { title: string };
}

/** Why a reply template is refused, or null when it is fine. */
export function checkReplyTemplate(template: string): string | null {
  return checkTemplate(template, { placeholders: REPLY_PLACEHOLDERS });
}

/** Renders a reply; throws on templates `checkReplyTemplate` refuses. */
export function renderReply(template: string, vars: ReplyTemplateVars): string {
  return renderTemplate(template, vars, { placeholders: REPLY_PLACEHOLDERS });
}
