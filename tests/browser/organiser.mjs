// An organiser's journey: ask for a sign-in link, read it from the test SMTP server, follow it,
// press "Me connecter", read the dashboard with the JRPS fill rates, sign out; then a used link
// and an expired one. axe-core on every state, at 1280 px and again at 360 px wide.
import { check, expect, mails, newPage, run } from './lib.mjs';

const LINK = /\/organiser\/sign-in\/[A-Za-z0-9_-]+/;

/** The sign-in links e-mailed to `to` so far. */
function links(maildir, to) {
  return mails(maildir)
    .filter((m) => m.to.some((t) => t.toLowerCase() === to.toLowerCase()))
    .map((m) => (LINK.exec(m.text) || [])[0])
    .filter(Boolean);
}

/** Waits for a link to `to` that is not in `before`. */
async function newLink(maildir, to, before, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const fresh = links(maildir, to).filter((l) => !before.includes(l));
    if (fresh.length) return fresh[0];
    if (Date.now() > deadline) throw new Error(`no sign-in link to ${to} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function walk(browser, base, data, width) {
  const at = `-${width}`;
  const { email } = data.organiser;
  const page = await newPage(browser, base, { width });

  // Not signed in: the dashboard sends to the sign-in page.
  await page.goto(`${base}/organiser`);
  await page.getByRole('heading', { level: 1, name: 'Connexion des organisateurs' }).waitFor();
  expect(new URL(page.url()).pathname === '/organiser/sign-in', `sign-in${at}`, `redirected to ${page.url()}`);
  await check(page, `sign-in-form${at}`);

  const before = links(data.maildir, email);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByRole('button', { name: 'Recevoir mon lien de connexion' }).click();
  await page.getByRole('heading', { level: 1, name: 'Vérifiez votre messagerie' }).waitFor();
  await check(page, `link-sent${at}`);

  const link = await newLink(data.maildir, email, before);
  await page.goto(base + link);
  await page.getByRole('heading', { level: 1, name: 'Me connecter' }).waitFor();
  await check(page, `confirm${at}`);
  await page.getByRole('button', { name: 'Me connecter' }).click();

  await page.getByRole('heading', { level: 1, name: 'Mes rencontres' }).waitFor();
  await page.getByRole('heading', { level: 2, name: data.jrps.title }).waitFor();
  const text = await page.locator('main').innerText();
  for (const w of data.jrps.workshops) {
    expect(text.includes(w.title), `dashboard${at}`, `the workshop ${w.title}`);
  }
  // Workshop B holds two people (seeded), the others none; the words say it, not the bar alone.
  expect(text.includes('2 / 15 places, 0 en attente, 0 présent'), `dashboard${at}`, 'B: 2 / 15 places');
  expect(text.includes('0 / 29 places, 0 en attente, 0 présent'), `dashboard${at}`, 'A: 0 / 29 places');
  expect(text.includes('1 / 120 places'), `dashboard${at}`, 'the dinner: 1 / 120 places');
  expect(await page.locator('meter').count() >= 5, `dashboard${at}`, 'a bar per session with seats');
  await check(page, `dashboard${at}`);

  await page.getByRole('button', { name: 'Me déconnecter' }).click();
  await page.getByRole('heading', { level: 1, name: 'Vous êtes déconnecté' }).waitFor();
  await check(page, `signed-out${at}`);
  await page.goto(`${base}/organiser`);
  expect(new URL(page.url()).pathname === '/organiser/sign-in', `signed-out${at}`, 'the session is over');

  // The same link again: used.
  await page.goto(base + link);
  await page.getByRole('heading', { level: 1, name: 'Ce lien a déjà servi' }).waitFor();
  await page.getByRole('link', { name: 'Recevoir un nouveau lien' }).waitFor();
  await check(page, `used-link${at}`);

  // A link older than 15 minutes.
  await page.goto(base + data.organiser.expired);
  await page.getByRole('heading', { level: 1, name: 'Ce lien a expiré' }).waitFor();
  await check(page, `expired-link${at}`);
  await page.context().close();
}

await run(async ({ browser, base, data }) => {
  await walk(browser, base, data, 1280);
  await walk(browser, base, data, 360);
});
