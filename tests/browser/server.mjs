// Starts `samspel serve` on a free port with seed 003, the demo plan and the
// demo's records loaded,
// and Debian's chromium through playwright-core. Shared by the browser tests.
import AxeBuilder from '@axe-core/playwright';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..', '..');
export const bin = process.env.SAMSPEL_BIN;
export const seeds = process.env.SAMSPEL_SEEDS || join(root, '..', 'shared', 'seeds');
export const screenshots = join(here, 'screenshots');
export const SLUG = 'regionalplan-for-sogn-handlingsplan-2023';
export const DEMO = 'regionalplan-for-fjordheim-handlingsplan-2025';
export const PASSWORD = 'riktig hest batteri stift';
// Users made for the tests, as an administrator would with `samspel user add`.
export const USERS = [
  ['siri', 'Siri Sogn', 'editor', 'Sogn regionråd'],
  ['nina', 'Nina NHO', 'reporter', 'NHO'],
  ['ada', 'Ada Admin', 'admin', null],
];

export async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), 'samspel-browser-'));
  const db = join(dir, 'samspel.db');
  execFileSync(bin, ['import', join(seeds, '003_5bc64c91c12c2643.txt'), '--db', db], { stdio: 'ignore' });
  execFileSync(bin, ['import', join(root, 'data/demo/handlingsplan-2025.txt'), '--db', db], { stdio: 'ignore' });
  // The records of the demo (programme, projects, meeting, groups, indicators).
  for (const f of readdirSync(join(root, 'data/demo')).filter((n) => n.endsWith('.json')).sort())
    execFileSync(bin, ['load', join(root, 'data/demo', f), '--db', db], { stdio: 'ignore' });
  for (const [login, name, role, org] of USERS) {
    execFileSync(bin, ['user', 'add', login, '--name', name, '--role', role, ...(org ? ['--org', org] : []),
                       '--password-stdin', '--db', db], { input: PASSWORD + '\n', stdio: ['pipe', 'ignore', 'ignore'] });
  }
  const proc = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const base = await new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[^\s]+?)\/?\n/);
      if (m) resolve(m[1]);
    });
    proc.on('exit', (code) => reject(new Error(`samspel serve exited with ${code}`)));
    setTimeout(() => reject(new Error('samspel serve did not start')), 10000);
  });
  return { base, stop: () => { proc.kill('SIGTERM'); rmSync(dir, { recursive: true, force: true }); } };
}

export async function startBrowser() {
  mkdirSync(screenshots, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// Opens url in a new page, collecting console errors (a CSP violation is one).
export async function open(browser, url, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  const response = await page.goto(url);
  return { page, errors, response };
}

// The WCAG 2.1 A and AA rules axe finds broken on page, one line each.
export async function axe(page) {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes[0]?.target}`);
}
