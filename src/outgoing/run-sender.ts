/**
 * Sends one run: its deliveries one after another, stopping at the first that does not go through
 * and giving back the rest (a later one must not overtake it). While an ordered run sends its last
 * delivery, the next due ones of its line are claimed (continueRun), so a busy webhook's deliveries
 * keep flowing without going back through the claim loop.
 */
import type { FastifyBaseLogger } from 'fastify';
import { admitBotReply } from '../core/bots/bot-rate.ts';
import type { CoreContext } from '../core/context.ts';
import { attemptDelivery } from './attempt.ts';
import { continueRun, type DeliveryRow, type Run } from './claim.ts';
import { loadDeliveryContexts, type LoadedBatch } from './delivery-context.ts';
import { formatByName } from './formats/registry.ts';
import type { OutgoingFormat } from './formats/types.ts';
import type { HttpClient } from './http-client.ts';
import type { Leases } from './leases.ts';
import type { OutcomeRecorder } from './outcome-recorder.ts';
import { writeOutgoing } from './outgoing-write.ts';
import type { DeliverySettings } from './settings.ts';
import { signingSecrets } from './webhook-view.ts';

/** Most deliveries claimed at once for one ordered run (and each continuation of it). */
export const RUN_MAX = 64;
const EMPTY_BATCH: LoadedBatch = { webhooks: new Map(), contexts: new Map() };

interface Continued {
  rows: DeliveryRow[];
  batch: LoadedBatch;
}

export interface RunSenderDeps {
  ctx: CoreContext;
  settings: DeliverySettings;
  owner: string;
  client: HttpClient;
  leases: Leases;
  recorder: OutcomeRecorder;
  log: FastifyBaseLogger;
  /** true once the worker is stopping: attempts in flight finish, nothing new starts */
  stopping: () => boolean;
}

export async function sendRun(deps: RunSenderDeps, run: Run, loaded: LoadedBatch, ordered: boolean): Promise<void> {
  let { deliveries } = run;
  let batch = loaded;
  for (;;) {
    let more: Promise<Continued> | null = null;
    for (let i = 0; i < deliveries.length; i++) {
      const delivery = deliveries[i];
      if (deps.stopping() || !deps.leases.covers(delivery.id)) return giveBack(deps, deliveries.slice(i), more);
      // From here a stop lets this attempt finish and be recorded; the rest of the run goes back.
      deps.leases.begin(delivery.id);
      if (ordered && i === deliveries.length - 1) more = continueLine(deps, delivery);
      const delivered = await attempt(deps, delivery, run.manual, batch).catch(async (err) => {
        deps.log.error({ err, delivery_id: delivery.id }, 'delivery attempt failed unexpectedly');
        await deps.leases.release([delivery]);
        return false;
      });
      if (!delivered) return giveBack(deps, deliveries.slice(i + 1), more);
    }
    const next = more ? await more : null;
    if (!next?.rows.length) return;
    ({ rows: deliveries, batch } = next);
  }
}

/** Claims the due deliveries behind `last` in its line, with what the formats need. */
async function continueLine(deps: RunSenderDeps, last: DeliveryRow): Promise<Continued> {
  const { ctx, settings } = deps;
  const now = Date.now();
  try {
    const options = { engine: ctx.store.engine, owner: deps.owner, now, leaseMs: settings.leaseMs, runMax: RUN_MAX };
    const rows = await writeOutgoing(ctx.store, (db) => continueRun(db, last, options), { atomic: false });
    deps.leases.hold(rows, now);
    return { rows, batch: rows.length ? await loadDeliveryContexts(ctx.store.db, ctx.config, rows, ctx.hookTokens) : EMPTY_BATCH };
  } catch (err) {
    deps.log.error({ err }, 'continuing a run failed; its leases will run out');
    return { rows: [], batch: EMPTY_BATCH };
  }
}

async function giveBack(deps: RunSenderDeps, rest: DeliveryRow[], more: Promise<Continued> | null): Promise<void> {
  const continued = more ? (await more).rows : [];
  await deps.leases.release([...rest, ...continued]);
}

/** One attempt; its outcome is queued for the recorder. True if it was delivered. */
async function attempt(deps: RunSenderDeps, delivery: DeliveryRow, manual: boolean, batch: LoadedBatch): Promise<boolean> {
  const webhook = batch.webhooks.get(delivery.webhook_id);
  const context = batch.contexts.get(delivery.id);
  if (!webhook || !context) {
    // Its webhook or conversation was deleted meanwhile (the row goes with it).
    await deps.leases.release([delivery]);
    return false;
  }
  const result = await attemptDelivery({ client: deps.client, url: webhook.url, format: formatOf(webhook.format), context, secrets: signingSecrets(webhook, Date.now()) });
  // A reply in the response is a bot reply: the per-conversation loop limit applies.
  const postReply = result.reply !== null && (await admitBotReply(deps.ctx, webhook.conversation_id).then(() => true, () => false));
  void deps.recorder.record({ delivery, webhook, attempt: result, manual, postReply }).finally(() => deps.leases.drop(delivery.id));
  return result.result.kind === 'delivered';
}

/** An unknown format (a row written by a newer version?) fails closed: the attempt is refused and logged. */
function formatOf(name: string): OutgoingFormat {
  try {
    return formatByName(name);
  } catch (err) {
    return { name, buildRequest: () => { throw err; }, readReply: () => null };
  }
}
