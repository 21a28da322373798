import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { curlFormSnippet, curlSnippet, pythonSnippet } from './hook-snippets.ts';

test('snippets quote the URL so a shell or Python reads it back unchanged', () => {
  const url = "http://127.0.0.1:8080/hook/ab'c$d";
  for (const snippet of [curlSnippet(url), curlFormSnippet(url)]) {
    // The shell's own parse of the snippet's first line yields the URL as one word.
    const line = snippet.split('\n')[0].replace(/ \\$/, '');
    const words = execFileSync('sh', ['-c', `set -- ${line.replace(/^curl /, '')}; for w; do printf '%s\\n' "$w"; done`], { encoding: 'utf8' }).trim().split('\n');
    assert.equal(words[2], url);
  }
  assert.match(pythonSnippet(url), /"http:\/\/127\.0\.0\.1:8080\/hook\/ab'c\$d"/);
  assert.match(curlSnippet(url), /"message": "Hello from curl"/);
});
