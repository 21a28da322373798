/** Rich hook content (see rich-cards.ts) as readable text cards. */
import { LinkedText } from './linked-text.tsx';
import type { RichCard } from './rich-cards.ts';

function Card(props: { card: RichCard }) {
  const { card } = props;
  return (
    <div class={`card${card.tone ? ` card--${card.tone}` : ''}`}>
      {card.title && <p class="card__title">{card.url ? <a href={card.url} target="_blank" rel="noopener noreferrer">{card.title}</a> : card.title}</p>}
      {card.lines.map((line, i) => <p key={i} class="card__text"><LinkedText text={line} /></p>)}
      {card.fields.length > 0 && (
        <dl class="card__fields">
          {card.fields.map((f, i) => (
            <div key={i}>
              <dt>{f.name}</dt>
              <dd><LinkedText text={f.value} /></dd>
            </div>
          ))}
        </dl>
      )}
      {card.links.map((l, i) => <a key={i} class="card__link" href={l.url} target="_blank" rel="noopener noreferrer">{l.label}</a>)}
      {card.footer && <p class="card__footer">{card.footer}</p>}
    </div>
  );
}

export function RichContent(props: { cards: RichCard[] }) {
  return <div class="rich">{props.cards.map((c, i) => <Card key={i} card={c} />)}</div>;
}
