/** `switchboard serve`: run a node until SIGTERM/SIGINT, then stop gracefully and exit 0. */
import type { Config } from '../config.ts';
import { createRuntime } from '../runtime.ts';
import { startMemoryTrim } from '../ops/memory-trim.ts';

export async function serve(config: Config): Promise<void> {
  const logger = { level: config.logLevel };
  const runtime = await createRuntime(config, { logger });
  const log = runtime.app.log;
  const url = await runtime.listen();
  log.info({ url, engine: runtime.ctx.store.engine.name, public_url: config.publicUrl, node_id: runtime.nodeId }, 'switchboard is serving');
  // Here rather than in createRuntime: a serve process owns its whole heap; tests build runtimes in-process.
  const trim = startMemoryTrim({ log: log.child({ module: 'memory' }) });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    trim.stop();
    const began = Date.now();
    // Logged before close() begins, synchronously: nothing is claimed or kept alive after this line's time.
    log.info({ signal }, 'stopping: finishing in-flight work');
    const timer = setTimeout(() => {
      log.error('graceful stop took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    try {
      await runtime.close();
      log.info({ duration_ms: Date.now() - began }, 'stopped');
      process.exit(0);
    } catch (err) {
      log.error({ err }, 'error while stopping');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

