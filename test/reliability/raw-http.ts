/**
 * A raw TCP client for requests no well-behaved HTTP client would send: slow, truncated, oversized
 * or malformed. Every wait is bounded; `closed` resolves with everything the server sent.
 */
import net from 'node:net';
import { once } from 'node:events';

export interface RawConnection {
  socket: net.Socket;
  /** resolves when the server has closed the connection (or `boundMs` passed: then it rejects) */
  closed: Promise<Buffer>;
  /** the bytes received so far */
  received(): Buffer;
  write(data: string | Buffer): void;
  /** writes `chunk` every `everyMs` until the connection closes or `times` writes are done */
  trickle(chunk: string | Buffer, everyMs: number, times?: number): Promise<void>;
  /** resolves once `text` has been received */
  waitFor(text: string): Promise<void>;
  destroy(): void;
}

export async function rawConnect(url: string, boundMs = 10_000): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  const chunks: Buffer[] = [];
  let onData: (() => void) | null = null;
  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    onData?.();
  });
  socket.on('error', () => {});
  const closed = new Promise<Buffer>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server did not close the connection within ${boundMs} ms; received ${JSON.stringify(Buffer.concat(chunks).toString('latin1').slice(0, 300))}`));
    }, boundMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
  });
  closed.catch(() => {});
  await once(socket, 'connect');
  const received = () => Buffer.concat(chunks);
  return {
    socket,
    closed,
    received,
    write: (data) => {
      if (!socket.destroyed) socket.write(data);
    },
    async trickle(chunk, everyMs, times = Infinity) {
      for (let i = 0; i < times && !socket.destroyed && socket.writable; i++) {
        await new Promise((r) => setTimeout(r, everyMs));
        if (!socket.destroyed && socket.writable) socket.write(chunk);
      }
    },
    waitFor(text) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${JSON.stringify(text)} within ${boundMs} ms; received ${JSON.stringify(received().toString('latin1').slice(0, 300))}`)), boundMs);
        const check = () => {
          if (!received().toString('latin1').includes(text)) return;
          clearTimeout(timer);
          onData = null;
          resolve();
        };
        onData = check;
        check();
      });
    },
    destroy: () => socket.destroy(),
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The first HTTP/1.1 response in `bytes` (Content-Length bodies; chunked bodies are de-chunked). */
export function parseResponse(bytes: Buffer): RawResponse | null {
  return parseResponseAt(bytes)?.response ?? null;
}

/** Every response in `bytes`, in order (a pipelined exchange); 1xx interim responses are skipped. */
export function parseResponses(bytes: Buffer): RawResponse[] {
  const out: RawResponse[] = [];
  let rest = bytes;
  for (let parsed = parseResponseAt(rest); parsed; parsed = parseResponseAt(rest)) {
    if (parsed.response.status >= 200) out.push(parsed.response);
    rest = rest.subarray(parsed.length);
  }
  return out;
}

function parseResponseAt(bytes: Buffer): { response: RawResponse; length: number } | null {
  const text = bytes.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  if (end === -1) return null;
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (!m) return null;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  const headLength = end + 4;
  let rest = bytes.subarray(headLength);
  let length = bytes.length;
  if (headers['transfer-encoding'] === 'chunked') {
    const parts: Buffer[] = [];
    let used = 0;
    for (;;) {
      const nl = rest.indexOf('\r\n');
      if (nl === -1) break;
      const size = parseInt(rest.subarray(0, nl).toString(), 16);
      if (!size) {
        used += nl + 4;
        break;
      }
      parts.push(rest.subarray(nl + 2, nl + 2 + size));
      rest = rest.subarray(nl + 2 + size + 2);
      used += nl + 2 + size + 2;
    }
    rest = Buffer.concat(parts);
    length = headLength + used;
  } else if (headers['content-length'] !== undefined) {
    rest = rest.subarray(0, Number(headers['content-length']));
    length = headLength + rest.length;
  } else if (Number(m[1]) < 200 || Number(m[1]) === 204 || Number(m[1]) === 304) {
    rest = rest.subarray(0, 0);
    length = headLength;
  }
  return { response: { status: Number(m[1]), headers, body: rest.toString('utf8') }, length };
}

/** The request head for a raw request. */
export function requestHead(method: string, path: string, headers: Record<string, string | number> = {}): string {
  return `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
}
