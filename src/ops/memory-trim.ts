/**
 * Gives memory back once the node goes quiet. V8 sizes its heap for throughput and shrinks it only
 * in a collection asked to reduce memory: start-up and every busy period leave the young generation
 * grown toward its maximum (V8 scales it with the host: 3 × 64 MiB on a 24 GiB one) and old space full
 * of promoted garbage, and a quiet process allocates too little to cause any further collection, so
 * none of it comes back. Measured on `switchboard serve`: 182 MiB resident idle after start with
 * under 40 MiB of it live heap; a soak's 452 MiB stayed after the load stopped.
 *
 * Every `checkMs`, when the event loop was quiet since the last check and the heap has grown by more
 * than `slackBytes` since the last trim, one memory-reducing full collection runs. It pauses the loop
 * for up to about 0.2 s (measured on a busy 2-core machine, 94 → 37 MiB of heap); that is acceptable
 * only because it runs when the loop has been nearly idle for a whole check, so at most a stray
 * request waits, and it costs time, never correctness (it is what V8 itself runs under memory pressure).
 *
 * @example const trim = startMemoryTrim({ log }); … trim.stop();
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';

export interface TrimSettings {
  checkMs: number;
  /** event-loop utilisation (0–1) over one check below which the node counts as quiet */
  quietUtilisation: number;
  /** heap growth since the last trim that makes a collection worth its pause */
  slackBytes: number;
}

export const TRIM_DEFAULTS: TrimSettings = { checkMs: 5_000, quietUtilisation: 0.05, slackBytes: 16 * 1024 * 1024 };

export interface TrimProbes {
  /** event-loop utilisation since the previous call (0–1) */
  utilisation(): number;
  /** bytes the V8 heap holds in memory */
  heapBytes(): number;
  /** one memory-reducing full collection */
  collect(): void;
}

export interface TrimLog {
  debug(obj: object, msg: string): void;
}

export function shouldTrim(sample: { utilisation: number; heapBytes: number }, baselineBytes: number, settings: TrimSettings): boolean {
  return sample.utilisation < settings.quietUtilisation && sample.heapBytes - baselineBytes > settings.slackBytes;
}

export function startMemoryTrim(options: { log: TrimLog; settings?: TrimSettings; probes?: TrimProbes }): { stop(): void } {
  const settings = options.settings ?? TRIM_DEFAULTS;
  const probes = options.probes ?? realProbes();
  // Zero, not the size now: the first quiet check after start-up trims what start-up left behind.
  let baselineBytes = 0;
  const timer = setInterval(() => {
    const sample = { utilisation: probes.utilisation(), heapBytes: probes.heapBytes() };
    if (!shouldTrim(sample, baselineBytes, settings)) return;
    const started = performance.now();
    probes.collect();
    baselineBytes = probes.heapBytes();
    options.log.debug({ heap_before_bytes: sample.heapBytes, heap_after_bytes: baselineBytes, duration_ms: Math.round(performance.now() - started) }, 'memory trimmed');
  }, settings.checkMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

function realProbes(): TrimProbes {
  const gc = exposeGc();
  let last: EventLoopUtilization = performance.eventLoopUtilization();
  return {
    utilisation() {
      const now = performance.eventLoopUtilization();
      const { utilization } = performance.eventLoopUtilization(now, last);
      last = now;
      return utilization;
    },
    heapBytes: () => getHeapStatistics().total_physical_size,
    // 'last-resort' is V8's collection under memory pressure: it shrinks the young generation and
    // releases emptied pages; a regular major collection leaves both as they are (measured).
    collect: () => gc({ type: 'major', execution: 'sync', flavor: 'last-resort' }),
  };
}

type Gc = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

/**
 * V8's gc() without `node --expose-gc`: the extension is installed in contexts created while the flag
 * is on, so the function comes from a fresh context and the flag goes off again. The process's own
 * global never gets a `gc`, so nothing else can call it.
 */
function exposeGc(): Gc {
  const existing = (globalThis as { gc?: Gc }).gc;
  if (existing) return existing;
  setFlagsFromString('--expose-gc');
  try {
    return runInNewContext('gc') as Gc;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}
