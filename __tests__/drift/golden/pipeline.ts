/**
 * The pure half of the drift pipeline over fixtures: state file → ExpectedInventory, live fixture →
 * LiveInventory (documents encoded the way IAM and Lambda return them), compare, fixed attributions, report.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Attribution, DriftFinding, DriftReport, LiveCustomerPolicy, LiveFunction, LiveInventory, LiveRole, ReadError } from '../../../drift/model';
import { readStateFile } from '../../../drift/state/read-state';
import { compareInventories } from '../../../drift/compare/compare';
import { buildReport } from '../../../drift/report';

export const STATE_FILE = join(__dirname, '..', 'unit', 'fixtures', 'plain-hcl.tfstate.json');
const FIXTURES = join(__dirname, 'fixtures');

type Missing = 'missing';
interface LiveFixture {
  roles: Record<string, (Omit<LiveRole, 'assumeRolePolicyDocument' | 'inlinePolicies'> & { assumeRolePolicyDocument: unknown; inlinePolicies: Record<string, unknown> }) | Missing>;
  functions: Record<string, (Omit<LiveFunction, 'policies'> & { policies: Record<string, unknown> }) | Missing>;
  customerPolicies: Record<string, (Omit<LiveCustomerPolicy, 'document'> & { document: unknown }) | Missing>;
  errors: ReadError[];
}

const iamEncode = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));

export function loadLiveFixture(file: string): LiveInventory {
  const raw = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as LiveFixture;
  const roles = new Map<string, LiveRole | Missing>();
  for (const [name, r] of Object.entries(raw.roles)) {
    roles.set(name, r === 'missing' ? r : {
      ...r,
      assumeRolePolicyDocument: iamEncode(r.assumeRolePolicyDocument),
      inlinePolicies: Object.fromEntries(Object.entries(r.inlinePolicies).map(([n, d]) => [n, iamEncode(d)])),
    });
  }
  const functions = new Map<string, LiveFunction | Missing>();
  for (const [key, f] of Object.entries(raw.functions)) {
    functions.set(key, f === 'missing' ? f : { ...f, policies: Object.fromEntries(Object.entries(f.policies).map(([q, p]) => [q, p === null ? null : JSON.stringify(p)])) });
  }
  const customerPolicies = new Map<string, LiveCustomerPolicy | Missing>();
  for (const [arn, p] of Object.entries(raw.customerPolicies)) customerPolicies.set(arn, p === 'missing' ? p : { ...p, document: iamEncode(p.document) });
  return { roles, functions, customerPolicies, errors: raw.errors, apiCalls: {} };
}

export function fixtureReport(liveFile: string, extraErrors: ReadError[] = []): DriftReport {
  const expected = readStateFile(STATE_FILE);
  // The source is an absolute path on this machine; goldens must not depend on where the repo lives.
  const live = loadLiveFixture(liveFile);
  const attributions = JSON.parse(readFileSync(join(FIXTURES, 'attributions.json'), 'utf8')) as Record<string, Attribution>;
  const findings: DriftFinding[] = compareInventories(expected, live).map(({ attributionQuery: _query, ...f }) => ({
    ...f,
    attribution: attributions[`${f.code} ${f.resource.name}`] ?? null,
  }));
  return buildReport(findings, [...live.errors, ...extraErrors], { roles: expected.roles.length, functions: expected.functions.length });
}
