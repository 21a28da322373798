/**
 * Conversation Settings > Integrations: incoming hooks, outgoing webhooks and auto-responder rules,
 * each its own block.
 */
import { AutoResponderRules } from './auto-responder-rules.tsx';
import { IncomingHooks } from './incoming-hooks.tsx';
import { OutgoingWebhooks } from './outgoing-webhooks.tsx';

export function IntegrationsSection(props: { conversationId: string }) {
  return (
    <section class="panel integrations" aria-labelledby="integrations-heading">
      <h2 id="integrations-heading">Integrations</h2>
      <IncomingHooks conversationId={props.conversationId} />
      <OutgoingWebhooks conversationId={props.conversationId} />
      <AutoResponderRules conversationId={props.conversationId} />
    </section>
  );
}
