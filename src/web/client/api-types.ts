/** API shapes of the integrations the UI manages: outgoing webhooks, auto-responder rules, bridges. */

export interface WebhookFilters {
  sender_types?: string[];
  direction?: 'in' | 'out';
  trigger_words?: string[];
}

/** An outgoing webhook (src/api/routes/webhook-schemas.ts). */
export interface Webhook {
  id: string;
  url: string;
  format: string;
  events: string[];
  filters: WebhookFilters;
  secret: string;
  previous_secret_expires_at: string | null;
  status: 'active' | 'paused' | 'disabled';
  parallel: boolean;
  name: string;
  reply_url: string | null;
  disabled_reason: string | null;
  failing_since: string | null;
  created_at: string;
}

export interface Attempt {
  started_at: string;
  duration_ms: number;
  status_code: number | null;
  response_excerpt: string | null;
  error: string | null;
  manual: boolean;
}

export type DeliveryStatus = 'pending' | 'sending' | 'delivered' | 'failed' | 'dead';

export interface Delivery {
  id: string;
  event: string;
  seq: number;
  test: boolean;
  status: DeliveryStatus;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  retry_requested: boolean;
  created_at: string;
  attempt_log: Attempt[];
}

export interface RuleTrigger {
  keywords?: string[];
  phrase?: string;
  pattern?: string;
  case_sensitive: boolean;
}

/** An auto-responder rule (src/bots/rules/rule.ts). */
export interface Rule {
  id: string;
  name: string;
  position: number;
  trigger: RuleTrigger;
  reply: string;
  enabled: boolean;
  cooldown_seconds: number;
  continue: boolean;
}

/** A bridge (src/core/bridges/bridge-view.ts); the mapping is shown, not edited, here. */
export interface Bridge {
  id: string;
  name: string;
  scope: string;
  url: string;
  attributes: Record<string, string>;
  reply: { method?: string; url?: string } | null;
  created_at: string;
}

export interface IgnoredPayload {
  id: string;
  reason: string;
  payload: string;
  truncated: boolean;
  created_at: string;
}
