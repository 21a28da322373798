/**
 * Files and links of a message. Images (by content type) show inline; other files are downloads;
 * links open only when they are http(s), otherwise their address is shown as text.
 */
import { formatBytes } from './format.ts';
import { safeHttpUrl } from './safe-url.ts';
import type { Attachment } from './types.ts';

function FileAttachment(props: { file: Attachment }) {
  const { file } = props;
  const url = safeHttpUrl(file.url);
  if (!url) return <span class="attachment">{file.name}</span>;
  if ((file.content_type ?? '').toLowerCase().startsWith('image/')) {
    return (
      <a class="attachment attachment--image" href={url} target="_blank" rel="noopener noreferrer">
        <img src={url} alt={file.name} loading="lazy" />
        <span class="attachment__name">{file.name}</span>
      </a>
    );
  }
  return (
    <a class="attachment attachment--file" href={url} download={file.name}>
      <span class="attachment__name">{file.name}</span>
      <span class="muted">{[file.content_type, formatBytes(file.size)].filter(Boolean).join(' · ')}</span>
    </a>
  );
}

function LinkAttachment(props: { link: Attachment }) {
  const url = safeHttpUrl(props.link.url);
  if (!url) {
    return <span class="attachment attachment--blocked" title="not an http(s) link, so it is not clickable">{props.link.name} <code>{props.link.url}</code></span>;
  }
  return <a class="attachment attachment--link" href={url} target="_blank" rel="noopener noreferrer">{props.link.name || url}</a>;
}

export function AttachmentList(props: { attachments: Attachment[] }) {
  return (
    <ul class="attachments" aria-label="Attachments">
      {props.attachments.map((a) => <li key={a.id}>{a.kind === 'file' ? <FileAttachment file={a} /> : <LinkAttachment link={a} />}</li>)}
    </ul>
  );
}
