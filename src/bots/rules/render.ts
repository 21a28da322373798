/**
 * Auto-responder reply templates: `Hi {{sender.name}}, thanks for writing to {{ conversation.title }}`.
 * Only the placeholders listed here exist; `checkReplyTemplate` refuses others when the rule is
 * saved, so rendering never meets an unknown one.
 */

/** The placeholders a reply may use. */
export const REPLY_PLACEHOLDERS = ['sender.name', 'conversation.title'] as const;
export type ReplyPlaceholder = (typeof REPLY_PLACEHOLDERS)[number];

/** What a reply is rendered with. */
export interface ReplyTemplateVars {
  sender: { name: string };
  conversation: { title: string };
}

type Part = { literal: string } | { placeholder: ReplyPlaceholder };

/** Splits a template; throws an Error whose message says what is wrong. */
function parseReply(template: string): Part[] {
  const parts: Part[] = [];
  let position = 0;
  for (;;) {
    const open = template.indexOf('{{', position);
    if (open === -1) break;
    const close = template.indexOf('}}', open + 2);
    if (close === -1) throw new Error(`"{{" at offset ${open} is never closed with "}}"`);
    const name = template.slice(open + 2, close).trim();
    if (!(REPLY_PLACEHOLDERS as readonly string[]).includes(name)) {
      throw new Error(`unknown placeholder {{${name}}} (known: ${REPLY_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')})`);
    }
    if (open > position) parts.push({ literal: template.slice(position, open) });
    parts.push({ placeholder: name as ReplyPlaceholder });
    position = close + 2;
  }
  if (position < template.length) parts.push({ literal: template.slice(position) });
  return parts;
}

/** Why a reply template is refused, or null when it is fine. */
export function checkReplyTemplate(template: string): string | null {
  try {
    parseReply(template);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Renders a reply; throws on templates `checkReplyTemplate` refuses. */
export function renderReply(template: string, vars: ReplyTemplateVars): string {
  return parseReply(template)
    .map((part) => ('literal' in part ? part.literal : valueOf(part.placeholder, vars)))
    .join('');
}

function valueOf(placeholder: ReplyPlaceholder, vars: ReplyTemplateVars): string {
  switch (placeholder) {
    case 'sender.name':
      return vars.sender.name;
    case 'conversation.title':
      return vars.conversation.title;
  }
}
