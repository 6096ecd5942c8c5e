// Browser test of a reporting round: the secretariat opens one on the
// plan's rounds page and looks at the round's page; both axe-clean.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { startServer, startBrowser, screenshots, SLUG, PASSWORD } from './server.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); server?.stop(); });

async function axe(page) {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes[0]?.target}`);
}

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
  await context.close();
});
