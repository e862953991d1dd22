/**
 * An OIDC ID token as GitLab CI/CD issues one (`id_tokens:`), for the local endpoint's
 * sts:AssumeRoleWithWebIdentity: JWT-shaped, with an unverifiable signature (the endpoint checks the claims
 * and the role's trust policy, not the issuer's signature, which needs the issuer's keys from the internet).
 */
export function gitlabIdToken(claims: { readonly sub: string } & Readonly<Record<string, unknown>>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const defaults = { iss: 'https://gitlab.com', aud: 'https://gitlab.com', exp: Math.floor(Date.now() / 1000) + 600 };
  return `${part({ alg: 'RS256', kid: 'test' })}.${part({ ...defaults, ...claims })}.c2lnbmF0dXJl`;
}
