import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoPlaces } from '../demo/index.js';
import { launch, loginAs, PHONE, shot } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

const estate = demoPlaces().jinxiuEstate;

async function api(page: Page, path: string) {
  return page.evaluate(async (p) => {
    const res = await fetch(p);
    return { status: res.status, body: await res.json() };
  }, path);
}

async function noHorizontalScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
}

describe('notices and volunteers', () => {
  it('the committee publishes a notice; a resident reads it from the bell and on the public board', async () => {
    const title = `电梯维保通知 ${Date.now()}`;
    const committee = await loginAs(browser, 'yeweihui');
    const base = inject('baseUrl');
    await committee.goto(`${base}/notices/items`);
    await committee.getByRole('button', { name: '发布通知' }).click();
    // The committee's only place is its estate: the form opens there.
    const drawer = committee.locator('.ant-drawer');
    await drawer.getByLabel('标题').waitFor();
    await drawer.getByLabel('标题').fill(title);
    await drawer.getByLabel('正文').fill('{{小区}}3 栋电梯本周六 9:00—12:00 维保，请走楼梯。');
    await drawer.getByRole('button', { name: /预\s*览/ }).click();
    await drawer.getByText(/预览：电梯维保通知/).waitFor();
    await expect(drawer.getByText('锦绣春天小区3 栋电梯').isVisible()).resolves.toBe(true);
    await shot(committee, 'notices-compose');
    await drawer.getByRole('button', { name: /^发\s*布$/ }).click();
    await committee.getByRole('link', { name: title }).waitFor();

    const resident = await loginAs(browser, 'jumin', PHONE);
    const bell = await api(resident, '/api/v1/notifications?pageSize=10');
    const mine = bell.body.items.find((n: { title: string }) => n.title === title);
    await resident.goto(`${base}${mine.link}`);
    await resident.getByText('锦绣春天小区3 栋电梯本周六').waitFor();
    await noHorizontalScroll(resident);

    // The committee sees the read receipt.
    await committee.getByRole('link', { name: title }).click();
    await committee.getByText('阅读回执').waitFor();
    await committee.getByRole('combobox').last().click();
    await committee.locator('.ant-select-item-option').filter({ hasText: '已读' }).click();
    await committee.getByRole('cell', { name: '孙建华' }).waitFor();
    await shot(committee, 'notices-receipts');

    // And anyone sees it on the estate's board, without an account, in a phone browser.
    const anon = await (await browser.newContext({ viewport: PHONE, locale: 'zh-CN' })).newPage();
    await anon.goto(`${base}/gg/${estate.id}`);
    await anon.getByText(title).waitFor();
    await expect(anon.getByText('锦绣春天小区 公告栏').isVisible()).resolves.toBe(true);
    await noHorizontalScroll(anon);
    await shot(anon, 'notices-board');
  });

  it('a resident signs up on the public page; the community approves them into the team', async () => {
    const base = inject('baseUrl');
    const anon = await (await browser.newContext({ viewport: PHONE, locale: 'zh-CN' })).newPage();
    await anon.goto(`${base}/zy/${estate.id}`);
    await anon.getByText('锦绣春天义务消防队').click();
    await anon.getByLabel('姓名').fill('马晓东');
    await anon.getByLabel('手机号码').fill('13766665555');
    await anon.getByLabel('方便的时间').fill('周末');
    await noHorizontalScroll(anon);
    await anon.getByRole('button', { name: '提交报名' }).click();
    await anon.getByText('报名已提交').waitFor();

    const officer = await loginAs(browser, 'shequ');
    await officer.goto(`${base}/volunteers/applications`);
    const row = officer.locator('tr').filter({ hasText: '137****5555' });
    await row.getByText('马**').waitFor();
    await row.getByRole('button', { name: '通 过' }).click();
    await row.getByText('已通过').waitFor();
    const teams = await api(officer, '/api/v1/volunteers/teams');
    const fire = teams.body.items.find((t: { kind: string }) => t.kind === 'fire');
    const team = await api(officer, `/api/v1/volunteers/teams/${fire.id}`);
    expect(team.body.members.map((m: { name: string }) => m.name)).toContain('马晓东');
  });

  it('a team leader logs a patrol on the phone', async () => {
    const base = inject('baseUrl');
    const leader = await loginAs(browser, 'zhiyuan', PHONE);
    await leader.goto(`${base}/volunteers/log`);
    const checks = leader.locator('.ant-checkbox-wrapper');
    await checks.first().waitFor();
    await checks.nth(0).click();
    await checks.nth(1).click();
    await noHorizontalScroll(leader);
    await leader.getByRole('button', { name: '登 记' }).click();
    await leader.getByText('已登记 2 人').waitFor();
    await shot(leader, 'volunteers-log');
  });
});
