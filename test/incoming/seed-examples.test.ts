/**
 * The examples from the product's source documents, run verbatim against a real hook URL:
 * curl with a urlencoded body, Python requests with JSON and with multipart files, and Node.js
 * request-promise with multipart. Only the hook URL is replaced.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { conversationWithHook, messagesOf } from '../support/hooks.ts';
import { startNode } from '../support/runtime.ts';

const run = promisify(execFile);
/** The first Python that has `requests` (.ci/run installs Debian's python3-requests where none has). */
function findPython(): string | null {
  for (const candidate of ['python3', '/usr/bin/python3']) {
    try {
      execFileSync(candidate, ['-c', 'import requests'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // try the next one
    }
  }
  if (process.env.CI === 'true') throw new Error('no python3 with the requests module: .ci/run should have installed python3-requests');
  return null;
}
const PYTHON = findPython();

test('the seed documents’ curl, Python and Node.js examples work verbatim', { skip: PYTHON === null && 'no python3 with requests on this machine' }, async (t) => {
  const node = await startNode(t, 'sqlite', {}, { listen: true });
  const { conv, hook } = await conversationWithHook(node, 'Stats', 'Daily Stats');
  const url = hook.url;
  const dir = await mkdtemp(path.join(tmpdir(), 'sb-seeds-'));
  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 7), Buffer.from([0xff, 0xd9])]);
  await writeFile(path.join(dir, 'test_image.jpeg'), jpeg);

  await run('curl', ['-sf', '-X', 'POST', url, '-d', 'message=Testing%0AWith%0ACurl']);

  await run(PYTHON!, ['-c', `
import requests
requests.post(
    "${url}",
    json={"message": "Testing hook with\\nPython", "user": "Python"}).raise_for_status()
`]);

  await run(PYTHON!, ['-c', `
import requests

url = '${url}'
message = 'uploading some files'
files = [('files', ('test_file.txt', 'file content as string')), ('files', open('test_image.jpeg', 'rb'))]

requests.post(url, data={'message': message}, files=files).raise_for_status()
`], { cwd: dir });

  await run(process.execPath, ['--input-type=commonjs', '-e', `
var rp = require('request-promise');

var options = {
    method: 'POST',
    uri: '${url}',
    formData: {
        message: 'uploading some files',
        files: [{
            value: 'uploading files using request-promise',
            options: {
                filename: 'test_file.txt',
                contentType: 'text/plain'
            }
        }]
    }
};
rp(options)
    .then(function (body) {
        // POST succeeded...
    })
    .catch(function (err) {
        // POST failed...
        process.exitCode = 1;
    });
`], { cwd: path.resolve(import.meta.dirname, '../..') });

  const messages = await messagesOf(node, conv.id);
  assert.deepEqual(messages.map((m) => [m.sender.name, m.body]), [
    ['Daily Stats', 'Testing\nWith\nCurl'],
    ['Python', 'Testing hook with\nPython'],
    ['Daily Stats', 'uploading some files'],
    ['Daily Stats', 'uploading some files'],
  ]);
  assert.deepEqual(messages[2].attachments.map((a) => [a.name, a.size]), [['test_file.txt', 22], ['test_image.jpeg', jpeg.length]]);
  const image = await fetch(messages[2].attachments[1].url, { headers: node.auth });
  assert.ok(Buffer.from(await image.arrayBuffer()).equals(jpeg));
  assert.deepEqual(messages[3].attachments.map((a) => [a.name, a.content_type, a.size]), [['test_file.txt', 'text/plain', 37]]);
});
