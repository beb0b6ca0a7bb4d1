// Importing a programme from a spreadsheet: an organiser signed in opens the import page of an
// event without sessions from the dashboard, gives the date of day 1 and a file with errors,
// reads the problems (error summary with the focus, each a link to its row of the table of
// problems), then chooses the JRPS 2024 day-1 file, reads the preview day by day, confirms,
// and the dashboard says how many sessions were added. Then the rest of the organiser's day:
// the public page previewed, published; a participant registers for a workshop of it; the
// organiser moves that workshop by 30 minutes and the participant receives the updated invite
// (same UID, higher SEQUENCE). Plain forms, no script; axe-core on every state at 1280 px, and
// the preview and the problems again at 320 px.
import { check, expect, expectErrorSummary, expectH1, fillForm, invites, lastStatus, newPage, run, startsWith, until } from './lib.mjs';

/**
 * The summary of a file's problems: it has the focus, the title starts with "Erreur : ", and
 * each link leads to a row of the table of problems. Returns the links' texts.
 */
async function problemSummary(page, state) {
  const info = await page.evaluate(() => {
    const summary = document.querySelector('main [role="alert"]');
    const links = summary ? [...summary.querySelectorAll('a')] : [];
    return {
      title: document.title,
      focused: !!(summary && summary.contains(document.activeElement)),
      links: links.map((a) => {
        const target = document.getElementById((a.getAttribute('href') || '').slice(1));
        return { text: a.innerText.trim(), row: !!(target && target.matches('table tr')) };
      }),
    };
  });
  expect(info.focused, state, 'the error summary does not have the focus');
  expect(info.title.startsWith('Erreur : '), state, `title: ${info.title}`);
  expect(info.links.length > 0, state, 'no link in the error summary');
  for (const l of info.links) expect(l.row, state, `"${l.text}" leads to no row of the table of problems`);
  return info.links.map((l) => l.text);
}

/** The same state again on a 320 px wide screen, then back. */
async function narrow(page, name) {
  await page.setViewportSize({ width: 320, height: 800 });
  await check(page, `${name}-320`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

await run(async ({ browser, base, data }) => {
  const d = data.import;
  const page = await newPage(browser, base);
  await page.goto(base + d.link);
  await page.getByRole('button', { name: 'Me connecter' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mes rencontres' }).waitFor();

  // The import page, by its link's words.
  await page.getByRole('link', { name: `Importer un programme : ${d.event}` }).click();
  await expectH1(page, 'form', `Importer un programme : ${d.event}`);
  expect(
    (await page.getByLabel('Date du premier jour').inputValue()) === '',
    'form',
    'no session yet: the date of day 1 is asked for',
  );
  await page.getByRole('link', { name: 'Télécharger le modèle de programme (CSV)' }).waitFor();
  await page.getByRole('link', { name: 'Télécharger le programme actuel (CSV)' }).waitFor();
  await check(page, 'form');
  await narrow(page, 'form');

  // Nothing chosen: the form's own errors.
  await page.getByRole('button', { name: "Voir l'aperçu" }).click();
  await page.getByRole('heading', { name: 'Il y a un problème' }).waitFor();
  expect(lastStatus(page) === 422, 'form-errors', `status ${lastStatus(page)}`);
  await expectErrorSummary(page, 'form-errors');
  await check(page, 'form-errors');

  // A file with errors: the problems, by line and column; nothing to confirm.
  await page.getByLabel('Date du premier jour').fill(d.first_day);
  await page.getByLabel('Fichier du programme (CSV ou XLSX)').setInputFiles(d.errors);
  await page.getByRole('button', { name: "Voir l'aperçu" }).click();
  await expectH1(page, 'problems', `Aperçu de l'import : ${d.event}`);
  expect(lastStatus(page) === 422, 'problems', `status ${lastStatus(page)}`);
  const said = await problemSummary(page, 'problems');
  for (const start of ['Ligne 3, colonne « fin »', 'Ligne 4, colonne « type »', 'Ligne 5, colonne « places »', 'Ligne 6, colonne « titre »']) {
    expect((said || []).some((s) => s.startsWith(start)), 'problems', `summary holds "${start}…": ${JSON.stringify(said)}`);
  }
  await page.getByRole('table', { name: 'Problèmes dans le fichier' }).waitFor();
  expect((await page.getByRole('button', { name: "Confirmer l'import" }).count()) === 0, 'problems', 'no confirmation');
  await check(page, 'problems');
  await narrow(page, 'problems');
  // A link of the summary leads to its row.
  await page.getByRole('link', { name: /^Ligne 3, colonne « fin »/ }).click();
  expect(/#probleme-\d+$/.test(page.url()), 'problems-row', `at ${page.url()}`);
  const row = await page.locator(':target').innerText();
  expect(row.includes('la fin n’est pas après le début') || row.includes("la fin n'est pas après le début"), 'problems-row', `row: ${row}`);

  // The corrected file: the JRPS 2024 first day. The date typed is kept.
  expect((await page.getByLabel('Date du premier jour').inputValue()) === d.first_day, 'again', 'the date is kept');
  await page.getByLabel('Fichier du programme (CSV ou XLSX)').setInputFiles(d.day_one);
  await page.getByRole('button', { name: "Voir l'aperçu" }).click();
  await page.getByText(`${d.count} temps seront ajoutés au programme.`).waitFor();
  expect(lastStatus(page) === 200, 'preview', `status ${lastStatus(page)}`);
  await page.getByRole('heading', { level: 3, name: `Jour 1 : ${d.day_words}` }).waitFor();
  const sessions = await page.getByRole('heading', { level: 4 }).count();
  expect(sessions === d.count, 'preview', `${d.count} sessions listed, found ${sessions}`);
  for (const title of d.titles) {
    expect((await page.getByRole('heading', { level: 4, name: title, exact: true }).count()) >= 1, 'preview', `lists "${title}"`);
  }
  await check(page, 'preview');
  await narrow(page, 'preview');

  // Confirmed: back to the dashboard, which says how many.
  await page.getByRole('button', { name: "Confirmer l'import" }).click();
  await page.getByRole('status').getByText(`${d.count} temps ont été ajoutés au programme de « ${d.event} ».`).waitFor();
  await expectH1(page, 'imported', 'Mes rencontres');
  await check(page, 'imported');

  // The public page previewed as participants will see it, then published.
  await page.getByRole('link', { name: `Modifier l'évènement : ${d.event}` }).click();
  await page.getByRole('link', { name: 'Prévisualiser la page publique' }).click();
  await expectH1(page, 'public-preview', d.event);
  await page.getByRole('note', { name: 'Aperçu' }).waitFor();
  const shown = await page.locator('main').innerText();
  for (const title of d.titles) expect(shown.includes(title), 'public-preview', `the preview shows "${title}"`);
  await check(page, 'public-preview');
  await page.getByRole('link', { name: "Revenir à l'évènement" }).click();
  await page.getByRole('link', { name: 'Publier', exact: true }).click();
  await page.getByRole('button', { name: 'Oui, publier' }).click();
  await page.getByText('Évènement publié. Le public le voit.').waitFor();

  // A participant registers for a workshop of the imported programme.
  const person = { email: 'remi.participant@example.org', first: 'Rémi', last: 'Participant', profile: 'Aidante ou aidant' };
  const visitor = await newPage(browser, base);
  await visitor.goto(`${base}/events/${d.slug}/register`);
  await fillForm(visitor, person, { slot: /10 h 45/, workshop: startsWith(d.workshop) });
  await visitor.getByRole('button', { name: "M'inscrire" }).click();
  await visitor.waitForURL('**/manage/*/confirmation');
  const first = await until('the confirmation with its invite', () =>
    invites(d.maildir, person.email).find((i) => i.dtstart === d.workshop_utc),
  );

  // The organiser moves that workshop by 30 minutes; the participant's invite follows.
  await page.getByRole('link', { name: 'Voir et modifier le programme' }).click();
  await page.getByRole('link', { name: `Modifier ou déplacer : ${d.workshop}` }).click();
  await page.getByLabel('Heure de début').fill('11:15');
  await page.getByLabel('Heure de fin').fill('13:00');
  await page.getByRole('button', { name: 'Enregistrer les changements' }).click();
  const said2 = await page.locator('main').innerText();
  expect(said2.includes('1 personne a une place à ce temps.'), 'move-confirm', `how many: ${said2}`);
  await check(page, 'move-confirm');
  await page.getByRole('button', { name: 'Oui, enregistrer et prévenir' }).click();
  await page.getByText('Changements enregistrés.', { exact: false }).first().waitFor();
  const moved = await until('the updated invite', () =>
    invites(d.maildir, person.email).find((i) => i.uid === first.uid && i.sequence > first.sequence),
  );
  expect(moved.dtstart === d.moved_utc, 'participant', `the invite moved by 30 minutes: ${JSON.stringify(moved)}`);
  await page.context().close();
});
