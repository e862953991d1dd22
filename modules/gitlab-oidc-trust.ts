/**
 * The trust statement that lets GitLab CI/CD jobs of one project and ref assume a role through IAM's OIDC
 * federation (sts:AssumeRoleWithWebIdentity), and its input checks. Why a module of its own: the rules about
 * GitLab's token claims (`sub` = project_path:…:ref_type:…:ref:…, `aud`, the issuer as condition-key prefix)
 * are one concern; DriftJobRole only picks the statement for its principal kind.
 */
import { Token } from './cdk/core';
import type { PolicyStatement } from './policy-types';
import { assertValid, type Problem } from './validation';

/**
 * GitLab CI/CD through this account's IAM OIDC provider for a GitLab instance, limited to one project and one
 * ref. A job's ID token (`id_tokens:` in .gitlab-ci.yml) carries `sub` =
 * `project_path:<group>/<project>:ref_type:<branch|tag>:ref:<name>` and the `aud` the job asked for; the trust
 * policy requires both. The OIDC provider must exist in `account` (its ARN is derived from the issuer).
 */
export interface GitLabOidcPrincipal {
  readonly kind: 'gitlab-oidc';
  /** The GitLab instance, as the OIDC provider's issuer URL (https, no trailing slash). @default 'https://gitlab.com' */
  readonly issuer?: string;
  /** The project, with its groups: e.g. 'platform/lambda-infra'. */
  readonly projectPath: string;
  /** The branch or tag whose pipelines may assume the role (a schedule runs on one). @default - { type: 'branch', name: 'main' } */
  readonly ref?: { readonly type: 'branch' | 'tag'; readonly name: string };
  /** The `aud` the job's id_token asks for. @default - the issuer URL, as GitLab's AWS guide sets it */
  readonly audience?: string;
  /**
   * Allows `*` and `?` in `projectPath` and `ref.name` (StringLike instead of StringEquals), e.g. every project
   * of a group. Every matching project's pipelines can then read the account's IAM, so say why.
   * @default - wildcards are rejected
   */
  readonly allowWildcards?: { readonly reason: string };
}

export const GITLAB_COM = 'https://gitlab.com';

/** https, a host (and port), an optional path; no trailing slash, query or fragment: IAM keys conditions by it. */
const ISSUER = /^https:\/\/[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?(\/[A-Za-z0-9._~-]+)*$/;
/** GitLab group and project paths: letters, digits, `_`, `-`, `.`, at least a group and a project. */
const PROJECT_PATH = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)+$/;
const PROJECT_PATH_WILD = /^[A-Za-z0-9_*?][A-Za-z0-9_.*?-]*(\/[A-Za-z0-9_*?][A-Za-z0-9_.*?-]*)+$/;
/** What a git branch or tag name cannot contain (and `:`, which would end the `ref:` field of `sub`). */
const REF_FORBIDDEN = /[\s:~^\\[\]]|\.\.|^$/;
const WILDCARD = /[*?]/;

const unresolved = (value: string) => Token.isUnresolved(value);

function checkIssuer(issuer: string): Problem | undefined {
  if (unresolved(issuer) || ISSUER.test(issuer)) return undefined;
  return {
    rule: 'is not the https URL of a GitLab instance (lower-case host, optional path, no trailing slash)',
    fix: `use '${GITLAB_COM}' or your self-managed instance's URL, e.g. 'https://gitlab.example.com'`,
  };
}

function checkProjectPath(path: string, wildcards: boolean): Problem | undefined {
  if (unresolved(path)) return undefined;
  if (!wildcards && WILDCARD.test(path)) {
    return {
      rule: 'contains a wildcard: the pipelines of every matching project could read this account',
      fix: "name one project ('group/project'), or set allowWildcards: { reason: '…' } to accept it on purpose",
    };
  }
  if ((wildcards ? PROJECT_PATH_WILD : PROJECT_PATH).test(path)) return undefined;
  return {
    rule: 'is not a GitLab project path: groups and the project, separated by "/" (letters, digits, _ - .)',
    fix: "write it as GitLab shows it in the project's URL, e.g. 'platform/lambda-infra'",
  };
}

function checkRefName(name: string, wildcards: boolean): Problem | undefined {
  if (unresolved(name)) return undefined;
  if (!wildcards && WILDCARD.test(name)) {
    return {
      rule: 'contains a wildcard: the pipelines of every matching branch or tag could read this account',
      fix: "name one ref (e.g. 'main'), or set allowWildcards: { reason: '…' } to accept it on purpose",
    };
  }
  if (!REF_FORBIDDEN.test(name)) return undefined;
  return {
    rule: 'is not a branch or tag name (empty, or with spaces, ":", "..", "~", "^", "\\\\", "[" or "]")',
    fix: "use the name alone, e.g. 'main' or 'v1.2.0'",
  };
}

/** Checks every field (rule, value and fix in the error) and renders the trust statement. */
export function gitLabTrust(who: GitLabOidcPrincipal, account: string, partition: string): PolicyStatement {
  const issuer = who.issuer ?? GITLAB_COM;
  const wildcards = who.allowWildcards !== undefined;
  const ref = who.ref ?? { type: 'branch', name: 'main' };
  const audience = who.audience ?? issuer;
  assertValid('assumedBy.issuer', issuer, checkIssuer(issuer));
  assertValid('assumedBy.projectPath', who.projectPath, checkProjectPath(who.projectPath, wildcards));
  if (ref.type !== 'branch' && ref.type !== 'tag') {
    assertValid('assumedBy.ref.type', ref.type, { rule: 'is not a ref type GitLab puts in its tokens', fix: "use 'branch' or 'tag'" });
  }
  assertValid('assumedBy.ref.name', ref.name, checkRefName(ref.name, wildcards));
  if (!unresolved(audience) && (audience.trim() === '' || WILDCARD.test(audience))) {
    assertValid('assumedBy.audience', audience, {
      rule: 'must be the exact audience the job asks for (not empty, no wildcard)',
      fix: `use the id_tokens aud of your .gitlab-ci.yml, e.g. '${GITLAB_COM}'`,
    });
  }
  if (who.allowWildcards && !who.allowWildcards.reason.trim()) {
    assertValid('assumedBy.allowWildcards.reason', who.allowWildcards.reason, {
      rule: 'is empty: accepting a wildcard needs the reason, for whoever reviews this trust',
      fix: "say why several projects or refs may run the job, e.g. 'every project of the platform group runs its own drift job'",
    });
  }

  // IAM names the provider, and prefixes its condition keys, by the issuer without the scheme.
  const host = issuer.replace(/^https:\/\//, '');
  const subject = `project_path:${who.projectPath}:ref_type:${ref.type}:ref:${ref.name}`;
  const like = wildcards && (WILDCARD.test(who.projectPath) || WILDCARD.test(ref.name));
  return {
    actions: ['sts:AssumeRoleWithWebIdentity'],
    principals: { Federated: `arn:${partition}:iam::${account}:oidc-provider/${host}` },
    conditions: like
      ? { StringEquals: { [`${host}:aud`]: audience }, StringLike: { [`${host}:sub`]: subject } }
      : { StringEquals: { [`${host}:aud`]: audience, [`${host}:sub`]: subject } },
  };
}
