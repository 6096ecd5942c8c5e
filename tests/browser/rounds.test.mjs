// Browser test of a reporting round: the secretariat opens one on the
// plan's rounds page and looks at the round's page; both axe-clean.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startServer, startBrowser, screenshots, SLUG, PASSWORD, axe } from './server.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); server?.stop(); });

test('the secretariat opens a reporting round and reads its page', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  await page.goto(`${server.base}/login?next=${encodeURIComponent(`/plan/${SLUG}/rounds`)}`);
  await page.fill('#login', 'siri');
  await page.fill('#password', PASSWORD);
  await page.click('form[action="/login"] button[type="submit"]');
  await page.waitForURL(`${server.base}/plan/${SLUG}/rounds`);
  assert.deepEqual(await axe(page), []);
  const deadline = new Date(Date.now() + 30 * 86400000).toISOString().slice(0, 10);
  await page.fill('#name', '1. tertial');
  await page.fill('#deadline', deadline);
  await page.click(`form[action="/plan/${SLUG}/rounds"] button[type="submit"]`);
  await page.waitForLoadState();
  assert.match(new URL(page.url()).pathname, /^\/round\/\d+$/);
  assert.equal(await page.locator('h1').innerText(), '1. tertial');
  assert.ok(await page.locator('section.round-org').count() > 0);
  assert.deepEqual(await axe(page), []);
  await page.screenshot({ path: join(screenshots, 'round.png'), fullPage: true });

  // The spreadsheet round trip: download an organisation's sheet, fill it
  // in (openpyxl, as a person would in a spreadsheet program), upload it,
  // read the preview, save.
  const section = page.locator('section.round-org')
    .filter({ has: page.locator('tbody tr:nth-child(2)') }).first();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    section.locator('a[href*="/sheet.xlsx"]').click(),
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'samspel-sheet-'));
  const sheet = join(dir, 'sheet.xlsx');
  await download.saveAs(sheet);
  execFileSync('/usr/bin/python3', ['-c',
    'import openpyxl,sys\n' +
    'wb=openpyxl.load_workbook(sys.argv[1]); ws=wb.active\n' +
    "ws['I2']='I rute'; ws['J2']=30; ws['K2']='Fyrste steg er gjort'\n" +
    "ws['I3']='kanskje'\n" +
    'wb.save(sys.argv[1])', sheet]);
  await section.locator('input[type="file"]').setInputFiles(sheet);
  await section.locator('form.upload button[type="submit"]').click();
  await page.waitForLoadState();
  assert.equal(await page.locator('.sheet-new').count(), 1);
  assert.match(await page.locator('article.sheet').innerText(), /I3: ukjend status «kanskje»/);
  assert.deepEqual(await axe(page), []);
  await page.screenshot({ path: join(screenshots, 'round-sheet-preview.png'), fullPage: true });
  await page.click('form[action$="/sheet/apply"] button[type="submit"]');
  await page.waitForLoadState();
  assert.match(new URL(page.url()).pathname, /^\/round\/\d+$/);
  await context.close();
});
