// Browser test of the forgotten password: the link from the sign-in page,
// the form, the answer (the same whatever the address), and a link that
// does not work - each axe-clean.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, open, axe } from './server.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); server?.stop(); });

test('a forgotten password is asked for and answered without telling who has an account', async () => {
  const { page, errors } = await open(browser, `${server.base}/login`);
  await page.click('a[href="/login/forgot"]');
  await page.waitForLoadState();
  assert.equal(new URL(page.url()).pathname, '/login/forgot');
  assert.deepEqual(await axe(page), []);
  await page.fill('#email', 'nobody@example.no');
  await page.click('form[action="/login/forgot"] button[type="submit"]');
  await page.waitForLoadState();
  const answer = await page.locator('[role="status"]').innerText();
  assert.ok(answer.length > 20);
  assert.deepEqual(await axe(page), []);
  const response = await page.goto(`${server.base}/password/not-a-real-token`);
  assert.equal(response.status(), 404);
  assert.deepEqual(await axe(page), []);
  // The one console message is the 404 asked for.
  assert.deepEqual(errors.filter((e) => !/status of 404/.test(e)), []);
  await page.context().close();
});
