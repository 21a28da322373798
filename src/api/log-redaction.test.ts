import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactText, redactUrl } from './log-redaction.ts';

const urls: [url: string, route: string | undefined, logged: string][] = [
  ['/hook/AbC123', '/hook/:token', '/hook/[redacted]'],
  ['/hook/AbC123?wait=true', '/hook/:token', '/hook/[redacted]?wait=true'],
  ['/bridge/AbC123', '/bridge/:token', '/bridge/[redacted]'],
  ['/slack/services/AbC123', '/slack/services/:token', '/slack/services/[redacted]'],
  ['/hook/AbC123/extra', undefined, '/hook/[redacted]/extra'],
  ['/hook/AbC%zz', undefined, '/hook/[redacted]'],
  ['/api/v1/conversations/c1/reply?auth_token=sb_secret1&x=1', '/api/v1/conversations/:id/reply', '/api/v1/conversations/c1/reply?auth_token=[redacted]&x=1'],
  ['/x?a=1&access_token=t&API_KEY=k&auth%5Ftoken=z', undefined, '/x?a=1&access_token=[redacted]&API_KEY=[redacted]&auth%5Ftoken=[redacted]'],
  ['/api/v1/conversations/c1/messages?limit=5', '/api/v1/conversations/:id/messages', '/api/v1/conversations/c1/messages?limit=5'],
  ['/api/v1/sb_AbCdEf123456', undefined, '/api/v1/[redacted]'],
];

for (const [url, route, logged] of urls) {
  test(`redactUrl ${url}`, () => assert.equal(redactUrl(url, route), logged));
}

test('redactText replaces credentials in error messages', () => {
  assert.equal(
    redactText('fetch http://h/hook/AbC?token=x failed with Bearer abc.def and whsec_QUJD+/= and sb_AbCdEf123456'),
    'fetch http://h/hook/[redacted]?token=[redacted] failed with Bearer [redacted] and [redacted] and [redacted]',
  );
});
