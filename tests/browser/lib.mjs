// Shared pieces of the browser journeys: Debian's Chromium through playwright-core (which never
// downloads a browser), axe-core on every state a journey reaches, reflow, same-origin
// requests, strict HTML parsing, screenshots, and the e-mails the test SMTP server received.
//
// A journey is run by the Rust test target `browser` as
//   node tests/browser/<journey>.mjs <base-url> <json>
// and fails (exit status 1) when a step cannot be done or when any check found a problem; every
// problem found is listed at the end, so one run shows them all.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axe = require('axe-core');
const here = dirname(fileURLToPath(import.meta.url));

export const CHROMIUM = process.env.TISSER_CHROMIUM || '/usr/bin/chromium';
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The journey's arguments: the server's base URL and what the Rust side seeded. */
export function args() {
  const [base, json] = process.argv.slice(2);
  if (!base) {
    console.error('usage: node <journey>.mjs <base-url> [<json>]');
    process.exit(2);
  }
  return { base: base.replace(/\/$/, ''), data: json ? JSON.parse(json) : {} };
}

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Problems found by `check` (and by `expect`), reported together at the end. */
const problems = [];
let checks = 0;
/** The journey's name, before each state's name in screenshots. */
let prefix = 'journey';

export function problem(state, text) {
  problems.push(`[${state}] ${text}`);
  console.log(`PROBLEM [${state}] ${text}`);
}

/** A soft assertion: records a problem and goes on. */
export function expect(ok, state, text) {
  if (!ok) problem(state, text);
  return ok;
}

const screenshots =
  process.env.TISSER_SCREENSHOTS || mkdtempSync(join(tmpdir(), 'tisser-screenshots-'));
mkdirSync(screenshots, { recursive: true });

/**
 * A new page in its own context (own cookies), French first like most visitors, recording
 * every request it makes and the last document it loaded.
 */
export async function newPage(browser, base, { width = 1280, height = 900, locale = 'fr-FR' } = {}) {
  // bypassCSP: axe is injected as an inline script, which a strict Content-Security-Policy
  // would (rightly) refuse.
  const context = await browser.newContext({ viewport: { width, height }, locale, bypassCSP: true });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const origin = new URL(base).origin;
  page.tisser = { origin, requests: [], documents: [] };
  page.on('request', (r) => page.tisser.requests.push(r.url()));
  page.on('response', (r) => {
    if (r.request().resourceType() === 'document' && r.frame() === page.mainFrame()) {
      page.tisser.documents.push(r);
    }
  });
  return page;
}

/** Strict HTML5 parse (html5lib, as the Rust tests use) of the text; returns the errors. */
export function htmlErrors(html) {
  const out = spawnSync('python3', [join(here, 'html.py')], { input: html, encoding: 'utf8' });
  if (out.error) return [`cannot run python3: ${out.error.message}`];
  if (out.status !== 0) return [(out.stderr || out.stdout).trim().split('\n').pop()];
  return [];
}

function shotFile(name) {
  return join(screenshots, `${prefix}-${name}`.replace(/[^a-zA-Z0-9._-]+/g, '-') + '.png');
}

function describe(v) {
  const nodes = v.nodes
    .slice(0, 6)
    .map((n) => `      ${n.target.join(' ')}  ${n.html.slice(0, 160)}\n        ${(n.failureSummary || '').replace(/\n/g, ' ')}`)
    .join('\n');
  const more = v.nodes.length > 6 ? `\n      … and ${v.nodes.length - 6} more` : '';
  return `axe ${v.id} (${v.impact}): ${v.help}\n${nodes}${more}`;
}

/**
 * Checks the page as it stands, as state `name`: axe with the WCAG 2.2 AA tags, no horizontal
 * scroll, every request to the server's own origin, the document parses as strict HTML5, a
 * non-empty title; saves a full-page screenshot `<name>.png`.
 */
export async function check(page, name) {
  checks += 1;
  const file = shotFile(name);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`state ${name}: ${page.url()} (screenshot ${file})`);

  await page.addScriptTag({ content: axe.source });
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }),
    AXE_TAGS,
  );
  for (const v of result.violations) problem(name, describe(v));

  const { scrollWidth, innerWidth, title } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    title: document.title,
  }));
  expect(scrollWidth <= innerWidth, name, `horizontal scroll: scrollWidth ${scrollWidth} > innerWidth ${innerWidth}`);
  expect(title.trim() !== '', name, 'empty <title>');

  // Only the requests made since the last check: one stray request is reported once.
  const requests = page.tisser.requests.splice(0);
  const foreign = requests.filter((u) => {
    try {
      const url = new URL(u);
      return url.origin !== page.tisser.origin && url.protocol !== 'data:';
    } catch {
      return true;
    }
  });
  expect(foreign.length === 0, name, `requests outside ${page.tisser.origin}: ${[...new Set(foreign)].join(', ')}`);

  const doc = page.tisser.documents.at(-1);
  if (doc) {
    let html = null;
    try {
      html = await doc.text();
    } catch (e) {
      problem(name, `cannot read the document's source: ${e.message}`);
    }
    if (html !== null) {
      for (const e of htmlErrors(html)) problem(name, `invalid HTML: ${e}`);
    }
  }
  return result;
}

/** Checks the page at 200 % text size (WCAG 1.4.4 / 1.4.10): no horizontal scroll. */
export async function checkZoomedText(page, name) {
  await page.evaluate(() => {
    document.documentElement.style.fontSize = '200%';
  });
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  const file = shotFile(name);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`state ${name}: ${page.url()} at 200 % text (screenshot ${file})`);
  expect(scrollWidth <= innerWidth, name, `horizontal scroll at 200 % text: scrollWidth ${scrollWidth} > innerWidth ${innerWidth}`);
  await page.evaluate(() => {
    document.documentElement.style.fontSize = '';
  });
}

/** Every message the test SMTP server stored in `maildir` (decoded by Python's email module). */
export function mails(maildir) {
  const out = spawnSync('python3', [join(here, 'mail.py'), maildir], { encoding: 'utf8' });
  if (out.error) throw new Error(`cannot run python3: ${out.error.message}`);
  if (out.status !== 0) throw new Error(`mail.py failed: ${out.stderr}`);
  return JSON.parse(out.stdout);
}

/**
 * Waits for a message to `to` that was not in `seen` (a count of messages to that address
 * already read) and whose text holds a private link; returns `{ mail, path }` with the link's
 * path (`/manage/…`; the server's configured public address is not the test server's).
 */
export async function waitForLink(maildir, to, seen = 0, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mine = mails(maildir).filter((m) => m.to.some((t) => t.toLowerCase() === to.toLowerCase()));
    if (mine.length > seen) {
      for (const mail of mine.slice(seen)) {
        const m = /\/manage\/[A-Za-z0-9_-]+/.exec(mail.text) || /\/manage\/[A-Za-z0-9_-]+/.exec(mail.html);
        if (m) return { mail, path: m[0], count: mine.length };
      }
    }
    if (Date.now() > deadline) {
      throw new Error(`no e-mail with a private link to ${to} after ${timeoutMs} ms (${mine.length} messages to them, ${seen} already read)`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** How many messages `to` has received so far. */
export function mailCount(maildir, to) {
  return mails(maildir).filter((m) => m.to.some((t) => t.toLowerCase() === to.toLowerCase())).length;
}

/** The element that has the focus, described for messages. */
export async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { tag: 'body' };
    const label = el.labels && el.labels[0] ? el.labels[0].innerText : '';
    return {
      tag: el.tagName.toLowerCase(),
      type: el.getAttribute('type'),
      id: el.id,
      name: el.getAttribute('name'),
      text: (el.innerText || el.value || '').trim().slice(0, 80),
      label: label.trim(),
      checked: el.checked === true,
      href: el.getAttribute('href'),
    };
  });
}

/**
 * Runs a journey: launches the browser, gives it to `steps`, closes it, reports. A step that
 * throws ends the journey; problems found by checks are listed; any of either exits 1.
 */
export async function run(steps, { timeoutMs = 240_000 } = {}) {
  const { base, data } = args();
  prefix = data.name || basename(process.argv[1], '.mjs');
  console.log(`journey ${prefix} on ${base}; screenshots in ${screenshots}`);
  setTimeout(() => {
    console.error(`JOURNEY TIMED OUT after ${timeoutMs} ms`);
    if (problems.length) console.error(problems.join('\n'));
    process.exit(1);
  }, timeoutMs).unref();
  const browser = await launch();
  let failed = false;
  try {
    await steps({ browser, base, data });
  } catch (e) {
    failed = true;
    console.error(`JOURNEY STOPPED: ${e.stack || e}`);
  } finally {
    await browser.close();
  }
  console.log(`${checks} states checked, ${problems.length} problems`);
  if (problems.length) {
    console.error(`\n${problems.length} problems:\n${problems.join('\n')}`);
  }
  process.exit(failed || problems.length ? 1 : 0);
}
