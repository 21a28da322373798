/**
 * SSRF guard for outgoing requests: which IP addresses a webhook may reach. Checked on the address
 * actually connected (see http-client.ts), so a hostname cannot smuggle a private address in.
 */
import { BlockList, isIP } from 'node:net';

/** One CIDR block, e.g. `{ address: '10.0.0.0', prefix: 8, family: 'ipv4' }`. */
export interface Cidr {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

// Loopback, private, link-local (incl. cloud metadata 169.254.169.254), CGNAT, "this network",
// IETF/benchmark ranges, multicast, reserved and broadcast.
const FORBIDDEN_V4 = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12',
  '192.0.0.0/24', '192.168.0.0/16', '198.18.0.0/15', '224.0.0.0/4', '240.0.0.0/4',
];
// Unspecified, loopback, deprecated IPv4-compatible (::a.b.c.d), unique-local, link-local,
// deprecated site-local, multicast. IPv4-mapped and NAT64 addresses are judged by their IPv4 part.
const FORBIDDEN_V6 = ['::/128', '::1/128', '::/96', 'fc00::/7', 'fe80::/10', 'fec0::/10', 'ff00::/8'];

const forbidden = toBlockList(parseCidrList([...FORBIDDEN_V4, ...FORBIDDEN_V6].join(',')));
const allowedCache = new WeakMap<Cidr[], BlockList>();

/** `"127.0.0.1/32, fd00::/8"` → Cidr[]; a bare address means a single host. Empty text → []. Throws on bad input. */
export function parseCidrList(text: string): Cidr[] {
  return text.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '').map(parseCidr);
}

function parseCidr(entry: string): Cidr {
  const [address, prefixText, extra] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) throw new Error(`invalid CIDR "${entry}": expected an address/prefix like 10.0.0.0/8`);
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!/^\d+$/.test(prefixText ?? String(max)) || prefix > max) {
    throw new Error(`invalid CIDR "${entry}": the prefix must be 0..${max}`);
  }
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/**
 * True when an outgoing request must not connect to `ip`, i.e. the address is loopback, private,
 * link-local, CGNAT, multicast, ... and not inside one of the `allowed` blocks (OUTGOING_ALLOWED_NETS).
 * Anything that is not an IP address is forbidden (fail closed).
 */
export function isForbiddenAddress(ip: string, allowed: Cidr[]): boolean {
  const address = ip.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, ''); // [::1], fe80::1%eth0
  const version = isIP(address);
  if (version === 0) return true;
  const embedded = version === 4 ? { v4: address, mapped: true } : embeddedIPv4(address);
  const allowList = allowedBlockList(allowed);
  if (allowList.check(address, version === 4 ? 'ipv4' : 'ipv6')) return false;
  // ::ffff:127.0.0.1 is 127.0.0.1 itself; a NAT64 address is a different host (the gateway's view), so
  // an allowed IPv4 block does not extend to it.
  if (embedded?.mapped && allowList.check(embedded.v4, 'ipv4')) return false;
  if (embedded) return forbidden.check(embedded.v4, 'ipv4');
  return forbidden.check(address, 'ipv6');
}

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) address. */
function embeddedIPv4(ipv6: string): { v4: string; mapped: boolean } | null {
  const groups = expandIPv6(ipv6);
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  const nat64 = groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0);
  if (!mapped && !nat64) return null;
  return { v4: [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.'), mapped };
}

/** Eight 16-bit groups; the URL parser first turns any dotted tail into hex groups. */
function expandIPv6(ipv6: string): number[] {
  const canonical = new URL(`http://[${ipv6}]/`).hostname.slice(1, -1);
  const [head, tail] = canonical.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => parseInt(group, 16));
}

function allowedBlockList(allowed: Cidr[]): BlockList {
  let list = allowedCache.get(allowed);
  if (!list) {
    list = toBlockList(allowed);
    allowedCache.set(allowed, list);
  }
  return list;
}

function toBlockList(cidrs: Cidr[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) list.addSubnet(cidr.address, cidr.prefix, cidr.family);
  return list;
}
