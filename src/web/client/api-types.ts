/**
 * API shapes of the integrations the UI manages: outgoing webhooks, auto-responder rules, bridges.
 * They are the server's own view types (type-only imports, erased from the bundle), so the UI
 * cannot drift from what the routes answer.
 */
import type { AttemptView, DeliveryView } from '../../outgoing/delivery-log.ts';

export type { WebhookFilters } from '../../outgoing/filters.ts';
export type { Webhook } from '../../outgoing/webhook-view.ts';
export type { RuleView as Rule } from '../../bots/rules/rules-store.ts';
export type { RuleTrigger } from '../../bots/rules/rule.ts';
export type { Bridge } from '../../core/bridges/bridge-view.ts';
export type { IgnoredPayload } from '../../core/bridges/ignored-log.ts';

export type Attempt = AttemptView;
export type Delivery = DeliveryView;
export type DeliveryStatus = DeliveryView['status'];
