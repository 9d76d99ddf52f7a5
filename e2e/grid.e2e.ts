import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoPlaces } from '../demo/index.js';
import { launch, loginAs, PHONE, shot } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

const places = demoPlaces();
/** A real (tiny) PNG: the page compresses it and the server checks its bytes. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEUlEQVR42mP8z8DAwMDAxAAAGxgDAcyVA3QAAAAASUVORK5CYII=',
  'base64',
);

async function api(page: Page, path: string, init?: { method?: string; body?: unknown }) {
  return page.evaluate(
    async ({ path, init }) => {
      const me = await (await fetch('/api/v1/auth/me')).json();
      const res = await fetch(path, {
        method: init?.method ?? 'GET',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: init?.body === undefined ? undefined : JSON.stringify(init.body),
      });
      return { status: res.status, body: await res.json() };
    },
    { path, init },
  );
}

async function noHorizontalScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
}

describe('grid work on a phone', () => {
  it('a grid worker logs a visit with a photo in the diary and reports an event', async () => {
    const page = await loginAs(browser, 'wangge', PHONE);
    const base = inject('baseUrl');
    await page.goto(`${base}/grid/my-day`);
    await page.getByText('记民情日记').first().waitFor();

    const said = `走访 1 栋 ${Date.now()}：住户反映楼道灯不亮`;
    await page.locator('.ant-form-item').filter({ hasText: '走访事项' }).locator('.ant-select').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '入户走访' }).click();
    // The household visited, found by its address written the short way.
    await page.locator('.ant-form-item').filter({ hasText: '走访房屋' }).locator('.ant-select').click();
    await page.keyboard.type('1-1-801');
    await page.locator('.ant-select-item-option').filter({ hasText: '801' }).first().click();
    await page.getByPlaceholder('见到了谁、说了什么、看到了什么').fill(said);
    await page
      .locator('.ant-form-item')
      .filter({ hasText: '照片' })
      .locator('input[type=file]')
      .first()
      .setInputFiles({
        name: '楼道.png',
        mimeType: 'image/png',
        buffer: PNG,
      });
    await page.locator('.ant-form-item').filter({ hasText: '照片' }).locator('img').first().waitFor();
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText(said).first().waitFor({ timeout: 15_000 });
    await noHorizontalScroll(page);
    await shot(page, 'grid-my-day-phone');

    const diary = await api(page, '/api/v1/grid/diary?mine=true&pageSize=5');
    const entry = diary.body.items.find((e: { said: string }) => e.said === said);
    expect(entry.photos).toHaveLength(1);
    expect(entry.topic).toBe('visit');
    expect(entry.house.address).toContain('1栋1单元801');

    await page.goto(`${base}/grid/report`);
    const title = `1栋消防通道堆放杂物 ${Date.now()}`;
    const placeField = page.locator('.ant-form-item').filter({ hasText: '地点' }).first();
    if ((await placeField.locator('.ant-select-selection-item').count()) === 0) {
      await placeField.locator('.ant-select').click();
      await page
        .locator('.ant-select-tree-node-content-wrapper')
        .filter({ hasText: '锦绣春天第一网格' })
        .first()
        .click();
    }
    await page.locator('.ant-form-item').filter({ hasText: '类别' }).first().locator('.ant-select').click();
    await page.locator('.ant-cascader-menu-item').filter({ hasText: '安全隐患' }).click();
    await page.locator('.ant-cascader-menu-item').filter({ hasText: '消防隐患' }).click();
    await page.getByPlaceholder(/一句话说明/).fill(title);
    await page
      .locator('.ant-form-item')
      .filter({ hasText: '照片' })
      .locator('input[type=file]')
      .first()
      .setInputFiles({
        name: '通道.png',
        mimeType: 'image/png',
        buffer: PNG,
      });
    await page.locator('.ant-form-item').filter({ hasText: '照片' }).locator('img').first().waitFor();
    await shot(page, 'grid-report-phone');
    await page.locator('button.anju-grid-submit').click();
    await page.waitForURL(/\/grid\/events\/[0-9a-f-]{36}$/, { timeout: 15_000 });
    await page.getByText(title).first().waitFor();
    await noHorizontalScroll(page);
    await shot(page, 'grid-event-phone');

    const id = page.url().split('/').pop()!;
    const event = await api(page, `/api/v1/grid/events/${id}`);
    expect(event.body).toMatchObject({ title, category: 'hazard', status: 'reported', source: 'grid' });
    expect(event.body.photos).toHaveLength(1);
    await page.context().close();
  });
});

describe('a resident’s request', () => {
  it('is filed from the public page without login, answered, and rated by the resident', async () => {
    const base = inject('baseUrl');
    const context = await browser.newContext({
      viewport: PHONE,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const resident = await context.newPage();
    await resident.goto(`${base}/r/${places.jinxiuGrid1.id}`);
    await resident.getByText('锦绣春天第一网格').first().waitFor();
    await resident.getByText('物业管理', { exact: true }).click();
    const story = `3栋1单元电梯停运两天 ${Date.now()}`;
    await resident.getByPlaceholder('什么问题、从什么时候开始、影响了谁').fill(story);
    await resident.getByLabel('手机号（选填）').fill('13912345678');
    await noHorizontalScroll(resident);
    await shot(resident, 'request-public-form-phone');
    await resident.getByRole('button', { name: /提\s*交/ }).click();
    const trackingNo = (await resident.getByTestId('tracking-no').innerText()).trim();
    expect(trackingNo).toMatch(/^SQ\d{8}$/);

    // The grid worker closes it with an answer.
    const worker = await loginAs(browser, 'wangge');
    const list = await api(worker, '/api/v1/grid/events?source=request&status=open&pageSize=50');
    const event = list.body.items.find((e: { title: string }) => e.title.includes('电梯停运两天'));
    expect(event).toBeTruthy();
    expect(
      (
        await api(worker, `/api/v1/grid/events/${event.id}/actions`, {
          method: 'POST',
          body: { action: 'accept' },
        })
      ).status,
    ).toBe(200);
    const reply = '已联系电梯维保单位，今日下午恢复运行';
    const closed = await api(worker, `/api/v1/grid/events/${event.id}/actions`, {
      method: 'POST',
      body: { action: 'close', closureKind: 'resolved', note: reply },
    });
    expect(closed.status).toBe(200);
    await worker.context().close();

    // Later the resident looks it up and rates it.
    await resident.getByRole('link', { name: '查询办理进度' }).click();
    await resident.waitForURL(/\/r\/status/);
    await resident.getByLabel('提交时留的手机号').fill('13912345678');
    await resident.getByRole('button', { name: /查\s*询/ }).click();
    await resident.getByTestId('request-reply').waitFor();
    expect(await resident.getByTestId('request-reply').innerText()).toBe(reply);
    const form = resident.getByTestId('rate-form');
    await form.getByText('已解决', { exact: true }).click();
    await form.locator('.ant-rate-star').nth(4).click();
    await form.getByRole('button', { name: /提交评价/ }).click();
    await resident.getByText('感谢您的评价').waitFor();
    await resident.getByTestId('rate-form').waitFor({ state: 'detached' });
    await noHorizontalScroll(resident);
    await shot(resident, 'request-status-rated-phone');

    const after = await (
      await fetch(`${base}/api/v1/requests/public/status?trackingNo=${trackingNo}&phone=13912345678`)
    ).json();
    expect(after).toMatchObject({ rating: 5, canRate: false, closed: true });
    await context.close();
  });
});

describe('the office', () => {
  it('an officer exports the filtered event list to xlsx', async () => {
    const page = await loginAs(browser, 'shequ');
    await page.goto(`${inject('baseUrl')}/grid/events?status=open`);
    await page.getByTestId('event-row').first().waitFor();
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /导\s*出/ }).click(),
    ]);
    expect(file.suggestedFilename()).toBe('事件列表.xlsx');
    const path = await file.path();
    const { statSync } = await import('node:fs');
    expect(statSync(path!).size).toBeGreaterThan(3000);
    await shot(page, 'grid-events-desktop');
    await page.context().close();
  });
});
