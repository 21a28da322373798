import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonRequest, multipartRequest, withHeaders } from '../dialects/fake-requests.ts';
import type { RawHookRequest } from '../types.ts';
import { gitlabTokenVerifier } from './gitlab-token.ts';

const SECRET = 'glpat-secret-token';
const push = jsonRequest({ object_kind: 'push' });

const cases: Array<[string, RawHookRequest, boolean]> = [
  ['the secret token', withHeaders(push, { 'X-Gitlab-Token': SECRET }), true],
  ['no header', push, false],
  ['another token', withHeaders(push, { 'X-Gitlab-Token': 'glpat-secret-tokeN' }), false],
  ['a prefix of the token', withHeaders(push, { 'X-Gitlab-Token': SECRET.slice(0, 5) }), false],
  ['the token and more', withHeaders(push, { 'X-Gitlab-Token': `${SECRET} ` }), false],
  ['an empty header', withHeaders(push, { 'X-Gitlab-Token': '' }), false],
  // The token is a header, so a multipart post (no raw bytes) is verified all the same.
  ['multipart with the token', withHeaders(multipartRequest({}, []), { 'x-gitlab-token': SECRET }), true],
];

for (const [name, request, accepted] of cases) {
  test(`gitlab token: ${name} → ${accepted ? 'accepted' : 'refused'}`, () => {
    const result = gitlabTokenVerifier.verify(request, SECRET, 0);
    assert.equal(result.ok, accepted);
    if (!result.ok) assert.doesNotMatch(result.message, new RegExp(SECRET), 'the secret is never echoed');
  });
}
