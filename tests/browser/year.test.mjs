// Browser tests: a council's year in the browser - the secretariat creates a
// plan and builds it (area, goal, focus, strategy, measures), edits, moves
// and deletes; a contact person finds "Mine tiltak", reports and corrects
// the report; the dashboard changes; two editors collide and the second
// keeps their text; the plan rolls over to next year. Every page is checked
// with axe (WCAG 2.1 AA), also with a field marked wrong, and the
// screenshots are the ones docs/guide.md shows (copied by `make guide`).
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
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${server.base}/login?next=${encodeURIComponent(next)}`);
  await page.fill('#login', login);
  await page.fill('#password', PASSWORD);
  await page.click('form[action="/login"] button[type="submit"]');
  await page.waitForURL(`${server.base}${next}`);
  return { page, errors };
}

const shot = (page, name) => page.screenshot({ path: join(screenshots, `guide-${name}.png`), fullPage: true });

// Submits the form whose action is action (the page's main form).
async function submit(page, action) {
  await Promise.all([page.waitForLoadState(), page.click(`form[action="${action}"] button[type="submit"]`)]);
}

test('the secretariat creates a plan and builds it in the browser', async () => {
  const { page, errors } = await signIn('siri', '/');
  await page.click('a[href="/plans/new"]');
  await page.waitForURL('**/plans/new');
  assert.deepEqual(await axe(page), []);
  // A blank title is answered on the same form, the field marked, the year
  // kept (the browser's own check is taken away to reach the server's).
  await page.fill('#year', '2027');
  await page.locator('#title').evaluate((el) => el.removeAttribute('required'));
  await submit(page, '/plans/new');
  assert.equal(await page.locator('#title[aria-invalid="true"]').count(), 1);
  assert.equal(await page.inputValue('#year'), '2027');
  assert.deepEqual(await axe(page), []);
  await page.fill('#title', 'Handlingsplan for Sogn 2027');
  await submit(page, '/plans/new');
  await page.waitForURL('**/plan/handlingsplan-for-sogn-2027/structure');
  const slug = 'handlingsplan-for-sogn-2027';
  assert.deepEqual(await axe(page), []);

  // An area, a goal, a focus, a strategy and two measures.
  const add = async (href, fields) => {
    await page.click(`a[href="${href}"]`);
    await page.waitForURL(`**${href}`);
    for (const [id, value] of Object.entries(fields)) await page.fill(`#${id}`, value);
    await submit(page, href);
    await page.waitForLoadState();
  };
  await add(`/plan/${slug}/new/area`, { number: '1', title: 'Attraktiv region' });
  const areaId = (await page.locator('span.controls[id^="area-"]').first().getAttribute('id')).slice(5);
  await add(`/area/${areaId}/new/goal`, { text: 'Folketalet i Sogn skal auke' });
  await add(`/area/${areaId}/new/focus`, { title: 'Bustad' });
  const focusId = (await page.locator('span.controls[id^="focus-"]').first().getAttribute('id')).slice(6);
  await add(`/focus/${focusId}/new/strategy`, { text: 'Samarbeide om bustadbygging' });
  const strategyId = (await page.locator('span.controls[id^="strategy-"]').first().getAttribute('id')).slice(9);
  await add(`/strategy/${strategyId}/new/measure`, { text: 'Kartleggje tomter i kvar kommune', period: 'Jan-mars 2027' });
  await page.goto(`${server.base}/plan/${slug}/structure`);
  await add(`/strategy/${strategyId}/new/measure`, { text: 'Felles bustadprogram', period: '2027' });
  await page.goto(`${server.base}/plan/${slug}/structure`);
  assert.equal(await page.locator('ol.measures li').count(), 2);
  assert.deepEqual(await axe(page), []);
  await shot(page, 'structure');

  // A period that cannot be read is answered on the form, the text kept.
  const second = await page.locator('ol.measures li > a[href^="/measure/"]').nth(1).getAttribute('href');
  await page.goto(`${server.base}${second}/edit`);
  await page.fill('#period', 'ein gong seinare');
  await page.fill('#text', 'Felles bustadprogram for heile Sogn');
  await submit(page, `${second}/edit`);
  assert.equal(await page.locator('#period[aria-invalid="true"]').count(), 1);
  assert.equal(await page.inputValue('#text'), 'Felles bustadprogram for heile Sogn');
  assert.deepEqual(await axe(page), []);
  await shot(page, 'field-error');
  await page.fill('#period', 'Våren 2027');
  await submit(page, `${second}/edit`);
  await page.waitForURL(`**${second}`);
  assert.match(await page.locator('.measure-text').innerText(), /for heile Sogn/);

  // Move the second measure up: it is first now.
  await page.goto(`${server.base}/plan/${slug}/structure`);
  await page.click(`form[action="${second}/move"] button`);
  await page.waitForLoadState();
  assert.equal(await page.locator('ol.measures li > a[href^="/measure/"]').first().getAttribute('href'), second);

  // Delete the other one, after the confirmation page.
  const other = await page.locator('ol.measures li > a[href^="/measure/"]').nth(1).getAttribute('href');
  await page.click(`a[href="${other}/delete"]`);
  await page.waitForURL(`**${other}/delete`);
  assert.deepEqual(await axe(page), []);
  await submit(page, `${other}/delete`);
  await page.waitForURL(`**/plan/${slug}/structure`);
  assert.equal(await page.locator('ol.measures li').count(), 1);

  // The plan's history shows each change.
  await page.goto(`${server.base}/plan/${slug}/history`);
  assert.match(await page.locator('table.history').innerText(), /Felles bustadprogram for heile Sogn/);
  assert.deepEqual(await axe(page), []);
  await shot(page, 'history');
  // Only the two refused forms (400) were logged.
  assert.deepEqual(errors.filter((m) => !/status of 400/.test(m)), []);
  assert.equal(errors.length, 2);
});

test('a contact person finds their measures, reports and corrects the report', async () => {
  const { page, errors } = await signIn('nina', '/mine');
  assert.deepEqual(await axe(page), []);
  await shot(page, 'mine');
  await page.click('a[href="/measure/8#new-report"]');
  await page.waitForURL('**/measure/8#new-report');
  // No state is chosen for her: saving without one is refused.
  assert.equal(await page.inputValue('#state'), '');
  await page.fill('#text', 'Avtale med to bedrifter.');
  await page.locator('#state').evaluate((el) => el.removeAttribute('required'));
  await submit(page, '/measure/8/report');
  assert.equal(await page.locator('#state[aria-invalid="true"]').count(), 1);
  assert.equal(await page.inputValue('#text'), 'Avtale med to bedrifter.');
  assert.deepEqual(await axe(page), []);
  errors.splice(0); // the browser logs the 400 of the refused form
  await page.selectOption('#state', 'delayed');
  await page.fill('#progress', '20');
  await submit(page, '/measure/8/report');
  await page.waitForURL('**/measure/8');
  const first = page.locator('ol.reports li').first();
  assert.match(await first.innerText(), /Forseinka/);
  assert.match(await first.innerText(), /\(NHO\)/);
  await shot(page, 'report');
  // She corrects it: on track after all.
  await first.locator('a[href^="/report/"]').click();
  await page.waitForURL('**/report/*/edit');
  assert.deepEqual(await axe(page), []);
  await page.selectOption('#state', 'on_track');
  await page.click('form[action^="/report/"] button[type="submit"]');
  await page.waitForURL('**/measure/8');
  assert.match(await page.locator('ol.reports li').first().innerText(), /I rute.*retta/s);
  assert.deepEqual(errors, []);
});

test('the dashboard shows the new state at once', async () => {
  const { page, errors } = await signIn('siri', `/plan/${SLUG}/status`);
  assert.deepEqual(await axe(page), []);
  const done = page.locator(`a[href="/plan/${SLUG}/status/list?state=done"]`);
  const before = (await done.count()) ? Number(await done.last().innerText()) : 0;
  const { page: nina } = await signIn('nina', '/measure/8');
  await nina.selectOption('#state', 'done');
  await submit(nina, '/measure/8/report');
  await page.reload();
  const after = Number(await done.last().innerText());
  assert.equal(after, before + 1);
  await shot(page, 'dashboard');
  assert.deepEqual(errors, []);
});

test('two editors collide; the second sees both values and keeps their text', async () => {
  const { page: a } = await signIn('siri', '/measure/10/edit');
  const { page: b } = await signIn('siri', '/measure/10/edit');
  await a.fill('#text', 'Teksten frå den fyrste redaktøren.');
  await submit(a, '/measure/10/edit');
  await a.waitForURL('**/measure/10');
  await b.fill('#text', 'Teksten frå den andre redaktøren.');
  await submit(b, '/measure/10/edit');
  // 409: the other value beside the field, the typed text kept.
  assert.match(await b.locator('.theirs').innerText(), /fyrste redaktøren/);
  assert.equal(await b.inputValue('#text'), 'Teksten frå den andre redaktøren.');
  assert.deepEqual(await axe(b), []);
  await shot(b, 'conflict');
  // Saving again puts theirs on top.
  await submit(b, '/measure/10/edit');
  await b.waitForURL('**/measure/10');
  assert.match(await b.locator('.measure-text').innerText(), /andre redaktøren/);
});

test('keyboard only: sign in, open the structure and change a goal', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.base}/login?next=${encodeURIComponent(`/plan/${SLUG}/structure`)}`);
  await page.focus('#login');
  await page.keyboard.type('siri');
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/plan/${SLUG}/structure`);
  // Tab to the first "Endre" link of a goal and follow it with Enter.
  const target = page.locator('span.controls[id^="goal-"] a').first();
  const href = await target.getAttribute('href');
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) break;
  }
  await page.keyboard.press('Enter');
  await page.waitForURL(`**${href}`);
  await page.focus('#text');
  await page.keyboard.press('End');
  await page.keyboard.type(' (endra med tastatur)');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/plan/${SLUG}/structure*`);
  assert.match(await page.locator('article.structure').innerText(), /endra med tastatur/);
});

test('the plan rolls over to next year', async () => {
  const { page, errors } = await signIn('siri', `/plan/${SLUG}/rollover`);
  assert.deepEqual(await axe(page), []);
  await page.click(`form[action="/plan/${SLUG}/rollover"] button[type="submit"]`);
  await page.waitForLoadState();
  assert.match(await page.locator('main').innerText(), /2024/);
  assert.deepEqual(await axe(page), []);
  await shot(page, 'rollover');
  assert.deepEqual(errors, []);
});

test('every page of the year meets WCAG 2.1 AA, also with a field marked wrong', async () => {
  const { page, errors } = await signIn('ada', '/');
  const pages = [
    `/plan/${SLUG}/edit`, `/plan/${SLUG}/structure`, `/plan/${SLUG}/history`,
    `/plan/${SLUG}/status`, `/plan/${SLUG}/status/list?state=none`, `/plan/${SLUG}?state=none`,
    '/measure/3', '/measure/3/edit', '/measure/3/history', '/measure/3/delete',
    '/area/1/new/goal', '/strategy/1/new/measure', '/measure/3/new/budget',
    '/orgs', '/org/1', '/org/1/edit', '/org/1/merge', '/admin/users', '/admin/users/new',
    '/mine', '/plans/new',
  ];
  const failures = [];
  for (const path of pages) {
    const response = await page.goto(`${server.base}${path}`);
    if (response.status() !== 200) failures.push(`${path}: ${response.status()}`);
    const v = await axe(page);
    if (v.length) failures.push(`${path}: ${v.join('; ')}`);
  }
  // Error states: a blank required field on a node form and on an organisation.
  for (const [path, field] of [['/measure/3/edit', '#text'], ['/area/1/new/goal', '#text'],
                               ['/org/1/edit', '#name']]) {
    await page.goto(`${server.base}${path}`);
    await page.locator(field).evaluate((el) => { el.removeAttribute('required'); el.value = ''; });
    await page.locator('main form button[type="submit"]').first().click();
    await page.waitForLoadState();
    if (await page.locator(`${field}[aria-invalid="true"]`).count() !== 1) failures.push(`${path}: field not marked`);
    const v = await axe(page);
    if (v.length) failures.push(`${path} (error): ${v.join('; ')}`);
  }
  assert.deepEqual(failures, []);
  assert.deepEqual(errors.filter((m) => !/status of (400|409)/.test(m)), []);
});
