import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_GOVERNANCE } from '../demo/governance.js';
import { DESKTOP, launch, loginAs, PHONE, shot } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

/** A real (tiny) PNG standing in for the photo of a signed ballot. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEUlEQVR42mP8z8DAwMDAxAAAGxgDAcyVA3QAAAAASUVORK5CYII=',
  'base64',
);

async function noHorizontalScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
}

describe('owners’ votes in the browser', () => {
  it('an owner votes on the phone, once', async () => {
    const page = await loginAs(browser, 'jumin', PHONE);
    await page.goto(`${inject('baseUrl')}/owner/votes`);
    const card = page.getByTestId('my-vote').filter({ hasText: DEMO_GOVERNANCE.openVoteTitle });
    await card.waitFor();
    await expect(card.getByText('1栋1单元801').count()).resolves.toBeGreaterThan(0);
    await card.locator('.ant-radio-button-wrapper').filter({ hasText: '同意' }).click();
    await card.getByRole('button', { name: '提交表决票' }).click();
    await card.getByText('已投票：同意').waitFor();
    // The ballot is in: the form is gone, and a reload still shows it.
    await page.reload();
    await page
      .getByTestId('my-vote')
      .filter({ hasText: DEMO_GOVERNANCE.openVoteTitle })
      .getByText('已投票：同意')
      .waitFor();
    await noHorizontalScroll(page);
    await shot(page, 'governance-owner-voted');
  });

  it('the committee enters a paper ballot with its scan, closes the vote and publishes the result', async () => {
    const page = await loginAs(browser, 'yeweihui', DESKTOP);
    const base = inject('baseUrl');
    await page.goto(`${base}/gov/votes`);
    await page.getByRole('link', { name: DEMO_GOVERNANCE.openVoteTitle }).click();
    await page.getByTestId('vote-progress').waitFor();
    const votedBefore = await page.getByTestId('vote-progress').innerText();

    // A house that has not voted: filter, then enter its signed paper ballot.
    const voted = page.locator('.ant-form-item').filter({ hasText: '投票' }).locator('.ant-select');
    await voted.click();
    await page.locator('.ant-select-item-option').filter({ hasText: '未投票' }).click();
    const row = page
      .locator('.ant-table-row')
      .filter({ has: page.getByRole('button', { name: '录入纸质票' }) })
      .first();
    const address = (await row.locator('td').first().innerText()).trim();
    await row.getByRole('button', { name: '录入纸质票' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('.ant-radio-button-wrapper').filter({ hasText: '反对' }).click();
    await dialog
      .locator('input[type=file]')
      .setInputFiles({ name: '表决票.png', mimeType: 'image/png', buffer: PNG });
    await dialog.getByRole('button', { name: /^录\s*入$/ }).click();
    await page.getByText(`${address} 的纸质表决票已录入`).waitFor();
    await expect.poll(async () => page.getByTestId('vote-progress').innerText()).not.toBe(votedBefore);

    // Close and count, then publish.
    await page.getByRole('button', { name: '截止并计票' }).click();
    await page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /^确\s*定$/ })
      .click();
    await page.getByTestId('vote-result').waitFor();
    await page.getByRole('button', { name: '公告结果' }).click();
    await page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /^确\s*定$/ })
      .click();
    const print = page.getByRole('link', { name: '打印公告' });
    await print.waitFor();
    await shot(page, 'governance-vote-published');

    // The printed notice lists area and headcount separately.
    const href = await print.getAttribute('href');
    const notice = await browser.newPage({ viewport: DESKTOP });
    await notice.goto(`${base}${href}`);
    const sheet = notice.getByTestId('result-notice');
    await sheet.waitFor();
    await sheet.getByText('专有部分面积（m²）').waitFor();
    await sheet.getByText('业主人数（人）').waitFor();
    await expect(sheet.innerText()).resolves.toMatch(/专有部分面积 [\d.]+ 平方米、业主 \d+ 人/);
    await shot(notice, 'governance-result-notice');
    await notice.close();
  });
});
