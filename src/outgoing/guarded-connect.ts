/**
 * The undici connector that enforces the SSRF guard on the address actually connected: literal IP
 * hosts are checked before connecting, hostnames in the DNS lookup itself (so a rebinding answer is
 * judged, not an earlier one), and the connected socket's peer once more as a last line.
 */
import { lookup as dnsLookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { buildConnector } from 'undici';
import { isForbiddenAddress, type Cidr } from './address-guard.ts';

export const OUTGOING_ERROR_CODES = ['forbidden_address', 'timeout', 'network_error', 'invalid_url'] as const;
export type OutgoingErrorCode = (typeof OUTGOING_ERROR_CODES)[number];

/** Why an outgoing request failed; `code` is stable and recorded on the delivery attempt. */
export class OutgoingRequestError extends Error {
  readonly code: OutgoingErrorCode;
  constructor(code: OutgoingErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OutgoingRequestError';
    this.code = code;
  }
}

export function forbiddenAddressError(address: string, hostname?: string): OutgoingRequestError {
  const via = hostname && hostname !== address ? ` (resolved from ${hostname})` : '';
  return new OutgoingRequestError(
    'forbidden_address',
    `refusing to connect to ${address}${via}: loopback, private and link-local addresses are not allowed unless listed in OUTGOING_ALLOWED_NETS`,
  );
}

/**
 * Wraps a dns.lookup-compatible function: if ANY resolved address is forbidden the lookup fails, so
 * no socket is ever opened towards it. Failing the whole name (rather than filtering) is fail-closed:
 * a public name with private records is suspicious.
 */
export function guardLookup(lookup: LookupFunction, allowed: Cidr[]): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, options, (err, address, family) => {
      if (err) return callback(err, address, family);
      const answers = Array.isArray(address) ? address.map((a) => a.address) : [address];
      const refused = answers.find((answer) => isForbiddenAddress(answer, allowed));
      if (refused !== undefined) return callback(forbiddenAddressError(refused, hostname), address, family);
      callback(null, address, family);
    });
  };
}

export interface GuardedConnectorOptions {
  allowedNets: Cidr[];
  connectTimeoutMs: number;
  lookup?: LookupFunction;
}

export function buildGuardedConnector(options: GuardedConnectorOptions): buildConnector.connector {
  const { allowedNets } = options;
  const connect = buildConnector({
    timeout: options.connectTimeoutMs,
    lookup: guardLookup(options.lookup ?? (dnsLookup as LookupFunction), allowedNets),
  });
  return (target, callback) => {
    const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
    // Node skips the lookup for literal IPs, so they are judged here.
    if (isIP(host) !== 0 && isForbiddenAddress(host, allowedNets)) {
      callback(forbiddenAddressError(host), null);
      return;
    }
    connect(target, (...args) => {
      const [err, socket] = args;
      if (err) return callback(err, null);
      const peer = socket.remoteAddress;
      if (peer === undefined || isForbiddenAddress(peer, allowedNets)) {
        socket.destroy();
        return callback(forbiddenAddressError(peer ?? 'an unknown address', target.hostname), null);
      }
      callback(null, socket);
    });
  };
}
