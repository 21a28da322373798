/**
 * The fuzzer's randomness: a seeded generator (sfc32, so FUZZ_SEED reproduces a run exactly) and the
 * nasty values it draws from: strings with NUL, lone surrogates, right-to-left marks, path tricks.
 */

export class Random {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number) {
    this.#a = 0x9e3779b9;
    this.#b = 0x243f6a88;
    this.#c = 0xb7e15162;
    this.#d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.next();
  }

  /** a float in [0, 1) */
  next(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** picks by weight: `[[weight, value], …]` */
  weighted<T>(table: readonly (readonly [number, T])[]): T {
    let roll = this.next() * table.reduce((sum, [w]) => sum + w, 0);
    for (const [w, value] of table) if ((roll -= w) < 0) return value;
    return table[table.length - 1][1];
  }
}

const WORDS = ['hello', 'deploy failed', 'ok', 'Grüße', '日本語', 'emoji 🎉', 'a\nb', '<b>x</b>', '{{sender.name}}', '*bold*', '@here', '   ', ''];
const NASTY = [
  '\u0000', 'a\u0000b', '\u0000\u0000', '\ud800', 'x\udfffy', '\u202eevil', '\ufeff', '\u200b', '%00', '%', '%zz', '%E0%A4%A',
  '../../etc/passwd', '..%2F..%2F', '%2e%2e%2f', '/', '//', '\\', '?', '#', '&', '=', ';', ' ', '\t', 'null', 'true', '-1', '1e309',
  'NaN', '0x10', '99999999999999999999', '9223372036854775808', '-9223372036854775809', '1.5', '1e3', '__proto__', 'constructor', '$where', "' OR 1=1 --", '<script>', '${7*7}', '{{7*7}}', 'C:\\con\\aux',
];

/** A string that is mostly ordinary, sometimes hostile, sometimes very long. */
export function fuzzString(r: Random): string {
  return r.weighted<() => string>([
    [6, () => r.pick(WORDS)],
    [4, () => r.pick(NASTY)],
    [2, () => `${r.pick(WORDS)}${r.pick(NASTY)}${r.pick(WORDS)}`],
    [1, () => 'x'.repeat(r.pick([101, 256, 1001, 5000, 20_000]))],
    [1, () => String.fromCodePoint(...Array.from({ length: 1 + r.int(12) }, () => r.int(0x10ffff + 1)).filter((c) => c < 0xd800 || c > 0xdfff))],
    [1, () => String(r.int(1e9))],
  ])();
}

/** Any JSON value, nested up to `depth`. */
export function fuzzJson(r: Random, depth = 3): unknown {
  const scalar = () => r.weighted<() => unknown>([
    [4, () => fuzzString(r)],
    [2, () => r.pick([0, -1, 1.5, 2 ** 53 + 1, 1e308, -0])],
    [1, () => r.chance(0.5)],
    [1, () => null],
  ])();
  if (depth <= 0 || r.chance(0.5)) return scalar();
  if (r.chance(0.5)) return Array.from({ length: r.int(4) }, () => fuzzJson(r, depth - 1));
  return Object.fromEntries(Array.from({ length: r.int(5) }, () => [r.chance(0.8) ? r.pick(['message', 'text', 'content', 'body', 'title', 'name', 'url', 'id', 'user', 'attachments', 'embeds', 'payload']) : fuzzString(r), fuzzJson(r, depth - 1)]));
}

/** JSON text nested `levels` deep, past any sensible depth limit. */
export function deepJson(r: Random, levels: number): string {
  const open = r.chance(0.5) ? '[' : '{"a":';
  const close = open === '[' ? ']' : '}';
  return `{"message":${open.repeat(levels)}1${close.repeat(levels)}}`;
}
