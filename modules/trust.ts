/**
 * Who besides Lambda may assume an execution role: typed trust grants (another service, another account,
 * an OIDC or SAML identity provider, or a raw statement for what the types do not cover) and a pure planner
 * that renders each into one trust-policy statement. The Lambda statement itself, with its confused-deputy
 * condition, stays the role's first statement (execution-role.ts); these come after it.
 */
import { accountRootArn, isAccountId, parseArn } from '../shared/aws/arn';
import { servicePrincipal, type Partition } from '../shared/aws/partition';
import { isUnresolvedValue } from './arn-rules';
import { checkStatementShape, type Conditions, type PolicyStatement } from './policy-types';
import type { Problem } from './validation';

/** The STS actions a trust statement may allow. */
export type TrustAction =
  'sts:AssumeRole' | 'sts:AssumeRoleWithWebIdentity' | 'sts:AssumeRoleWithSAML' | 'sts:TagSession' | 'sts:SetSourceIdentity';

interface TrustBase {
  /** Statement id (letters and digits). @default - no Sid */
  readonly sid?: string;
  /**
   * What the principal may do. Must include the kind's assume action (sts:AssumeRole for services and
   * accounts, …WithWebIdentity for OIDC, …WithSAML for SAML); add sts:TagSession / sts:SetSourceIdentity
   * for session tags and source identity.
   * @default - the kind's assume action alone
   */
  readonly actions?: readonly TrustAction[];
  /** More conditions, merged with the ones the typed fields produce (a key given twice is an error). @default - none */
  readonly conditions?: Conditions;
}

export interface ServiceTrust extends TrustBase {
  readonly kind: 'service';
  /** The service principal, e.g. 'scheduler.amazonaws.com' (or just 'scheduler'). Not Lambda: it is trusted already. */
  readonly service: string;
  /** Condition ArnLike aws:SourceArn: the one resource of that service that may assume the role. @default - none */
  readonly sourceArn?: string;
  /** Condition StringEquals aws:SourceAccount. @default - none */
  readonly sourceAccount?: string;
}

export interface AccountTrust extends TrustBase {
  readonly kind: 'account';
  /** A 12-digit account id (written as its root ARN, as IAM stores it) or an IAM role/user ARN. */
  readonly principal: string;
  /** Condition StringEquals sts:ExternalId, the shared secret a third party passes. @default - none */
  readonly externalId?: string;
  /** Condition Bool aws:MultiFactorAuthPresent = true. @default false */
  readonly requireMfa?: boolean;
}

export interface OidcTrust extends TrustBase {
  readonly kind: 'oidc';
  /** arn:<partition>:iam::<account>:oidc-provider/<host> */
  readonly providerArn: string;
  /** Condition StringEquals <host>:aud. @default - none */
  readonly audience?: string | readonly string[];
  /** Condition StringLike <host>:sub, e.g. 'repo:acme/app:ref:refs/heads/main'. @default - none (a check finding) */
  readonly subject?: string | readonly string[];
}

export interface SamlTrust extends TrustBase {
  readonly kind: 'saml';
  /** arn:<partition>:iam::<account>:saml-provider/<name> */
  readonly providerArn: string;
  /** Condition StringEquals SAML:aud. @default - the partition's console sign-in endpoint, as the IAM console writes it */
  readonly audience?: string;
}

/** A trust statement written out, for what the kinds above do not say (e.g. a Deny). Checked like the rest. */
export interface StatementTrust {
  readonly kind: 'statement';
  /** The statement as written in the trust policy: principals (or notPrincipals) required, no resources. */
  readonly statement: PolicyStatement;
}

export type TrustGrant = ServiceTrust | AccountTrust | OidcTrust | SamlTrust | StatementTrust;

export type TrustPlan =
  | { readonly ok: true; readonly statement: PolicyStatement }
  | { readonly ok: false; readonly field: string; readonly value: unknown; readonly problem: Problem };

/** The assume action each kind of grant needs (its `actions` must include it and no other assume action). */
export const ASSUME_ACTION = {
  service: 'sts:AssumeRole',
  account: 'sts:AssumeRole',
  oidc: 'sts:AssumeRoleWithWebIdentity',
  saml: 'sts:AssumeRoleWithSAML',
} as const;
const SAML_AUDIENCE: Readonly<Record<Partition, string>> = {
  aws: 'https://signin.aws.amazon.com/saml',
  'aws-cn': 'https://signin.amazonaws.cn/saml',
  'aws-us-gov': 'https://signin.amazonaws-us-gov.com/saml',
};
/** Lambda's own principals: the role trusts them already, a grant may not name them. */
export const LAMBDA_PRINCIPAL = /^(edge)?lambda(\.amazonaws\.com(\.cn)?)?$/;

/** A service principal, with or without its domain. */
export const SERVICE_PRINCIPAL = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/;
/** An STS external id. */
export const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

const fail = (field: string, value: unknown, rule: string, fix: string): TrustPlan => ({ ok: false, field, value, problem: { rule, fix } });

/** Adds `key: value` under `operator`, refusing a key the caller's own conditions already set. */
function merged(base: Conditions | undefined, added: readonly [string, string, string | readonly string[]][]): Conditions | string {
  const out: Record<string, Record<string, string | readonly string[]>> = {};
  for (const [op, byKey] of Object.entries(base ?? {})) out[op] = { ...byKey };
  for (const [op, key, value] of added) {
    if (out[op]?.[key] !== undefined) return `${op} ${key}`;
    out[op] = { ...out[op], [key]: value };
  }
  return out;
}

export function planTrustStatement(grant: TrustGrant, partition: Partition): TrustPlan {
  if (grant.kind === 'statement') {
    const shape = checkStatementShape(grant.statement, 'trust');
    return shape ? fail(`statement.${shape.field}`, undefined, shape.rule, shape.fix) : { ok: true, statement: grant.statement };
  }
  const assume = ASSUME_ACTION[grant.kind];
  const actions = grant.actions ?? [assume];
  const wrong = actions.find((a) => a.startsWith('sts:AssumeRole') && a !== assume);
  if (wrong || !actions.includes(assume))
    return fail(
      'actions',
      actions,
      wrong
        ? `includes ${wrong}, which a ${grant.kind} principal cannot use`
        : `lacks ${assume}, so the ${grant.kind} principal could not assume the role`,
      `list ${assume}${grant.kind === 'service' ? '' : ' (plus sts:TagSession / sts:SetSourceIdentity if needed)'}`,
    );
  let principals: PolicyStatement['principals'];
  const added: [string, string, string | readonly string[]][] = [];
  switch (grant.kind) {
    case 'service': {
      const s = grant.service;
      if (!isUnresolvedValue(s) && LAMBDA_PRINCIPAL.test(s))
        return fail(
          'service',
          s,
          'is Lambda, which the role trusts already (with its aws:SourceAccount condition)',
          'remove this grant; use role.confusedDeputyProtection or role.edge to change the Lambda trust',
        );
      if (!isUnresolvedValue(s) && !SERVICE_PRINCIPAL.test(s))
        return fail('service', s, 'is not a service principal', "write it like 'scheduler.amazonaws.com'");
      principals = { Service: s.includes('.') ? s : servicePrincipal(s) };
      if (grant.sourceArn !== undefined) {
        if (!isUnresolvedValue(grant.sourceArn) && parseArn(grant.sourceArn)?.partition !== partition)
          return fail(
            'sourceArn',
            grant.sourceArn,
            `is not an ARN in partition ${partition}`,
            'give the ARN of the resource that assumes the role',
          );
        added.push(['ArnLike', 'aws:SourceArn', grant.sourceArn]);
      }
      if (grant.sourceAccount !== undefined) {
        if (!isUnresolvedValue(grant.sourceAccount) && !isAccountId(grant.sourceAccount))
          return fail(
            'sourceAccount',
            grant.sourceAccount,
            'is not a 12-digit account id',
            'write the account that owns the calling resource',
          );
        added.push(['StringEquals', 'aws:SourceAccount', grant.sourceAccount]);
      }
      break;
    }
    case 'account': {
      const p = grant.principal;
      const arn = parseArn(p);
      if (
        !isUnresolvedValue(p) &&
        !isAccountId(p) &&
        !(arn?.partition === partition && arn.service === 'iam' && isAccountId(arn.accountId) && /^(root|role\/|user\/)/.test(arn.resource))
      )
        return fail(
          'principal',
          p,
          `is neither a 12-digit account id nor an IAM root, role or user ARN in partition ${partition}`,
          'write the other account id, e.g. "210987654321"',
        );
      principals = { AWS: isAccountId(p) ? accountRootArn(p, partition) : p };
      if (grant.externalId !== undefined) {
        if (!isUnresolvedValue(grant.externalId) && !EXTERNAL_ID.test(grant.externalId))
          return fail(
            'externalId',
            grant.externalId,
            'is not a valid external id (2–1224 characters of letters, digits and +=,.@:/-)',
            'use the id the third party gave you',
          );
        added.push(['StringEquals', 'sts:ExternalId', grant.externalId]);
      }
      if (grant.requireMfa) added.push(['Bool', 'aws:MultiFactorAuthPresent', 'true']);
      break;
    }
    case 'oidc':
    case 'saml': {
      const type = grant.kind === 'oidc' ? 'oidc-provider' : 'saml-provider';
      const arn = parseArn(grant.providerArn);
      if (
        !isUnresolvedValue(grant.providerArn) &&
        !(arn?.partition === partition && arn.service === 'iam' && isAccountId(arn.accountId) && arn.resource.startsWith(`${type}/`))
      )
        return fail(
          'providerArn',
          grant.providerArn,
          `is not an IAM ${grant.kind.toUpperCase()} provider ARN in partition ${partition}`,
          `write arn:${partition}:iam::<account>:${type}/<${grant.kind === 'oidc' ? 'host' : 'name'}>`,
        );
      principals = { Federated: grant.providerArn };
      if (grant.kind === 'oidc') {
        const host = arn?.resource.slice('oidc-provider/'.length) ?? '';
        if ((grant.audience !== undefined || grant.subject !== undefined) && !host)
          return fail(
            'providerArn',
            grant.providerArn,
            'is only known at apply time, so the audience/subject condition keys cannot be named',
            'write the conditions yourself in conditions',
          );
        if (grant.audience !== undefined) added.push(['StringEquals', `${host}:aud`, grant.audience]);
        if (grant.subject !== undefined) added.push(['StringLike', `${host}:sub`, grant.subject]);
      } else {
        added.push(['StringEquals', 'SAML:aud', grant.audience ?? SAML_AUDIENCE[partition]]);
      }
      break;
    }
  }
  const conditions = merged(grant.conditions, added);
  if (typeof conditions === 'string')
    return fail('conditions', grant.conditions, `sets ${conditions}, which a typed field of this grant sets too`, 'keep one of the two');
  return {
    ok: true,
    statement: {
      sid: grant.sid,
      effect: 'Allow',
      principals,
      actions: [...actions],
      conditions: Object.keys(conditions).length ? conditions : undefined,
    },
  };
}
