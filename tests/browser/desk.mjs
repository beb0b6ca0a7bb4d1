// The organisers' desk on registration day, in Chromium, everything found by label, role and
// link text: sign in with the link read from the test SMTP server; the dashboard's fill rates;
// search a person and open their page; move them from a full workshop to another (the first
// person waiting moves up and receives an e-mail); cancel another person after the
// confirmation page; register someone without an e-mail address on an event whose public
// registration is closed; write to the registrants (preview, then send); check two people in
// on a 360 px wide phone; download the attendee list as CSV and XLSX and read both back.
// axe-core on every organiser page and state.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, expect, mailCount, mails, newPage, run } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const LINK = /\/organiser\/sign-in\/[A-Za-z0-9_-]+/;

async function until(what, test, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = test();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function toOf(maildir, to) {
  return mails(maildir).filter((m) => m.to.some((t) => t.toLowerCase() === to.toLowerCase()));
}

/** Downloads what clicking `link` gives; returns the file's path and name. */
async function download(page, link) {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const path = join(mkdtempSync(join(tmpdir(), 'tisser-download-')), file.suggestedFilename());
  await file.saveAs(path);
  return { path, name: file.suggestedFilename() };
}

await run(async ({ browser, base, data }) => {
  const d = data.desk;
  const page = await newPage(browser, base, { width: 1280 });

  // Sign in with the e-mailed link.
  await page.goto(`${base}/organiser/sign-in`);
  const before = toOf(data.maildir, d.email).length;
  await page.getByLabel('Adresse e-mail').fill(d.email);
  await page.getByRole('button', { name: 'Recevoir mon lien de connexion' }).click();
  await page.getByRole('heading', { level: 1, name: 'Vérifiez votre messagerie' }).waitFor();
  const mail = await until('the sign-in e-mail', () => toOf(data.maildir, d.email)[before]);
  await page.goto(base + LINK.exec(mail.text)[0]);
  await page.getByRole('button', { name: 'Me connecter' }).click();

  // The dashboard: the full workshop and its line, in words.
  await page.getByRole('heading', { level: 1, name: 'Mes rencontres' }).waitFor();
  let text = await page.locator('main').innerText();
  expect(text.includes(`11 / 11 places, 1 en attente`), 'desk-dashboard', `D is full with one waiting: ${text}`);
  await check(page, 'desk-dashboard');

  // Search the person and open their page.
  await page.getByRole('link', { name: `Inscriptions : ${data.jrps.title}` }).click();
  await page.getByLabel('Rechercher un nom ou une adresse e-mail').fill(d.mover.last);
  await page.getByRole('button', { name: 'Afficher' }).click();
  await page.getByRole('link', { name: `${d.mover.last} ${d.mover.first}` }).click();
  await page.getByRole('heading', { level: 1, name: `${d.mover.first} ${d.mover.last}` }).waitFor();
  await check(page, 'desk-person');

  // Move them from D (full, one waiting) to C.
  const waitingBefore = mailCount(data.maildir, d.waiting.email);
  await page.getByRole('radio', { name: new RegExp(`^${d.to}`) }).check();
  await page.getByRole('button', { name: 'Enregistrer ses ateliers' }).click();
  await page.getByText('Ateliers enregistrés. La personne a reçu un message.').waitFor();
  text = await page.locator('main').innerText();
  expect(text.includes(d.to), 'desk-moved', 'the new workshop is listed');
  await check(page, 'desk-moved');
  const promoted = await until('the e-mail of the person who moved up', () =>
    toOf(data.maildir, d.waiting.email).slice(waitingBefore).find((m) => m.subject.startsWith('Une place s’est libérée')),
  );
  expect(promoted.text.includes(d.from), 'desk-moved', 'the promoted person is told which workshop');

  // Erasing asks first; going back changes nothing.
  await page.getByRole('link', { name: 'Effacer ses données' }).click();
  await page.getByRole('button', { name: 'Oui, effacer ses données' }).waitFor();
  await check(page, 'desk-erase-confirm');
  await page.getByRole('link', { name: 'Non, revenir à sa page' }).click();
  await page.getByRole('heading', { level: 1, name: `${d.mover.first} ${d.mover.last}` }).waitFor();

  // Cancel another person, after the confirmation page.
  await page.getByRole('link', { name: 'Retour aux inscriptions' }).click();
  await page.getByLabel('Rechercher un nom ou une adresse e-mail').fill(d.cancel.email);
  await page.getByRole('button', { name: 'Afficher' }).click();
  await page.getByRole('table').getByRole('link').first().click();
  await page.getByRole('link', { name: 'Annuler son inscription' }).click();
  await page.getByRole('button', { name: 'Oui, annuler son inscription' }).waitFor();
  await check(page, 'desk-cancel-confirm');
  const cancelledBefore = mailCount(data.maildir, d.cancel.email);
  await page.getByRole('button', { name: 'Oui, annuler son inscription' }).click();
  await page.getByText('Inscription annulée. La personne a reçu un message.').waitFor();
  await check(page, 'desk-cancelled');
  await until('the cancellation e-mail', () => mailCount(data.maildir, d.cancel.email) > cancelledBefore);

  // Register someone without an address, on the event whose public registration is closed.
  await page.goto(`${base}/organiser`);
  await page.getByRole('link', { name: `Inscrire une personne : ${data.closed.title}` }).click();
  await page.getByRole('heading', { level: 1, name: `Inscrire une personne à ${data.closed.title}` }).waitFor();
  await check(page, 'desk-register-form');
  // Nothing typed: the errors, then fixed.
  await page.getByRole('button', { name: 'Inscrire cette personne' }).click();
  await page.getByRole('alert').waitFor();
  await check(page, 'desk-register-errors');
  await page.getByLabel('Prénom').fill('Denise');
  await page.getByLabel('Nom', { exact: true }).fill('Roux');
  await page.getByRole('button', { name: 'Inscrire cette personne' }).click();
  await page.getByRole('heading', { level: 1, name: 'Denise Roux' }).waitFor();
  text = await page.locator('main').innerText();
  expect(text.includes("Pas d'adresse e-mail"), 'desk-registered', 'no address, said in words');
  expect(text.includes('Inscription enregistrée'), 'desk-registered', 'the outcome on screen');
  await check(page, 'desk-registered');

  // Write to the registrants of the JRPS: preview, then send.
  await page.goto(`${base}/organiser`);
  await page.getByRole('link', { name: `Écrire aux inscrits : ${data.jrps.title}` }).click();
  await check(page, 'desk-message-form');
  await page.getByLabel('À qui ?').selectOption({ label: d.to });
  await page.getByLabel('Objet').fill('Salle changée');
  await page.getByLabel('Message').fill("L'atelier a lieu salle 12.\nMerci.");
  await page.getByRole('button', { name: "Voir l'aperçu" }).click();
  await page.getByRole('heading', { level: 2, name: 'Aperçu' }).waitFor();
  text = await page.locator('main').innerText();
  expect(/1 personne recevra ce message\./.test(text), 'desk-message-preview', `reach: ${text}`);
  await check(page, 'desk-message-preview');
  await page.getByRole('button', { name: 'Envoyer le message' }).click();
  await page.getByText('1 message est parti.').waitFor();
  await check(page, 'desk-message-sent');
  await until('the message', () => toOf(data.maildir, d.mover.email).some((m) => m.subject.includes('Salle changée')));

  // Downloads from the dashboard, read back.
  await page.goto(`${base}/organiser`);
  const csv = await download(page, page.getByRole('link', { name: `Liste des inscrits (CSV) : ${data.jrps.title}` }));
  const rows = readFileSync(csv.path, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter(Boolean);
  expect(rows.length >= 14, 'desk-csv', `rows: ${rows.length}`);
  const moverRow = rows.find((r) => r.includes(`"${d.mover.last}"`));
  expect(moverRow && moverRow.includes(d.to), 'desk-csv', `the moved person's row: ${moverRow}`);
  const xlsx = await download(page, page.getByRole('link', { name: `Liste des inscrits (tableur XLSX) : ${data.jrps.title}` }));
  const read = spawnSync('python3', [join(here, 'sheet.py'), xlsx.path], { encoding: 'utf8' });
  expect(read.status === 0, 'desk-xlsx', `openpyxl: ${read.stderr}`);
  if (read.status === 0) {
    const sheets = JSON.parse(read.stdout).sheets;
    const first = Object.values(sheets)[0];
    expect(first.some((row) => row.includes(d.mover.last)), 'desk-xlsx', 'the moved person in the workbook');
    expect(first.length === rows.length, 'desk-xlsx', `as many rows as the CSV: ${first.length} / ${rows.length}`);
  }
  await page.context().close();

  // At the door, on a phone: the session of the person who moved up; check two people in.
  const phone = await newPage(browser, base, { width: 360, height: 740 });
  await phone.goto(base + d.phone_link);
  await phone.getByRole('button', { name: 'Me connecter' }).click();
  await phone.getByRole('link', { name: `Accueil et présences : ${d.from}` }).click();
  for (const who of [`${d.waiting.first} ${d.waiting.last}`, `${d.stayer.first} ${d.stayer.last}`]) {
    await phone.getByLabel('Rechercher un nom').fill(who.split(' ')[1].slice(0, 3));
    await phone.getByRole('button', { name: 'Rechercher' }).click();
    await phone.getByRole('button', { name: `Marquer présent : ${who}` }).click();
    await phone.getByRole('button', { name: `Annuler la présence : ${who}` }).waitFor();
  }
  text = await phone.locator('main').innerText();
  expect(text.includes('2 présents / 11 attendus'), 'desk-door-360', `counts: ${text.match(/\d+ présents? \/ \d+ attendus?/)}`);
  await check(phone, 'desk-door-360');

  // The desk's pages on the same phone, by keyboard: a person's page and its confirmation,
  // the form on someone's behalf, the messages.
  await phone.getByRole('link', { name: 'Mes rencontres' }).click();
  await phone.getByRole('link', { name: `Inscriptions : ${data.jrps.title}` }).click();
  await phone.getByLabel('Rechercher un nom ou une adresse e-mail').fill(d.stayer.last);
  await phone.getByLabel('Rechercher un nom ou une adresse e-mail').press('Enter');
  const personLink = phone.getByRole('link', { name: `${d.stayer.last} ${d.stayer.first}` });
  await personLink.focus();
  await phone.keyboard.press('Enter');
  await phone.getByRole('heading', { level: 1, name: `${d.stayer.first} ${d.stayer.last}` }).waitFor();
  await check(phone, 'desk-person-360');
  await phone.getByRole('link', { name: 'Annuler son inscription' }).click();
  await check(phone, 'desk-cancel-confirm-360');
  await phone.getByRole('link', { name: 'Non, revenir à sa page' }).click();
  await phone.goto(`${base}/organiser/events/${data.jrps.slug}/register`);
  await check(phone, 'desk-register-form-360');
  await phone.goto(`${base}/organiser/events/${data.jrps.slug}/messages`);
  await check(phone, 'desk-message-form-360');
  await phone.context().close();

  // An admin: the accounts and the open sessions.
  const admin = await newPage(browser, base, { width: 1280 });
  await admin.goto(base + d.admin_link);
  await admin.getByRole('button', { name: 'Me connecter' }).click();
  await admin.getByRole('link', { name: 'Comptes et connexions' }).click();
  await admin.getByRole('heading', { level: 1, name: 'Comptes et connexions' }).waitFor();
  text = await admin.locator('main').innerText();
  expect(text.includes(d.email), 'desk-admin-sessions', 'the organiser signed in is listed');
  await check(admin, 'desk-admin-sessions');
  // The attendance sheet of the session, to print (an A4 page: read at a desk's width).
  await admin.getByRole('link', { name: 'Mes rencontres' }).click();
  await admin.getByRole('link', { name: `Accueil et présences : ${d.from}` }).click();
  await admin.getByRole('link', { name: "Feuille d'émargement à imprimer" }).click();
  await admin.getByRole('heading', { level: 1, name: "Feuille d'émargement" }).waitFor();
  await check(admin, 'desk-sheet');
  await admin.context().close();
});
