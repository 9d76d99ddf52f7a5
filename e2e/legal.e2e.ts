import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, loginAs, PHONE, shot } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

async function api(page: Page, path: string, body?: unknown) {
  return page.evaluate(
    async ({ path, body }) => {
      const me = await (await fetch('/api/v1/auth/me')).json();
      const res = await fetch(path, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    },
    { path, body },
  );
}

async function noHorizontalScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
}

describe('法治夜校 on a resident’s phone', () => {
  it('a resident signs up for a class and checks in by the door QR code; a second check-in says 已签到', async () => {
    const base = inject('baseUrl');
    // Staff put on tonight's class (the door QR code works on the day of the class).
    const staff = await loginAs(browser, 'shequ');
    const courses = await api(staff, '/api/v1/legal/courses');
    expect(courses.status).toBe(200);
    const made = await api(staff, '/api/v1/legal/sessions', {
      courseId: courses.body.items[0].id,
      title: '防范养老诈骗',
      lecturer: '社区民警 黄警官',
      venue: '法律之家',
      startsAt: new Date(Date.now() + 30 * 60_000).toISOString(),
      capacity: 60,
    });
    expect(made.status).toBe(201);
    const open = { id: made.body.id as string };
    await staff.goto(`${base}/legal/school/sessions/${open.id}`);
    const checkinUrl = (await staff.getByTestId('checkin-url').textContent())!.trim();
    expect(checkinUrl).toMatch(/\/yx\/qd\/[\w-]+$/);
    await expect(staff.locator('.legal-qr svg').count()).resolves.toBe(1);

    // The resident opens the sign-up page on the phone, no login.
    const context = await browser.newContext({
      viewport: PHONE,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const phone = await context.newPage();
    await phone.goto(`${base}/yx/${open.id}`);
    await phone.getByText('报名（剩余').waitFor();
    await noHorizontalScroll(phone);
    const mobile = `139${String(Date.now()).slice(-8)}`;
    await phone.getByLabel('姓名').fill('周阿姨');
    await phone.getByLabel('手机号').fill(mobile);
    await phone.getByRole('button', { name: '报 名' }).click();
    await phone.getByTestId('signup-done').waitFor();
    expect(await phone.getByTestId('signup-done').textContent()).toContain('报名成功');
    await shot(phone, 'legal-signup-done');

    // At the door: the link the QR code encodes, then the phone number.
    await phone.goto(checkinUrl.replace(/^https?:\/\/[^/]+/, base));
    await phone.getByLabel('手机号').fill(mobile);
    await phone.getByRole('button', { name: '签 到' }).click();
    await phone.getByTestId('checkin-result').waitFor();
    expect(await phone.getByTestId('checkin-result').textContent()).toContain('签到成功');
    await noHorizontalScroll(phone);
    await shot(phone, 'legal-checkin');

    // Scanning again: a friendly 已签到, not an error.
    await phone.goto(checkinUrl.replace(/^https?:\/\/[^/]+/, base));
    await phone.getByLabel('手机号').fill(mobile);
    await phone.getByRole('button', { name: '签 到' }).click();
    await phone.getByTestId('checkin-result').waitFor();
    expect(await phone.getByTestId('checkin-result').textContent()).toContain('已签到');
    await shot(phone, 'legal-checkin-again');

    // The staff list shows the resident signed up and checked in.
    await staff.reload();
    await staff.getByText(`${mobile.slice(0, 3)}****${mobile.slice(-4)}`).waitFor();
    const row = staff.locator('tr').filter({ hasText: `${mobile.slice(0, 3)}****${mobile.slice(-4)}` });
    expect(await row.textContent()).toContain('已签到');
    await context.close();
  });
});
