// Browser test of importing a plan on the web: an editor uploads a Word
// document, reads what samspel makes of it (nothing stored yet), and
// stores it as a draft; both pages axe-clean.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startServer, startBrowser, screenshots, root, PASSWORD, axe } from './server.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); server?.stop(); });

test('an editor imports a Word plan: preview, then a draft', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'samspel-import-'));
  const docx = join(dir, 'handlingsplan.docx');
  execFileSync('/usr/bin/python3', [join(root, 'tests', 'support', 'make_documents.py'),
    'handmade', docx]);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  await page.goto(`${server.base}/login?next=${encodeURIComponent('/')}`);
  await page.fill('#login', 'siri');
  await page.fill('#password', PASSWORD);
  await page.click('form[action="/login"] button[type="submit"]');
  await page.waitForURL(`${server.base}/`);
  await page.click('a[href="/plans/import"]');
  await page.waitForURL(`${server.base}/plans/import`);
  assert.deepEqual(await axe(page), []);
  await page.selectOption('#council', { label: 'Sogn regionråd' });
  await page.setInputFiles('#file', docx);
  await page.click('form[action="/plans/import"] button[type="submit"]');
  await page.waitForLoadState();

  // The preview: the plan as read, its areas and sums, every note with
  // its place in the document.
  assert.equal(await page.locator('h2').first().innerText(), 'Handlingsplan for Testregionen 2024');
  const body = await page.locator('main').innerText();
  assert.match(body, /Attraktiv region/);
  assert.match(body, /spora endringar/);
  assert.match(body, /tabell 1, rad 3:/);
  assert.match(body, /185\s000/);
  assert.deepEqual(await axe(page), []);
  await page.screenshot({ path: join(screenshots, 'import-preview.png'), fullPage: true });

  await page.click('form[action="/plans/import/confirm"] button[type="submit"]');
  await page.waitForURL(`${server.base}/plan/handlingsplan-for-testregionen-2024`);
  const plan = await page.locator('main').innerText();
  assert.match(plan, /Tiltak fire over to kolonnar/);
  assert.match(plan, /Tekstboks: alle kommunane skal vere med\./);
  assert.doesNotMatch(plan, /gamle/);
  await page.screenshot({ path: join(screenshots, 'import-stored.png'), fullPage: true });
  await context.close();
});
