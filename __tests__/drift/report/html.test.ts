/**
 * The HTML report in a real headless browser (Debian's chromium through playwright-core): it loads from a
 * file with no console error and no request but the file itself, shows the findings, filters them by
 * severity, highlights what differs, words attribution without calling a failed lookup "unattributed", and
 * renders hostile values as text that runs nothing. A screenshot is saved to artifacts/ for a person to look at.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { DriftReport } from '../../../drift/model';
import { REPORT_WRITERS } from '../../../drift/report';
import { PROJECT_ROOT } from '../../../shared/terraform/env';
import { reportCase } from '../../helpers/report-cases';

const HOSTILE = '<img src=x onerror=alert(1)><script>window.pwned=1</script>';
const ARTIFACTS = join(PROJECT_ROOT, 'artifacts');

let dir: string;
let context: BrowserContext;

/** What one page load did: requests beyond the file, console errors, uncaught errors, dialogs. */
interface Load {
  readonly page: Page;
  readonly requests: string[];
  readonly consoleErrors: string[];
  readonly dialogs: string[];
}

async function open(name: string, report: DriftReport): Promise<Load> {
  const file = join(dir, `${name}.html`);
  writeFileSync(file, REPORT_WRITERS.html.render(report, { color: false }));
  const url = pathToFileURL(file).href;
  const page = await context.newPage();
  const load: Load = { page, requests: [], consoleErrors: [], dialogs: [] };
  page.on('request', (r) => {
    if (r.url() !== url) load.requests.push(r.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error') load.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => load.consoleErrors.push(e.message));
  page.on('dialog', (d) => {
    load.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(url, { waitUntil: 'load' });
  return load;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'html-report-'));
  context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // Every network request is refused (and recorded by the page listeners): the file must need none.
  await context.route(/^(?!file:)/, (route) => route.abort());
}, 60_000);
afterAll(async () => {
  await context?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the html report in chromium', () => {
  const report = reportCase('read-error');

  it('loads from its file with no console error and no other request, showing every finding', async () => {
    const { page, requests, consoleErrors, dialogs } = await open('drift', report);
    expect({ requests, consoleErrors, dialogs }).toEqual({ requests: [], consoleErrors: [], dialogs: [] });
    await expect(page.locator('.finding:visible').count()).resolves.toBe(report.findings.length);
    await expect(page.locator('#verdict').textContent()).resolves.toMatch(/^Not verified/);
    await expect(page.locator('.card[data-count="critical"] b').textContent()).resolves.toBe(String(report.summary.bySeverity.critical));
    await expect(page.locator('#errors + ul').textContent()).resolves.toContain('Lambda function policy orders (eu-west-1)');
    await expect(page.locator('#warnings + ul li').count()).resolves.toBe(report.warnings.length);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: join(ARTIFACTS, 'drift-report.png'), fullPage: true });
    await page.screenshot({ path: join(ARTIFACTS, 'drift-report-top.png') }); // the first screen, at full size
    await page.close();
  });

  it('hides and shows findings by severity', async () => {
    const { page } = await open('filter', report);
    const critical = report.findings.filter((f) => f.severity === 'critical').length;
    expect(critical).toBeGreaterThan(0);
    await page.locator('#filter-critical').uncheck();
    await expect(page.locator('.finding[data-severity="critical"]:visible').count()).resolves.toBe(0);
    await expect(page.locator('.finding:visible').count()).resolves.toBe(report.findings.length - critical);
    await expect(page.locator('#shown').textContent()).resolves.toBe(String(report.findings.length - critical));
    await page.locator('#filter-critical').check();
    await expect(page.locator('.finding[data-severity="critical"]:visible').count()).resolves.toBe(critical);
    await page.close();
  });

  it('shows expected and actual side by side, marking what differs', async () => {
    const { page } = await open('diff', report);
    const inline = page.locator('.finding', { hasText: 'INLINE_POLICY_CHANGED' });
    await expect(inline.locator('td:nth-child(3) mark.add').allTextContents()).resolves.toEqual(['"sqs:SendMessage"']);
    await expect(inline.locator('td:nth-child(2) mark').count()).resolves.toBe(0);
    const events = page.locator('.finding', { hasText: 'INVOKE_PERMISSION_CHANGED' });
    await expect(events.locator('td:nth-child(2) mark.del').allTextContents()).resolves.toEqual(['nightly']);
    await expect(events.locator('td:nth-child(3) mark.add').allTextContents()).resolves.toEqual(['*']);
    await page.close();
  });

  it('words attribution by its status and shows the import block as code', async () => {
    const failed: DriftReport = {
      ...report,
      findings: report.findings.map((f, i) => (i === 0 ? { ...f, attribution: null, attributionStatus: 'lookup-failed' } : f)),
    };
    const { page } = await open('who', failed);
    await expect(page.locator('#finding-1 .who').textContent()).resolves.toBe('unknown: CloudTrail could not be read (see warnings)');
    await expect(page.locator('.who', { hasText: 'manual console edit by' }).count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('pre.code').first().textContent()).resolves.toMatch(/^import \{/);
    await page.close();
  });

  it('lists ignored findings apart, with their rule', async () => {
    const ignored = reportCase('ignored');
    const { page } = await open('ignored', ignored);
    await expect(page.locator('#ignored').textContent()).resolves.toBe('Ignored by rule (2)');
    await expect(page.locator('#ignored + ul li').first().textContent()).resolves.toContain('debug logging during the incident');
    await expect(page.locator('.finding').count()).resolves.toBe(ignored.findings.length);
    await page.close();
  });

  it('renders hostile values as text and runs nothing', async () => {
    const [first, ...rest] = report.findings;
    const hostile: DriftReport = {
      ...report,
      findings: [
        {
          ...first,
          reason: HOSTILE,
          resource: { ...first.resource, name: HOSTILE },
          differences: [{ path: HOSTILE, expected: { Description: HOSTILE }, actual: HOSTILE, type: 'NOT_EQUAL' }],
          remediation: `${HOSTILE}\n\nimport { to = x.${HOSTILE} }`,
        },
        ...rest,
      ],
      warnings: [{ code: 'X', message: HOSTILE, resource: HOSTILE }],
      errors: [{ resource: HOSTILE, message: HOSTILE }],
    };
    const { page, requests, dialogs, consoleErrors } = await open('hostile', hostile);
    expect({ requests, dialogs, consoleErrors }).toEqual({ requests: [], dialogs: [], consoleErrors: [] });
    await expect(page.evaluate('typeof window.pwned')).resolves.toBe('undefined');
    await expect(page.locator('img').count()).resolves.toBe(0);
    await expect(page.locator('body script').count()).resolves.toBe(1); // ours only
    await expect(page.locator('#finding-1 p').textContent()).resolves.toBe(HOSTILE);
    await expect(page.locator('#finding-1 td').first().textContent()).resolves.toContain(HOSTILE);
    await page.close();
  });
});
