/** Cases (threads opened by hooks with an `id`): pick one to read just its messages. */
import type { Case } from './types.ts';

export function CaseBar(props: { cases: Case[]; selected: string | null; onSelect: (id: string | null) => void }) {
  if (!props.cases.length) return null;
  return (
    <nav class="case-bar" aria-label="Cases">
      <button type="button" class="chip" aria-pressed={props.selected === null} onClick={() => props.onSelect(null)}>All messages</button>
      {props.cases.map((c) => (
        <button type="button" key={c.id} class={`chip chip--${c.status}`} aria-pressed={props.selected === c.id} onClick={() => props.onSelect(c.id)}>
          {c.title} <span class="chip__status">{c.status}</span> <span class="chip__count" aria-label={`${c.message_count} messages`}>{c.message_count}</span>
        </button>
      ))}
    </nav>
  );
}
