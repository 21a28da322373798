import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conversationPath, conversationSettingsPath, matchRoute } from './routes.ts';

test('matchRoute maps every client path', () => {
  const cases: [string, ReturnType<typeof matchRoute>][] = [
    ['/', { name: 'home' }],
    ['/c/conv_abc', { name: 'conversation', id: 'conv_abc' }],
    ['/c/conv_abc/', { name: 'conversation', id: 'conv_abc' }],
    ['/c/conv_abc/settings', { name: 'conversation-settings', id: 'conv_abc' }],
    ['/settings', { name: 'api-keys' }],
    ['/settings/api-keys', { name: 'api-keys' }],
    ['/settings/bridges', { name: 'bridges' }],
    ['/inbox', { name: 'support-inbox' }],
    ['/inbox/x', { name: 'not-found' }],
    ['/settings/bridges/x', { name: 'not-found' }],
    ['/c', { name: 'not-found' }],
    ['/c/a/b', { name: 'not-found' }],
    ['/elsewhere', { name: 'not-found' }],
  ];
  for (const [path, route] of cases) assert.deepEqual(matchRoute(path), route, path);
});

test('paths round-trip through matchRoute, odd ids included', () => {
  for (const id of ['conv_x-Y_1', 'a/b', 'a b?']) {
    assert.deepEqual(matchRoute(conversationPath(id)), { name: 'conversation', id });
    assert.deepEqual(matchRoute(conversationSettingsPath(id)), { name: 'conversation-settings', id });
  }
});
