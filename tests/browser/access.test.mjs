// Browser tests: signing in, reporting on a measure, editing, signing out -
// the way a contact person and the secretariat do it in chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, startBrowser, screenshots, SLUG, PASSWORD, axe } from './server.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); server?.stop(); });

async function signIn(login, next = '/') {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(`${server.base}/login?next=${encodeURIComponent(next)}`);
  assert.deepEqual(await axe(page), []);
  await page.fill('#login', login);
  await page.fill('#password', PASSWORD);
  await page.click('form[action="/login"] button[type="submit"]');
  await page.waitForURL(`${server.base}${next}`);
  return { page, errors };
}

test('a contact person signs in and reports on a measure', async () => {
  const { page, errors } = await signIn('nina', '/measure/8');
  assert.match(await page.locator('header.site .account').innerText(), /Nina NHO/);
  assert.deepEqual(await axe(page), []);
  await page.selectOption('#state', 'at_risk');
  await page.fill('#progress', '40');
  await page.fill('#spent', '120 000');
  await page.fill('#text', 'Læreplassane er avtalte med tre bedrifter.');
  await page.click('form[action="/measure/8/report"] button[type="submit"]');
  await page.waitForURL('**/measure/8');
  const report = page.locator('ol.reports li').first();
  assert.match(await report.innerText(), /Læreplassane er avtalte med tre bedrifter\./);
  assert.match(await report.innerText(), /120\s000\skr/);
  assert.match(await report.innerText(), /Nina NHO/);
  await page.screenshot({ path: join(screenshots, 'measure-report.png'), fullPage: true });
  // A measure she is not part of offers no form.
  await page.goto(`${server.base}/measure/1`);
  assert.equal(await page.locator('form[action="/measure/1/report"]').count(), 0);
  assert.deepEqual(errors, []);
});

test('a wrong password is refused with a message that is read out', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.base}/login`);
  await page.fill('#login', 'nina');
  await page.fill('#password', 'feil feil feil feil');
  await page.click('form[action="/login"] button[type="submit"]');
  await page.waitForLoadState();
  assert.equal(await page.locator('[role="alert"]').count(), 1);
  assert.equal(await page.locator('header.site a.account[href="/login"]').count(), 1); // still signed out
  assert.deepEqual(await axe(page), []);
});

test('the secretariat edits the plan and unpublishes and publishes it', async () => {
  const { page, errors } = await signIn('siri', `/plan/${SLUG}`);
  await page.click(`a[href="/plan/${SLUG}/edit"]`);
  await page.waitForURL(`**/plan/${SLUG}/edit`);
  assert.deepEqual(await axe(page), []);
  await page.screenshot({ path: join(screenshots, 'plan-edit.png') });
  await page.fill('#vision', 'Saman gjer vi Sogn endå betre.');
  await page.click(`form[action="/plan/${SLUG}/edit"] button[type="submit"]`);
  await page.waitForURL(`**/plan/${SLUG}`);
  assert.match(await page.locator('dl.lead').innerText(), /Saman gjer vi Sogn endå betre\./);
  await page.click(`form[action="/plan/${SLUG}/unpublish"] button`);
  await page.waitForURL(`**/plan/${SLUG}`);
  assert.equal(await page.locator(`form[action="/plan/${SLUG}/publish"]`).count(), 1);
  const anonymous = await (await browser.newContext()).newPage();
  const response = await anonymous.goto(`${server.base}/plan/${SLUG}`);
  assert.equal(response.status(), 404);
  await page.click(`form[action="/plan/${SLUG}/publish"] button`);
  await page.waitForURL(`**/plan/${SLUG}`);
  assert.equal((await anonymous.goto(`${server.base}/plan/${SLUG}`)).status(), 200);
  // Sign out: back to the public view.
  await page.click('form.signout button');
  await page.waitForURL(`${server.base}/`);
  assert.equal(await page.locator('header.site a.account[href="/login"]').count(), 1);
  assert.deepEqual(errors, []);
});
