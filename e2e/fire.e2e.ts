import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, loginAs, PHONE, shot } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

async function api(page: Page, path: string) {
  return page.evaluate(async (path) => {
    const res = await fetch(path);
    return { status: res.status, body: await res.json() };
  }, path);
}

describe('fire safety', () => {
  it('a guard fills the monthly checklist on a phone; a failed item becomes a hazard the officer assigns', async () => {
    const base = inject('baseUrl');
    const guard = await loginAs(browser, 'baoan', PHONE);
    await guard.goto(`${base}/fire/inspections/new`);
    // The guard's estate is chosen already: the checklist is there.
    const items = guard.getByTestId('checklist-item');
    await items.first().waitFor();
    const count = await items.count();
    expect(count).toBeGreaterThanOrEqual(5);
    for (let i = 0; i < count; i++) {
      const item = items.nth(i);
      const failing = (await item.textContent())?.includes('电动车');
      await item.getByText(failing ? '不合格' : '合格', { exact: true }).click();
    }
    const ebike = items.filter({ hasText: '电动车' });
    const note = `5栋一楼电动车充电 ${Date.now()}`;
    await ebike.getByPlaceholder('问题说明（位置、情况）').fill(note);
    await ebike.getByText('登记为隐患').click();
    expect(await guard.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(
      true,
    );
    await shot(guard, 'fire-checklist-phone');
    await guard.getByRole('button', { name: /提交检查/ }).click();
    await guard.waitForURL((url) => url.pathname === '/fire/inspections');

    const hazards = await api(guard, '/api/v1/fire/hazards?status=found&source=inspection&pageSize=50');
    const mine = hazards.body.items.find((h: { title: string }) => h.title.includes('电动车'));
    expect(mine).toBeTruthy();
    const detail = await api(guard, `/api/v1/fire/hazards/${mine.id}`);
    expect(detail.body.description).toBe(note);

    const officer = await loginAs(browser, 'shequ');
    await officer.goto(`${base}/fire/hazards/${mine.id}`);
    await officer.getByRole('button', { name: '下达整改' }).click();
    const dialog = officer.locator('.ant-modal');
    await dialog.getByLabel('整改责任方').fill('5栋楼栋长');
    // A week from now, typed the way a clerk would.
    const due = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
      new Date(Date.now() + 7 * 86_400_000),
    );
    await dialog.locator('.ant-picker input').click();
    await dialog.locator('.ant-picker input').fill(due);
    await dialog.locator('.ant-picker input').press('Enter');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await officer.getByRole('button', { name: '提交整改' }).waitFor();
    await officer.getByText('5栋楼栋长').first().waitFor();
    await shot(officer, 'fire-hazard-assigned');
    const after = await api(officer, `/api/v1/fire/hazards/${mine.id}`);
    expect(after.body.status).toBe('rectifying');
    expect(after.body.responsible).toBe('5栋楼栋长');
    expect(after.body.deadline).toBe(due);
  });
});
