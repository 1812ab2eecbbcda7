// The audit export: the overview's button downloads the evidence CSV, which the verify endpoint
// and the offline command accept as downloaded and refuse, naming the record, once edited.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { visible } from '../pageHelpers.mjs';

// The Restore tab's own components render the same in both frontend systems: these run on the new
// app only. Each system's wiring (tabs, cards, catalog column, signals) is covered on both apps by
// basics, coverage and live.
export const apps = ['app'];

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../..',
);
const command = path.join(
  root,
  'plugins/kymaros-common/bin/kymaros-verify-evidence',
);

async function verifyOffline(file) {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [
      command,
      file,
    ]);
    return { code: 0, stdout };
  } catch (e) {
    return { code: e.code, stdout: `${e.stdout}${e.stderr}` };
  }
}

async function verifyOnline(request, csv) {
  const res = await request('/evidence/verify', {
    method: 'POST',
    headers: { 'Content-Type': 'text/csv' },
    body: csv,
  });
  if (!res.ok)
    throw new Error(`verify answered ${res.status}: ${await res.text()}`);
  return res.json();
}

// The demo's rows hold no quoted cells, so a row splits on commas.
function tamperScore(csv, test) {
  const lines = csv.split('\r\n');
  const header = lines[0].split(',');
  const i = lines.findIndex(
    line => line.split(',')[header.indexOf('test')] === test,
  );
  if (i < 0) throw new Error(`the export has no row of ${test}`);
  const cells = lines[i].split(',');
  const column = header.indexOf('score');
  cells[column] = cells[column] === '100' ? '99' : '100';
  lines[i] = cells.join(',');
  return { csv: lines.join('\r\n'), report: cells[header.indexOf('report')] };
}

export const scenarios = [
  {
    name: 'the overview exports the audit evidence as CSV, which verifies, and an edited copy does not',
    async run({ page, appUrl, request, shot }) {
      await page.goto(`${appUrl}/kymaros`);
      await visible(page, 'Restore tests, worst first');
      const button = page.getByRole('button', {
        name: 'Export evidence (CSV)',
      });
      await button.waitFor({ state: 'visible', timeout: 60_000 });
      await button.hover();
      await visible(page, /each record SHA-256 chained/);
      await shot('overview-evidence-export');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        button.click(),
      ]);
      if (!/^kymaros-evidence-.*\.csv$/.test(download.suggestedFilename()))
        throw new Error(
          `the download is named ${download.suggestedFilename()}`,
        );
      const dir = mkdtempSync(path.join(tmpdir(), 'kymaros-e2e-evidence-'));
      const file = path.join(dir, download.suggestedFilename());
      await download.saveAs(file);
      const csv = readFileSync(file, 'utf8');

      const [header, ...rows] = csv.trimEnd().split('\r\n');
      const columns = header.split(',');
      for (const column of [
        'test',
        'entity',
        'owner',
        'backupAge',
        'rto',
        'rpo',
        'levels',
        'result',
        'triggeredBy',
        'report',
        'previousHash',
        'hash',
      ])
        if (!columns.includes(column))
          throw new Error(`the CSV has no ${column} column: ${header}`);
      const entities = new Set(
        rows.map(row => row.split(',')[columns.indexOf('entity')]),
      );
      for (const name of [
        'payments-api',
        'orders',
        'catalog-search',
        'storefront',
        'legacy-reports',
        'analytics-pipeline',
        'media-archive',
        'ledger',
      ])
        if (!entities.has(`component:default/${name}`))
          throw new Error(
            `the CSV has no run of ${name}; it has ${[...entities].join(', ')}`,
          );

      const verified = await verifyOnline(request, csv);
      if (!verified.ok || verified.verified !== rows.length)
        throw new Error(
          `the downloaded export does not verify: ${JSON.stringify(
            verified.firstFailure ?? verified,
          )}`,
        );
      const offline = await verifyOffline(file);
      if (
        offline.code !== 0 ||
        !offline.stdout.startsWith(
          `OK: ${rows.length} of ${rows.length} records verified`,
        )
      )
        throw new Error(
          `kymaros-verify-evidence on the download: exit ${offline.code}: ${offline.stdout}`,
        );

      const tampered = tamperScore(csv, 'component:default/orders:orders');
      const refused = await verifyOnline(request, tampered.csv);
      if (
        refused.ok ||
        refused.firstFailure?.report !== tampered.report ||
        !/changed after it was recorded/.test(refused.firstFailure.reason)
      )
        throw new Error(
          `an edited score is not named: ${JSON.stringify(
            refused.firstFailure ?? refused,
          )}`,
        );
      const tamperedFile = path.join(dir, 'edited.csv');
      writeFileSync(tamperedFile, tampered.csv);
      const offlineRefused = await verifyOffline(tamperedFile);
      if (
        offlineRefused.code !== 1 ||
        !offlineRefused.stdout.includes(`(${tampered.report}) does not verify`)
      )
        throw new Error(
          `kymaros-verify-evidence on the edited copy: exit ${offlineRefused.code}: ${offlineRefused.stdout}`,
        );

      await page.setViewportSize({ width: 390, height: 844 });
      await visible(page, 'Export evidence (CSV)');
      await shot('overview-evidence-export-390');
      await page.setViewportSize({ width: 1440, height: 1000 });
    },
  },
];
