/**
 * Sends the fuzzer's requests: well-formed ones through an undici pool (keep-alive, concurrency),
 * malformed ones as raw bytes on their own socket, one malformation each. Returns what came back.
 */
import { Pool, errors } from 'undici';
import type { Random } from './fuzz-random.ts';
import type { FuzzRequest } from './fuzz-requests.ts';
import { parseResponses, rawConnect } from './raw-http.ts';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** undici's answer; null when undici refuses the request itself (send it raw instead). */
export async function sendWell(pool: Pool, req: FuzzRequest): Promise<Answer | 'closed' | null> {
  try {
    const res = await pool.request({ method: req.method, path: req.path, headers: req.headers, body: req.body, headersTimeout: 15_000, bodyTimeout: 15_000 });
    // An event stream never ends by itself: its 200 and headers are the answer.
    if (String(res.headers['content-type']).startsWith('text/event-stream')) {
      res.body.destroy();
      return { status: res.statusCode, headers: res.headers, body: '' };
    }
    return { status: res.statusCode, headers: res.headers, body: await res.body.text() };
  } catch (error) {
    if (error instanceof errors.InvalidArgumentError || (error as Error).name === 'InvalidArgumentError') return null;
    if (error instanceof TypeError && /header|method|path|invalid/i.test(error.message)) return null;
    // The server may close a connection before taking all of a body it refused (413, 408).
    if (error instanceof errors.SocketError || (error as { code?: string }).code === 'ECONNRESET' || (error as { code?: string }).code === 'EPIPE') return 'closed';
    throw error;
  }
}

const CRLF = '\r\n';

/** The request as bytes, with one malformation drawn from `r` (or none). */
export function rawRequest(r: Random, req: FuzzRequest, malform: boolean): { bytes: Buffer; halfClose: boolean; kind: string } {
  let method = req.method === 'HEAD' ? 'GET' : req.method;
  let target = req.path;
  let version = 'HTTP/1.1';
  const body = req.body ?? Buffer.alloc(0);
  const lines: string[] = ['Host: 127.0.0.1'];
  for (const [name, value] of Object.entries(req.headers)) for (const v of [value].flat()) lines.push(`${name}: ${v}`);
  lines.push(`Content-Length: ${body.length}`, 'Connection: close');
  let payload: Buffer = body;
  let halfClose = false;
  let kind = 'well-formed';
  if (malform) {
    kind = r.pick(MALFORMATIONS);
    switch (kind) {
      case 'bogus content-length': lines.splice(lines.length - 2, 1, `Content-Length: ${r.pick(['-1', 'abc', '1e3', '99999999999999999999', ' 5 ', '5, 6', '0x10', ''])}`); break;
      case 'content-length over the body': lines.splice(lines.length - 2, 1, `Content-Length: ${body.length + 1 + r.int(1000)}`); halfClose = true; break;
      case 'content-length under the body': lines.splice(lines.length - 2, 1, `Content-Length: ${r.int(Math.max(1, body.length))}`); break;
      case 'two content-lengths': lines.push(`Content-Length: ${body.length + 1}`); break;
      case 'content-length and chunked': lines.push('Transfer-Encoding: chunked'); break;
      case 'broken chunks': lines.splice(lines.length - 2, 1, 'Transfer-Encoding: chunked'); payload = Buffer.from(r.pick(['zz\r\nab\r\n0\r\n\r\n', '5\r\nab\r\n0\r\n\r\n', '3\r\nabc', 'ffffffffffffffff\r\n', '0\r\nX-Trailer: \0\r\n\r\n'])); halfClose = true; break;
      case 'transfer-encoding gzip, chunked': lines.splice(lines.length - 2, 1, 'Transfer-Encoding: gzip, chunked'); payload = Buffer.from('0\r\n\r\n'); break;
      case 'huge header': lines.push(`X-Huge: ${'h'.repeat(17_000 + r.int(50_000))}`); break;
      case 'many headers': for (let i = 0; i < 2500; i++) lines.push(`X-Many-${i}: v`); break;
      case 'control bytes in a header value': lines.push(`X-Bad: a${r.pick(['\0', '\r', '\x7f', '\x01', '\n '])}b`); break;
      case 'non-ASCII header value': lines.push('X-Utf8: \xff\xfe caf\xe9'); break;
      case 'invalid header name': lines.push(r.pick(['Bad Header: x', '(x): y', ': empty', 'X-Tab\t: y', 'Ünï: x'])); break;
      case 'folded header': lines.push('X-Folded: a', ' continued'); break;
      case 'raw bytes in the path': target = `/${r.pick(['a b', 'a\0b', '\xff\xfe', 'caf\xe9', 'a#b', 'a\\b', '%', '\x7f'])}${target}`; break;
      case 'absolute-form target': target = `http://127.0.0.1${target}`; break;
      case 'asterisk target': target = '*'; method = 'OPTIONS'; break;
      case 'very long path': target = `${target.split('?')[0]}/${'p'.repeat(20_000 + r.int(20_000))}`; break;
      case 'odd version': version = r.pick(['HTTP/1.0', 'HTTP/2.0', 'HTTP/1.2', 'HTTP/0.9', 'HTTP/1', 'HTCPCP/1.0', '']); break;
      case 'odd method': method = r.pick(['get', 'BREW', 'PROPFIND', 'M-SEARCH', 'PURGE', 'TRACE', 'QUERY', 'G\0T', 'CONNECT']); break;
      case 'no Host': lines.splice(0, 1); break;
      case 'two Hosts': lines.push('Host: evil.example'); break;
      case 'Expect header': lines.push(`Expect: ${r.pick(['100-continue', 'teapot', '', '100-continue, x'])}`); break;
      case 'garbage after the request': payload = Buffer.concat([payload, Buffer.from(r.pick(['\r\nGARBAGE\r\n\r\n', 'GET / HTTP/1.1\r\n\r\n', '\0\0\0']))]); break;
      case 'truncated head': return { bytes: Buffer.from(`${method} ${target} ${version}${CRLF}${lines.slice(0, 1 + r.int(lines.length)).join(CRLF)}`, 'latin1'), halfClose: true, kind };
      case 'not HTTP': return { bytes: Buffer.from(r.pick(['\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'SSH-2.0-OpenSSH_9.0\r\n', '\r\n\r\n\r\n', 'hello\n']), 'latin1'), halfClose: true, kind };
    }
  }
  const head = `${method} ${target} ${version}`.trimEnd() + CRLF + lines.join(CRLF) + CRLF + CRLF;
  return { bytes: Buffer.concat([Buffer.from(head, 'latin1'), payload]), halfClose, kind };
}

const MALFORMATIONS = [
  'bogus content-length', 'content-length over the body', 'content-length under the body', 'two content-lengths', 'content-length and chunked',
  'broken chunks', 'transfer-encoding gzip, chunked', 'huge header', 'many headers', 'control bytes in a header value', 'non-ASCII header value',
  'invalid header name', 'folded header', 'raw bytes in the path', 'absolute-form target', 'asterisk target', 'very long path', 'odd version',
  'odd method', 'no Host', 'two Hosts', 'Expect header', 'garbage after the request', 'truncated head', 'not HTTP',
];

/** Sends raw bytes on a fresh socket; every response that came back before the server closed it. */
export async function sendRaw(url: string, raw: { bytes: Buffer; halfClose: boolean }): Promise<Answer[]> {
  const c = await rawConnect(url, 20_000);
  // An event stream never ends by itself: its head is the answer.
  c.socket.on('data', () => {
    if (c.received().includes('text/event-stream')) c.destroy();
  });
  c.socket.write(raw.bytes);
  if (raw.halfClose) c.socket.end();
  return parseResponses(await c.closed);
}
