/** A real node on a fresh database with no users at all: what a first run looks like. */
import type { TestContext } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { createRuntime, type Runtime } from '../../src/runtime.ts';
import type { EngineName } from './engines.ts';
import { defer, freshDatabase } from './runtime.ts';

export async function startEmptyNode(t: TestContext, engine: EngineName, env: Record<string, string> = {}, opts: { listen?: boolean } = {}): Promise<Runtime> {
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', ...(await freshDatabase(t, engine)), ...env });
  const runtime = await createRuntime(config);
  defer(t, () => runtime.close());
  if (opts.listen) runtime.config.publicUrl = await runtime.listen();
  return runtime;
}
