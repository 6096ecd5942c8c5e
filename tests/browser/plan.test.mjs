// Browser tests: the published plan as a reader sees it in chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, startBrowser, open, screenshots, SLUG, DEMO, axe } from './server.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); server?.stop(); });

test('the plan page renders, without console or CSP errors', async () => {
  const { page, errors, response } = await open(browser, `${server.base}/plan/${SLUG}`);
  assert.equal(response.status(), 200);
  assert.equal(await page.title(), 'Regionalplan for Sogn - handlingsplan 2023 · samspel');
  assert.equal(await page.locator('h1').innerText(), 'Regionalplan for Sogn - handlingsplan 2023');
  assert.equal(await page.locator('section.area').count(), 4);
  assert.equal(await page.locator('td.measure').count(), 16);
  // The stylesheet applied: the header has its fjord blue.
  const bg = await page.locator('header.site').evaluate((e) => getComputedStyle(e).backgroundColor);
  assert.equal(bg, 'rgb(12, 74, 110)');
  assert.match(await page.locator('section.overview tfoot').innerText(), /3\s025\s000\skr/);
  await page.screenshot({ path: join(screenshots, 'plan.png'), fullPage: true });
  assert.deepEqual(errors, []);
});

test('the plan page meets WCAG 2.1 AA (axe)', async () => {
  const { page } = await open(browser, `${server.base}/plan/${SLUG}`);
  assert.deepEqual(await axe(page), []);
});

test('the front page leads to the plan', async () => {
  const { page, errors } = await open(browser, `${server.base}/`);
  assert.deepEqual(await axe(page), []);
  await page.getByRole('link', { name: 'Regionalplan for Sogn - handlingsplan 2023' }).click();
  await page.waitForURL(`**/plan/${SLUG}`);
  assert.equal(await page.locator('h1').innerText(), 'Regionalplan for Sogn - handlingsplan 2023');
  await page.screenshot({ path: join(screenshots, 'home.png') });
  assert.deepEqual(errors, []);
});

test('the reader can switch to English and Bokmål, and it is remembered', async () => {
  const { page } = await open(browser, `${server.base}/plan/${DEMO}`);
  await page.getByRole('link', { name: 'English' }).click();
  await page.waitForURL('**?lang=en');
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.ok(await page.getByRole('heading', { name: 'Areas and budget' }).isVisible());
  await page.goto(`${server.base}/`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.getByRole('link', { name: 'Bokmål' }).click();
  await page.waitForURL('**?lang=nb');
  assert.equal(await page.locator('html').getAttribute('lang'), 'nb');
});

test('on a phone the page does not scroll sideways; tables scroll in their box', async () => {
  const { page } = await open(browser, `${server.base}/plan/${SLUG}`, { width: 375, height: 800 });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `page is ${width}px wide`);
  await page.screenshot({ path: join(screenshots, 'plan-phone.png') });
});

test('the 404 page is a real page and accessible', async () => {
  const { page, response } = await open(browser, `${server.base}/plan/no-such-plan`);
  assert.equal(response.status(), 404);
  assert.match(await page.locator('h1').innerText(), /.+/);
  assert.deepEqual(await axe(page), []);
});
