/**
 * The composer's "Attach files" control: a real file input (focusable, Enter/Space opens the picker)
 * behind a button-styled label, and the chosen files, each with its own remove button.
 */
import { formatBytes } from './format.ts';

export function AttachFiles(props: { disabled: boolean; onAdd: (files: File[]) => void }) {
  return (
    <span class="composer__attach">
      <input
        id="composer-files"
        type="file"
        multiple
        class="visually-hidden"
        disabled={props.disabled}
        onChange={(e) => {
          props.onAdd(Array.from(e.currentTarget.files ?? []));
          // Cleared so choosing the same file again (after removing it) fires change again.
          e.currentTarget.value = '';
        }}
      />
      <label for="composer-files" class="button">Attach files</label>
    </span>
  );
}

export function ChosenFiles(props: { files: File[]; onRemove: (index: number) => void }) {
  if (!props.files.length) return null;
  return (
    <ul class="composer__files" aria-label="Files to send">
      {props.files.map((file, i) => (
        <li key={`${i}:${file.name}`} class="composer__file">
          <span class="attachment__name">{file.name}</span>
          <span class="muted">{formatBytes(file.size)}</span>
          <button type="button" class="button button--quiet" aria-label={`Remove ${file.name}`} onClick={() => props.onRemove(i)}>Remove</button>
        </li>
      ))}
    </ul>
  );
}
