import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoPlaces } from '../demo/index.js';
import { launch, loginAs, PHONE, shot } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

// The demo street is generated from a fixed seed: its places have the same ids on every start.
const places = demoPlaces();
const building1 = places.all.find(
  (p) => p.kind === 'building' && p.name === '1栋' && p.path.startsWith(places.jinxiuEstate.path),
)!;

describe('以房管人 in the browser', () => {
  it('the 楼盘表 of 锦绣春天 1栋 shows every floor, and a click opens the house card', async () => {
    const page = await loginAs(browser, 'shequ');
    await page.goto(`${inject('baseUrl')}/registry/houses?building=${building1.id}`);
    const grid = page.getByTestId('building-grid');
    await grid.waitFor();
    const cells = grid.locator('[data-testid^="house-cell-"]');
    await cells.first().waitFor();
    // A high-rise: dozens of floors of several houses each.
    expect(await cells.count()).toBeGreaterThan(60);
    expect(await page.getByText(/户数/).first().innerText()).toMatch(/\d/);
    await shot(page, 'registry-building-grid');

    await cells.first().click();
    const card = page.getByTestId('house-card');
    await card
      .getByText(/锦绣春天小区/)
      .first()
      .waitFor();
    const text = await card.innerText();
    expect(text).toContain('锦绣春天小区');
    // The drawer's title is the house's address.
    await page
      .getByText(/锦绣春天小区 1栋\d单元\d+/)
      .first()
      .waitFor();
    expect(text).toMatch(/现住人员|产权人/);
    // Personal numbers are masked on the card.
    expect(text).not.toMatch(/\d{17}[\dX]/);
    await shot(page, 'registry-house-card');
    await page.context().close();
  });

  it('a pinyin search finds people by initials', async () => {
    const page = await loginAs(browser, 'shequ');
    await page.goto(`${inject('baseUrl')}/registry/people`);
    const box = page.getByTestId('people-search');
    await box.fill('zw');
    await box.press('Enter');
    await page.waitForURL(/q=zw/);
    const table = page.getByTestId('people-table');
    await table.getByText('张伟').first().waitFor();
    const rows = await table.getByTestId('person-row').allInnerTexts();
    expect(rows.length).toBeGreaterThan(1);
    // The page shows exactly what the search answers (张伟, 赵文, 朱伟宇 …), in its order.
    const api = await page.request.get(
      `${inject('baseUrl')}/api/v1/registry/people?q=zw&page=1&pageSize=${rows.length}`,
    );
    const names = ((await api.json()).items as { name: string }[]).map((p) => p.name);
    expect(rows.map((r) => r.trim().split(/\s/)[0])).toEqual(names);
    await shot(page, 'registry-people-pinyin');
    await page.context().close();
  });

  it('a grid worker opens the 楼盘表 on a phone without the page overflowing', async () => {
    const page = await loginAs(browser, 'wangge', PHONE);
    await page.goto(`${inject('baseUrl')}/registry/houses?building=${building1.id}`);
    await page.getByTestId('building-grid').locator('[data-testid^="house-cell-"]').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, 'registry-building-grid-phone');
    await page.context().close();
  });
});
