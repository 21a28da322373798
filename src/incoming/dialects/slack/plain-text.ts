/**
 * A readable plain-text body for Slack-shaped posts whose `text` is empty (Grafana and
 * Alertmanager often send only attachments). The structures themselves are kept in `rich`.
 */
import { type Fields, httpUrlOrNull } from '../fields.ts';
import { joinPresent, labelled } from '../plain-text.ts';

function describeAttachment(attachment: Fields): string {
  const fields = attachment.objects('fields').map((field) =>
    // Field values are often numbers (`{"title": "CPU", "value": 93.5}`); shown as sent.
    labelled(field.looseString('title'), field.looseString('value')),
  );
  const text = joinPresent(
    [attachment.looseString('pretext'), attachment.looseString('title'), attachment.looseString('text'), ...fields],
    '\n',
  );
  // `fallback` is Slack's own plain-text summary; an image-only attachment shows its URL.
  return text || attachment.looseString('fallback') || httpUrlOrNull(attachment.string('image_url')) || '';
}

function textOf(textObject: Fields | null): string | null {
  return textObject?.string('text') ?? null;
}

/** One run of rich text; user, channel and date mentions carry no text of their own. */
function describeRun(run: Fields): string {
  switch (run.string('type')) {
    case 'emoji':
      return `:${run.string('name') ?? ''}:`;
    case 'link':
      return run.string('text') ?? run.string('url') ?? '';
    default:
      return run.string('text') ?? '';
  }
}

function describeSection(section: Fields): string {
  return section.objects('elements').map(describeRun).join('');
}

/**
 * Rich text (Slack's composer, Workflow Builder): sections of runs; a list holds one section per
 * item. Slack marks nesting with `indent`, not by nesting lists, so nothing here recurses.
 */
function describeRichText(container: Fields): string[] {
  if (container.string('type') === 'rich_text_list') {
    return container.objects('elements').map((item) => `• ${describeSection(item)}`);
  }
  return [describeSection(container)];
}

/** Section, header, context and rich-text blocks carry text; images, dividers and actions do not. */
function describeBlock(block: Fields): string {
  switch (block.string('type')) {
    case 'header':
    case 'section':
      return joinPresent([textOf(block.object('text')), ...block.objects('fields').map(textOf)], '\n');
    case 'context':
      return joinPresent(
        block.objects('elements').map((element) => (element.string('type') === 'image' ? null : textOf(element))),
        ' ',
      );
    case 'rich_text':
      return joinPresent(block.objects('elements').flatMap(describeRichText), '\n');
    default:
      return '';
  }
}

/** Blocks first, then attachments, as Slack displays them; `''` when nothing carries text. */
export function describeSlackContent(blocks: Fields[], attachments: Fields[]): string {
  return joinPresent([...blocks.map(describeBlock), ...attachments.map(describeAttachment)], '\n\n');
}
