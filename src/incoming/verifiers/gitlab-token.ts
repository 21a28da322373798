/**
 * GitLab sends a webhook's secret token as it is, in the `X-Gitlab-Token` header (no signature
 * over the body): https://docs.gitlab.com/ee/user/project/integrations/webhooks.html#validate-payloads-by-using-a-secret-token
 */
import { sameSecret } from './same-secret.ts';
import { VERIFIED, refused, type Verifier } from './verifier.ts';

export const gitlabTokenVerifier: Verifier = {
  name: 'gitlab',
  verify(request, secret) {
    const sent = request.headers['x-gitlab-token'];
    if (sent === undefined) return refused('the X-Gitlab-Token header is missing');
    return sameSecret(sent, secret) ? VERIFIED : refused("the X-Gitlab-Token header is not this hook's secret token");
  },
};
