// Browser tests: the plan on a phone and on paper. At 375 px every measure
// of seed 003 reads as a card with all its fields (each named by its
// column) inside the screen, and nothing scrolls sideways; printed on A4
// portrait (chromium's print to PDF) every measure's text, responsibility
// and budget is on the paper, found again by pdftotext; the pages are
// turned to PNG with pdftoppm (tests/browser/screenshots/print-N.png) to
// be looked at. axe checks both layouts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, startBrowser, open, screenshots, SLUG, axe } from './server.mjs';

const PHONE = { width: 375, height: 812 };
let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); server?.stop(); });

// Text as compared: one space for any run of blanks (NBSP included).
const norm = (s) => s.replace(/[\s\u00a0\u202f]+/g, ' ').trim();

// What each measure of the page says: its text (without the state line),
// period, responsibility and budget, as the screen shows them.
async function measures(page) {
  return page.locator('table.measures tbody tr:has(td.measure)').evaluateAll((rows) => rows.map((tr) => {
    const cell = (sel) => tr.querySelector(sel);
    const text = [...cell('td.measure').querySelectorAll('p:not(.measure-state)')]
      .map((p) => p.innerText).join(' ');
    return { text, period: cell('td.period').innerText, resp: cell('td.resp').innerText,
             budget: cell('td.budget').innerText };
  }));
}

test('on a 375 px phone each measure is a card with every field in view', async () => {
  const { page, errors } = await open(browser, `${server.base}/plan/${SLUG}`, PHONE);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `the page is ${width}px wide`);
  // No measure table scrolls sideways inside its box either.
  const scrolling = await page.locator('.table-scroll:has(table.measures)').evaluateAll((boxes) =>
    boxes.filter((b) => b.scrollWidth > b.clientWidth + 1).map((b) => b.getAttribute('aria-labelledby')));
  assert.deepEqual(scrolling, []);
  const rows = page.locator('table.measures tbody tr:has(td.measure)');
  assert.equal(await rows.count(), 16);
  for (let i = 0; i < 16; i++) {
    for (const sel of ['td.measure', 'td.period', 'td.resp', 'td.budget']) {
      const cell = rows.nth(i).locator(sel);
      await cell.scrollIntoViewIfNeeded();
      assert.ok(await cell.isVisible(), `measure ${i + 1}: ${sel} is hidden`);
      const box = await cell.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width,
                `measure ${i + 1}: ${sel} is at ${box?.x}..${box && box.x + box.width}`);
    }
  }
  // Each field is named by its column: the label shows before the value.
  const labels = await rows.first().locator('td').evaluateAll((cells) => cells.map((c) =>
    getComputedStyle(c, '::before').content));
  assert.ok(labels.includes('"Tiltak"') && labels.includes('"Tid"') && labels.includes('"Budsjett"'),
            `labels: ${labels.join(', ')}`);
  // The first measure's budget, as the plan has it, on the card.
  assert.match(norm(await rows.first().locator('td.budget').innerText()), /^100 000 kr$/);
  await rows.first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(screenshots, 'plan-phone-cards.png'), fullPage: false });
  await rows.nth(5).scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(screenshots, 'plan-phone-cards-2.png'), fullPage: false });
  assert.deepEqual(errors, []);
});

test('the phone layout meets WCAG 2.1 AA (axe)', async () => {
  const { page } = await open(browser, `${server.base}/plan/${SLUG}`, PHONE);
  assert.deepEqual(await axe(page), []);
});

test('the print layout meets WCAG 2.1 AA (axe) and is no wider than the paper', async () => {
  // A4 portrait less the margins is about 182 mm: 688 CSS pixels.
  const { page } = await open(browser, `${server.base}/plan/${SLUG}`, { width: 688, height: 1000 });
  await page.emulateMedia({ media: 'print' });
  assert.deepEqual(await axe(page), []);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 688, `the printed page is ${width}px wide`);
  for (const sel of ['nav.lang', 'form.filters', 'header.site']) {
    const hidden = await page.locator(sel).evaluateAll((els) => els.every((e) => !e.offsetParent));
    assert.ok(hidden, `${sel} is printed`);
  }
});

test('printed on A4 portrait, every measure is on the paper whole', async () => {
  const { page } = await open(browser, `${server.base}/plan/${SLUG}`);
  const wanted = await measures(page);
  assert.equal(wanted.length, 16);
  const dir = mkdtempSync(join(tmpdir(), 'samspel-print-'));
  try {
    const pdf = join(dir, 'plan.pdf');
    await page.pdf({ path: pdf, format: 'A4' });
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    assert.match(info, /Page size:.*\(A4\)/);
    const pages = Number(info.match(/Pages:\s+(\d+)/)[1]);
    assert.ok(pages >= 2 && pages <= 20, `${pages} pages`);
    // -raw: in the order drawn, so a value's lines stay together beside
    // its label.
    const text = norm(execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }));
    for (const [i, m] of wanted.entries()) {
      for (const key of ['text', 'period', 'resp', 'budget']) {
        for (const line of m[key].split('\n').map(norm).filter(Boolean))
          assert.ok(text.includes(line), `measure ${i + 1}: ${key} "${line}" is not on the paper`);
      }
    }
    assert.match(text, /3 025 000 kr/);
    // The pages as pictures, to be looked at.
    execFileSync('pdftoppm', ['-r', '60', '-png', pdf, join(dir, 'print')]);
    const pngs = readdirSync(dir).filter((f) => f.endsWith('.png')).sort();
    assert.equal(pngs.length, pages);
    for (const f of readdirSync(screenshots).filter((f) => /^print-\d+\.png$/.test(f)))
      rmSync(join(screenshots, f));
    for (const f of pngs) copyFileSync(join(dir, f), join(screenshots, f.replace(/^print-0*/, 'print-')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
