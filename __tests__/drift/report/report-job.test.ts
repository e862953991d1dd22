/**
 * The report formats from a real drift run against the local endpoint: one run writes SARIF, JUnit, HTML
 * and JSON; the SARIF passes the official validator and points at the .tf lines under --source-root; the
 * JUnit has a testcase per declared role and function; the JSON carries the checked list and locations.
 * The plain-HCL state fixture is read against an empty account, so every resource it declares is gone.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalAws } from '../../../local-aws';
import type { DriftReport } from '../../../drift/model';
import { runDriftJob } from '../../../drift/job';
import { UserError } from '../../../shared/errors';
import { reportSchemaErrors } from '../../helpers/report-schema';
import { validateSarif } from '../../helpers/sarif-validator';
import { validateXml, xpath } from '../../helpers/xmllint';
import { startEndpoint } from '../fixtures/seed';

const STATE = join(__dirname, '..', 'fixtures', 'plain-hcl.tfstate.json');
const SOURCE_ROOT = join(__dirname, '..');
let aws: LocalAws;
let dir: string;

beforeAll(async () => {
  aws = await startEndpoint();
  dir = mkdtempSync(join(tmpdir(), 'report-job-'));
});
afterAll(async () => {
  await aws.close();
  rmSync(dir, { recursive: true, force: true });
});

test('one run writes sarif, junit, html and json that agree, located under --source-root', async () => {
  const out = (ext: string) => join(dir, `drift.${ext}`);
  const result = await runDriftJob({
    stateFiles: [STATE],
    skipAttribution: true,
    sourceRoot: SOURCE_ROOT,
    reports: ['sarif', 'junit', 'html', 'json'].map((format) => ({
      format: format as 'sarif',
      path: out(format === 'junit' ? 'xml' : format),
    })),
  });
  expect(result.exitCode).toBe(2);
  const json = JSON.parse(readFileSync(out('json'), 'utf8')) as DriftReport;
  expect(reportSchemaErrors(json)).toEqual([]);
  expect(json.checked!.map((c) => `${c.type} ${c.name}`).sort()).toEqual([
    'aws_iam_policy reports-read',
    'aws_iam_role svc-billing',
    'aws_iam_role svc-orders',
    'aws_iam_role worker-0',
    'aws_iam_role worker-1',
    'aws_lambda_function orders',
  ]);
  expect(new Set(json.findings.map((f) => f.location?.kind))).toEqual(new Set(['terraform']));

  const validation = validateSarif([out('sarif')]);
  expect(validation.scanned).toBe(1);
  expect(validation.issues).toEqual([]);
  const sarif = JSON.parse(readFileSync(out('sarif'), 'utf8')) as {
    runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
  };
  const uris = new Set(sarif.runs[0].results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri));
  expect(uris).toEqual(new Set(['fixtures/plain-hcl/main.tf', 'fixtures/plain-hcl/modules/fn-role/main.tf']));

  expect(validateXml(join(__dirname, 'schemas', 'junit.xsd'), [out('xml')]).ok).toBe(true);
  expect(Number(xpath(out('xml'), 'count(//testcase)'))).toBe(json.checked!.length);
  expect(Number(xpath(out('xml'), 'count(//failure)'))).toBe(json.findings.length);

  const html = readFileSync(out('html'), 'utf8');
  expect(html).toContain('fixtures/plain-hcl/main.tf:');
  expect(html).not.toMatch(/\b(src|href)=|url\(|@import|@font-face/);
}, 120_000);

test('a bad --source-root or --definition is one UserError naming the flag, the value and the fix', async () => {
  await expect(runDriftJob({ stateFiles: [STATE], sourceRoot: join(dir, 'missing'), reports: [{ format: 'json' }] })).rejects.toThrow(
    new UserError(
      `--source-root ${join(dir, 'missing')}: not a directory; pass the repository root (the folder SARIF paths are relative to)`,
    ),
  );
  await expect(runDriftJob({ stateFiles: [STATE], definitions: { shop: STATE }, reports: [{ format: 'json' }] })).rejects.toThrow(
    /^--definition shop=.*: no --stack shop is checked/,
  );
});
