import { expect, type Locator, type Page } from '@playwright/test';

/**
 * The journal's settings section, wherever the UI puts it (today: the settings drawer). Every selector
 * the journal spec needs is here, so a change of the UI touches this file only.
 */
export async function openJournalSection(page: Page): Promise<Locator> {
  const section = page.getByTestId('settings-journal');
  if (!(await section.isVisible())) await page.getByTestId('settings-open').click();
  await expect(section).toBeVisible();
  return section;
}

export async function closeJournalSection(page: Page): Promise<void> {
  const drawer = page.getByTestId('settings-drawer');
  if (await drawer.isVisible()) await page.getByTestId('settings-close').click();
  await expect(drawer).toBeHidden();
}

/** A count the section shows (fills, orders, samples), as a number. */
export async function journalCount(page: Page, what: 'fills' | 'orders' | 'samples'): Promise<number> {
  const text = (await page.getByTestId(`journal-count-${what}`).textContent()) ?? '';
  const n = Number(text.replace(/,/g, ''));
  return Number.isFinite(n) ? n : -1;
}

/** Opens the section, clears with the in-app confirmation (after checking that Cancel keeps everything). */
export async function clearJournal(page: Page): Promise<void> {
  const section = await openJournalSection(page);
  await section.getByTestId('journal-clear').click();
  await expect(section.getByTestId('journal-clear-dialog')).toBeVisible();
  await section.getByTestId('journal-clear-cancel').click();
  await expect(section.getByTestId('journal-clear-dialog')).toBeHidden();
  expect(await journalCount(page, 'fills')).toBeGreaterThan(0);
  await section.getByTestId('journal-clear').click();
  await section.getByTestId('journal-clear-confirm').click();
  await expect(section.getByTestId('journal-cleared')).toBeVisible();
}
