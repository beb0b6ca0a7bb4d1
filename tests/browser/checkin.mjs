// Check-in at the door, on a phone (360 px wide): an organiser signed in opens a session's
// check-in page from the dashboard, types two letters of a name, marks two people present,
// sees the counts change, undoes one; then the event's registrations, searched and filtered. No script on the page: plain forms. axe-core on every
// state; everything found by label, role and link text.
import { check, expect, newPage, run } from './lib.mjs';

async function counts(page) {
  return (await page.locator('main').innerText()).match(/\d+ présents? \/ \d+ attendus?/)?.[0];
}

await run(async ({ browser, base, data }) => {
  const at = '-360';
  const page = await newPage(browser, base, { width: 360, height: 740 });
  await page.goto(base + data.checkin.link);
  await page.getByRole('button', { name: 'Me connecter' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mes rencontres' }).waitFor();

  await page.getByRole('link', { name: `Accueil et présences : ${data.checkin.session}` }).click();
  await page.getByRole('heading', { level: 1, name: `Accueil et présences : ${data.checkin.session}` }).waitFor();
  expect((await counts(page)) === '0 présent / 5 attendus', `list${at}`, `counts: ${await counts(page)}`);
  await check(page, `check-in-list${at}`);

  // Two letters of a name, without its accent.
  await page.getByLabel('Rechercher un nom').fill('lo');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await page.getByRole('button', { name: 'Marquer présent : Élodie Fabre' }).waitFor();
  const found = await page.getByRole('button', { name: /^Marquer présent/ }).count();
  expect(found === 2, `search${at}`, `two people match "lo", got ${found}`);
  await check(page, `check-in-search${at}`);

  // The buttons are large enough for a thumb.
  const box = await page.getByRole('button', { name: 'Marquer présent : Élodie Fabre' }).boundingBox();
  expect(box && box.height >= 44 && box.width >= 44, `search${at}`, `button ${JSON.stringify(box)}`);

  await page.getByRole('button', { name: 'Marquer présent : Élodie Fabre' }).click();
  await page.getByRole('button', { name: 'Annuler la présence : Élodie Fabre' }).waitFor();
  expect(await page.getByLabel('Rechercher un nom').inputValue() === 'lo', `marked${at}`, 'the search is kept');
  expect((await counts(page)) === '1 présent / 5 attendus', `marked${at}`, `counts: ${await counts(page)}`);
  await check(page, `check-in-one${at}`);

  await page.getByRole('button', { name: 'Marquer présent : Louise Morel' }).click();
  await page.getByRole('button', { name: 'Annuler la présence : Louise Morel' }).waitFor();
  expect((await counts(page)) === '2 présents / 5 attendus', `marked-two${at}`, `counts: ${await counts(page)}`);
  await check(page, `check-in-two${at}`);

  await page.getByRole('button', { name: 'Annuler la présence : Élodie Fabre' }).click();
  await page.getByRole('button', { name: 'Marquer présent : Élodie Fabre' }).waitFor();
  expect((await counts(page)) === '1 présent / 5 attendus', `undone${at}`, `counts: ${await counts(page)}`);
  await check(page, `check-in-undone${at}`);

  // A search that finds nobody, then the whole list again.
  await page.getByLabel('Rechercher un nom').fill('zz');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await page.getByText('Aucune personne attendue ne correspond à cette recherche.').waitFor();
  await check(page, `check-in-none${at}`);
  await page.getByRole('link', { name: 'Voir toute la liste' }).click();
  await page.getByRole('button', { name: 'Annuler la présence : Louise Morel' }).waitFor();
  await check(page, `check-in-all${at}`);

  // The event's registrations: a table in its own scrolling frame, searched and filtered.
  await page.getByRole('link', { name: 'Mes rencontres' }).click();
  await page.getByRole('link', { name: `Inscriptions : ${data.jrps.title}` }).click();
  await page.getByRole('heading', { level: 1, name: `Inscriptions : ${data.jrps.title}` }).waitFor();
  await page.getByRole('table').waitFor();
  await check(page, `registrations${at}`);
  await page.getByLabel('Rechercher un nom ou une adresse e-mail').fill('morel');
  await page.getByLabel('Temps').selectOption({ label: data.checkin.session });
  await page.getByLabel('Trier par').selectOption({ label: "Date d'inscription" });
  await page.getByRole('button', { name: 'Afficher' }).click();
  await page.getByRole('rowheader', { name: 'Morel Louise' }).waitFor();
  const rows = await page.getByRole('rowheader').count();
  expect(rows === 1, `registrations-search${at}`, `one row, got ${rows}`);
  await check(page, `registrations-search${at}`);
  await page.context().close();
});
