/**
 * The layers of src/, bottom to top, as the imports show them: every non-test source file is read
 * (imports, re-exports and type-only imports alike, since a reader follows those too), mapped to
 * its top folder, and each folder may import only the folders below it. No two top folders may
 * import each other, directly or around a loop. A failure names every offending import, file by
 * file, so the next person sees what to move.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

const SRC = import.meta.dirname;

/** The middle layer: the features around the domain. They may use each other, without a cycle. */
const FEATURES = ['incoming', 'outgoing', 'bots', 'realtime', 'ops'];
const BELOW_FEATURES = ['core', 'store', 'mapping', 'config', 'lib'];

/** Top folder → the top folders it may import. `root` is the composition root: runtime.ts, main.ts and cli/. */
const MAY_IMPORT: Record<string, string[]> = {
  lib: [],
  config: ['lib'],
  mapping: ['lib'],
  store: ['lib', 'config', 'mapping'],
  core: ['store', 'lib', 'config', 'mapping'],
  ...Object.fromEntries(FEATURES.map((feature) => [feature, [...FEATURES, ...BELOW_FEATURES]])),
  // The UI: its server plugin (registered by api) serves the built client; the client reads domain types.
  web: [...FEATURES, ...BELOW_FEATURES],
  api: ['web', ...FEATURES, ...BELOW_FEATURES],
  // Wires everything together; nothing else imports it.
  root: ['api', 'web', ...FEATURES, ...BELOW_FEATURES],
};

const LAYERS = 'lib < config < mapping < store < core < incoming, outgoing, bots, realtime, ops < web < api < root (runtime.ts, main.ts, cli/)';

/** One import of one of our files by another, both relative to src/. */
type Edge = { from: string; to: string };

const files = sourceFiles(SRC);
const edges = files.flatMap(readImports);

test('every source file, and everything imported, belongs to a known layer', () => {
  const paths = new Set([...files.map((file) => relative(SRC, file)), ...edges.map((edge) => edge.to)]);
  assert.ok(files.length > 100 && edges.length > 500, `only ${files.length} files and ${edges.length} imports read: is SRC right?`);
  const unknown = [...paths].filter((path) => !(topFolder(path) in MAY_IMPORT));
  assert.deepEqual(unknown, [], 'add their folders to MAY_IMPORT in src/import-direction.test.ts');
});

test('each folder imports only the layers below it', () => {
  const wrong = edges.filter((edge) => {
    const from = topFolder(edge.from);
    const to = topFolder(edge.to);
    return from !== to && !(MAY_IMPORT[from] ?? []).includes(to);
  });
  assert.equal(wrong.length, 0, `imports against the layers (${LAYERS}):\n${wrong.map(formatEdge).join('\n')}`);
});

test('no cycle between top folders', () => {
  const cycles = folderCycles(edges);
  const report = cycles.map((folders) => {
    const inside = edges.filter((edge) => {
      const from = topFolder(edge.from);
      const to = topFolder(edge.to);
      return from !== to && folders.includes(from) && folders.includes(to);
    });
    return `cycle ${folders.join(' ↔ ')}:\n${inside.map(formatEdge).join('\n')}`;
  });
  assert.equal(cycles.length, 0, report.join('\n\n'));
});

function readImports(file: string): Edge[] {
  // preProcessFile reads import, export…from, import type and import(), and skips comments.
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .filter(({ fileName }) => fileName.startsWith('.')) // not packages or node: builtins
    .map(({ fileName }) => ({ from: relative(SRC, file), to: relative(SRC, resolve(dirname(file), fileName)) }));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** `core/messages/post-message.ts` → `core`; `config.ts` → `config`; runtime.ts, main.ts and cli/ → `root`. */
function topFolder(file: string): string {
  const [first, ...rest] = file.split('/');
  if (first === 'cli' || first === 'runtime.ts' || first === 'main.ts') return 'root';
  return rest.length > 0 ? first : first.replace(/\.tsx?$/, '');
}

/** Folders that reach each other through imports (strongly connected components, Tarjan). */
function folderCycles(all: Edge[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const edge of all) {
    const from = topFolder(edge.from);
    const to = topFolder(edge.to);
    if (from === to) continue;
    if (!next.has(from)) next.set(from, new Set());
    next.get(from)!.add(to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const to of next.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node)!, index.get(to)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) components.push(component.sort());
  };
  for (const node of [...next.keys()].sort()) if (!index.has(node)) visit(node);
  return components;
}

function formatEdge(edge: Edge): string {
  return `  ${topFolder(edge.from)} → ${topFolder(edge.to)}: src/${edge.from} imports src/${edge.to}`;
}
