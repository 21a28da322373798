/**
 * Typed domain errors with stable snake_case codes; one Fastify handler renders them as
 * `{"error": {"code", "message"}}`. Every code the API can answer is declared here.
 */
export const ERROR_CODES = {
  malformed_json: 400,
  malformed_request: 400,
  malformed_url: 400,
  invalid_text: 400,
  invalid_field: 422,
  unauthorized: 401,
  invalid_signature: 401,
  forbidden: 403,
  not_found: 404,
  conversation_not_found: 404,
  user_not_found: 404,
  api_key_not_found: 404,
  hook_not_found: 404,
  webhook_not_found: 404,
  delivery_not_found: 404,
  rule_not_found: 404,
  bridge_not_found: 404,
  action_not_found: 404,
  file_not_found: 404,
  conflict: 409,
  email_taken: 409,
  webhook_not_active: 409,
  payload_too_large: 413,
  request_timeout: 408,
  uri_too_long: 414,
  unsupported_content_type: 415,
  expectation_failed: 417,
  empty_message: 422,
  invalid_payload: 422,
  unknown_reference: 422,
  unknown_dialect: 422,
  unrecognized_payload: 422,
  rate_limited: 429,
  headers_too_large: 431,
  internal_error: 500,
  unavailable: 503,
  shutting_down: 503,
  too_many_connections: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class SwitchboardError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  /** seconds, for 429 answers */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message: string, options: { retryAfterSeconds?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'SwitchboardError';
    this.code = code;
    this.statusCode = ERROR_CODES[code];
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export const notFound = (what: string): SwitchboardError => new SwitchboardError('not_found', `${what} not found`);

export function invalidField(field: string, message: string): SwitchboardError {
  return new SwitchboardError('invalid_field', `${field}: ${message}`);
}
