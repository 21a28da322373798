/** Files posted to a hook: stored content-addressed, listed on the message, downloaded byte for byte by members. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ENGINES } from '../support/engines.ts';
import { conversationWithHook, messagesOf } from '../support/hooks.ts';
import { startNode } from '../support/runtime.ts';
import { openSse } from '../support/sse.ts';

for (const engine of ENGINES) {
  test(`${engine}: multipart files are stored, listed and downloaded with their exact bytes`, async (t) => {
    const node = await startNode(t, engine, {}, { listen: true });
    const { conv, hook } = await conversationWithHook(node);
    const stream = await openSse(`${node.config.publicUrl}/api/v1/conversations/${conv.id}/events`, node.auth);
    t.after(() => stream.close());

    const image = randomBytes(3000);
    const form = new FormData();
    form.append('message', 'uploading some files');
    form.append('files', new Blob(['file content as string'], { type: 'text/plain' }), 'test_file.txt');
    form.append('files', new Blob([image], { type: 'image/png' }), '../../escape.png');
    form.append('files', new Blob(['<script>alert(1)</script>'], { type: 'text/html' }), 'page.html');
    const res = await fetch(hook.url, { method: 'POST', body: form });
    assert.equal(res.status, 200, await res.clone().text());

    const event = await stream.next();
    assert.equal(event.event, 'message.created');
    assert.equal(JSON.parse(event.data).data.message.attachments.length, 3, 'the stored message is on the realtime stream');

    const [message] = await messagesOf(node, conv.id);
    assert.deepEqual(message.attachments.map((a) => [a.kind, a.name, a.content_type, a.size]), [
      ['file', 'test_file.txt', 'text/plain', 22],
      ['file', 'escape.png', 'image/png', 3000],
      ['file', 'page.html', 'text/html', 25],
    ]);
    const png = await fetch(message.attachments[1].url, { headers: node.auth });
    assert.equal(png.status, 200);
    assert.equal(png.headers.get('content-type'), 'image/png');
    assert.match(png.headers.get('content-disposition')!, /^inline; filename="escape.png"/);
    assert.ok(Buffer.from(await png.arrayBuffer()).equals(image));
    const html = await fetch(message.attachments[2].url, { headers: node.auth });
    assert.match(html.headers.get('content-disposition')!, /^attachment;/, 'active content downloads, never renders in our origin');
    assert.equal(html.headers.get('x-content-type-options'), 'nosniff');
    assert.match(html.headers.get('content-security-policy')!, /sandbox/);

    const sha = createHash('sha256').update(image).digest('hex');
    const blobDir = path.join(node.config.dataDir, 'files', sha.slice(0, 2), sha.slice(2, 4));
    assert.deepEqual(await readdir(blobDir), [sha], 'content-addressed by SHA-256');
    assert.deepEqual(await readdir(path.join(node.config.dataDir, 'files', 'tmp')), [], 'no temporary files left');

    const outsider = await node.newUser('Outsider');
    assert.equal((await fetch(message.attachments[1].url, { headers: outsider.auth })).status, 404);
    assert.equal((await fetch(message.attachments[1].url)).status, 401);
  });
}
