// Browser tests of what a council keeps beside its plans: the programme's
// regions side by side, a project, the follow-up meeting, an indicator's
// chart, a council's roles and a network's mandate - each axe-clean, on a
// desktop and a phone - and the secretariat adding a follow-up point and a
// project through the forms (plain HTML forms, no script of ours).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, startBrowser, open, screenshots, PASSWORD, axe } from './server.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); server?.stop(); });

async function signIn(login, next) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  await page.goto(`${server.base}/login?next=${encodeURIComponent(next)}`);
  await page.fill('#login', login);
  await page.fill('#password', PASSWORD);
  await page.click('form[action="/login"] button[type="submit"]');
  await page.waitForURL(`${server.base}${next}`);
  return page;
}

// The href of the first link whose text matches name, on path.
async function linkTo(path, name) {
  const { page } = await open(browser, `${server.base}${path}`);
  const href = await page.getByRole('link', { name }).first().getAttribute('href');
  await page.context().close();
  return href;
}

test('every record page reads well and is axe-clean, on a desktop and a phone', async () => {
  const programme = await linkTo('/', 'Byregionprogrammet');
  const meeting = await linkTo('/', /Frå ord til handling/);
  const project = await linkTo('/', 'Sogn for alle');
  const indicator = await linkTo('/', 'Folketal i Leikanger, Luster og Sogndal');
  const council = await linkTo(meeting, 'Sogn regionråd');
  const network = await linkTo(council, 'Næringsnettverket i Sogn');
  for (const [path, name, expect] of [
    [programme, 'programme', /Hallingdal/],
    [project, 'project', /Styringsgruppe/],
    [meeting, 'meeting', /Handlingsplan for 2022/],
    [indicator, 'indicator', /15\s?071/],
    [council, 'council', /Sekretariat for Sogn regionråd/],
    [network, 'network', /Vera ein arena for utveksling/],
  ]) {
    for (const viewport of [{ width: 1280, height: 900 }, { width: 375, height: 800 }]) {
      const { page, errors, response } = await open(browser, `${server.base}${path}`, viewport);
      assert.equal(response.status(), 200, path);
      assert.match(await page.locator('main').innerText(), expect);
      assert.deepEqual(await axe(page), [], path);
      assert.deepEqual(errors, [], path);
      await page.screenshot({ path: join(screenshots, `record-${name}-${viewport.width}.png`), fullPage: true });
      await page.context().close();
    }
  }
  // The comparison table: two regions and a row of totals.
  const { page } = await open(browser, `${server.base}${programme}`);
  assert.equal(await page.locator('table.compare tbody tr').count(), 2);
  assert.match(await page.locator('table.compare tfoot').innerText(), /15\s071/);
  assert.match(await page.locator('table.compare tfoot').innerText(), /2\s680\s000/);
  await page.context().close();
});

test('the secretariat adds a follow-up point and a project through the forms', async () => {
  const meeting = await linkTo('/', /Frå ord til handling/);
  const page = await signIn('siri', meeting);
  const id = meeting.split('/').pop();
  await page.click(`a[href="/meeting/${id}/new/followup"]`);
  await page.waitForLoadState();
  assert.equal(new URL(page.url()).pathname, `/meeting/${id}/new/followup`);
  assert.deepEqual(await axe(page), []);
  await page.fill('#text', 'Kalle inn til møte i arbeidsgruppa for reiseliv');
  await page.fill('#due', '2030-01-15');
  await page.selectOption('#done', '0');
  await page.click(`form[action="/meeting/${id}/new/followup"] button[type="submit"]`);
  await page.waitForLoadState();
  assert.match(page.url(), new RegExp(`/meeting/${id}#followup-\\d+$`));
  assert.match(await page.locator('section[aria-labelledby="followups"]').innerText(), /Kalle inn til møte i arbeidsgruppa for reiseliv/);
  assert.match(await page.locator('section[aria-labelledby="followups"]').innerText(), /15\.1\.2030/);
  // A project, from the council's page.
  const council = await page.getByRole('link', { name: 'Sogn regionråd' }).first().getAttribute('href');
  await page.goto(`${server.base}${council}/new/project`);
  assert.deepEqual(await axe(page), []);
  await page.fill('#title', 'Forprosjekt kystkultur');
  await page.fill('#phase', 'forprosjekt');
  await page.click(`form[action="${council}/new/project"] button[type="submit"]`);
  await page.waitForLoadState();
  assert.match(new URL(page.url()).pathname, /^\/project\/\d+$/);
  assert.equal(await page.locator('h1').innerText(), 'Forprosjekt kystkultur');
  assert.deepEqual(await axe(page), []);
  await page.screenshot({ path: join(screenshots, 'record-project-new.png'), fullPage: true });
  await page.context().close();
});
