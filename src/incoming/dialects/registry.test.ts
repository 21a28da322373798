/**
 * Every dialect in the registry has the same four entries (parse.ts, parse.test.ts, README.md,
 * fixtures/), every dialect folder is registered, every fixture has an expected result, and
 * every fixture parses (and sniffs) exactly as its expected file says.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { chooseDialect } from '../choose-dialect.ts';
import type { ParseResult, RawHookRequest } from '../types.ts';
import { EXPECTED_SUFFIX, listFixtures, loadFixtureRequest } from './fixture-files.ts';
import { DIALECTS, dialectByName } from './registry.ts';

const DIALECTS_DIR = import.meta.dirname;
const REQUIRED_ENTRIES = ['parse.ts', 'parse.test.ts', 'README.md', 'fixtures'];

/** Folders here that are not hook dialects (none since the mapping library moved to src/mapping/). */
const NOT_HOOK_DIALECTS = new Set<string>([]);

const dialectFolders = readdirSync(DIALECTS_DIR).filter(
  (entry) => statSync(join(DIALECTS_DIR, entry)).isDirectory() && !NOT_HOOK_DIALECTS.has(entry),
);

test('every dialect folder is registered, and every registered dialect has a folder', () => {
  assert.deepEqual([...dialectFolders].sort(), DIALECTS.map((dialect) => dialect.name).sort());
});

test('dialect names are unique and resolve by name', () => {
  for (const dialect of DIALECTS) assert.equal(dialectByName(dialect.name), dialect);
  assert.equal(dialectByName('no-such-dialect'), undefined);
});

for (const dialect of DIALECTS) {
  const folder = join(DIALECTS_DIR, dialect.name);
  const fixturesDir = join(folder, 'fixtures');

  test(`${dialect.name}: has ${REQUIRED_ENTRIES.join(', ')} and at least one fixture`, () => {
    for (const entry of REQUIRED_ENTRIES) assert.ok(existsSync(join(folder, entry)), `${dialect.name}/${entry} is missing`);
    assert.ok(listFixtures(fixturesDir).length > 0, `${dialect.name}/fixtures has no fixture`);
  });

  test(`${dialect.name}: every fixture has an expected result and every expected result a fixture`, () => {
    const fixtures = listFixtures(fixturesDir);
    for (const fixture of fixtures) assert.ok(existsSync(fixture.expectedPath), `${fixture.name} has no ${EXPECTED_SUFFIX}`);
    const expectedNames = readdirSync(fixturesDir)
      .filter((file) => file.endsWith(EXPECTED_SUFFIX))
      .map((file) => file.slice(0, -EXPECTED_SUFFIX.length));
    for (const name of expectedNames) {
      assert.ok(fixtures.some((fixture) => fixture.name === name), `${name}${EXPECTED_SUFFIX} has no fixture`);
    }
  });

  for (const fixture of existsSync(fixturesDir) ? listFixtures(fixturesDir) : []) {
    test(`${dialect.name}/fixtures/${fixture.name} (${fixture.format})`, async () => {
      const expected = JSON.parse(readFileSync(fixture.expectedPath, 'utf8')) as { sniffs_as: string | null; result: unknown };
      const request = await loadFixtureRequest(fixture);
      assert.deepEqual(comparable(dialect.parse(request), request), expected.result);
      assert.equal(chooseDialect(request)?.name ?? null, expected.sniffs_as, 'sniffed dialect');
    });
  }
}

/** Files are compared by part name and file name, after checking they are the request's own. */
function comparable(result: ParseResult, request: RawHookRequest): unknown {
  if (!result.ok) return result;
  const posts = result.posts.map((post) => ({
    ...post,
    files: post.files.map((file) => {
      assert.ok(request.files.includes(file), `${file.filename} is not one of the request's files`);
      return { field: file.field, filename: file.filename };
    }),
  }));
  return { ...result, posts };
}
