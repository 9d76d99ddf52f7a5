import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, loginAs, shot } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

const field = (page: Page | Locator, label: string) =>
  page.locator('.ant-form-item').filter({ hasText: label }).first();
const modal = (page: Page): Locator => page.getByRole('dialog').last();

async function pickDate(page: Page | Locator, label: string, value: string) {
  const input = field(page, label).locator('input');
  await input.click();
  await input.fill(value);
  await input.press('Enter');
}

describe('mediation', () => {
  it('a mediator takes a case from intake to a printed agreement', async () => {
    const page = await loginAs(browser, 'tiaojie');
    const base = inject('baseUrl');
    const title = `楼上漏水纠纷 ${Date.now()}`;

    // 纠纷登记
    await page.goto(`${base}/mediation/cases/new`);
    await field(page, '纠纷发生地').locator('.ant-select').click();
    await page
      .locator('.ant-select-tree-node-content-wrapper')
      .filter({ hasText: '锦绣社区' })
      .first()
      .click();
    await field(page, '案件名称').locator('input').fill(title);
    await field(page, '纠纷类别').locator('.ant-select').click();
    await page.locator('.ant-cascader-menu-item').filter({ hasText: '邻里' }).first().click();
    await page.locator('.ant-cascader-menu-item').filter({ hasText: '相邻关系' }).click();
    await page.keyboard.press('Escape');
    await field(page, '争议金额').locator('input').fill('100');
    await field(page, '纠纷简要情况').locator('textarea').fill('楼上卫生间水管漏水，楼下天花板渗水发霉。');
    const parties = page.locator('.ant-card-small');
    for (const [i, name] of ['王秀兰', '刘建军'].entries()) {
      const card = parties.nth(i);
      await card.getByText('外来人员').click();
      await card.locator('.ant-form-item').filter({ hasText: '姓名' }).locator('input').fill(name);
    }
    await page.getByRole('button', { name: '登 记' }).click();
    await page.waitForURL(/\/mediation\/cases\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: title }).waitFor();
    await page.getByText('待受理').first().waitFor();

    // 受理
    await page.getByRole('button', { name: '受 理' }).click();
    await modal(page).getByRole('button', { name: '确 定' }).click();
    await page.getByText('调解中').first().waitFor();

    // 指派调解员 (the community's committee and the street's are on this case's chain)
    await page
      .locator('.ant-card')
      .filter({ hasText: '调解员' })
      .getByRole('button', { name: '指 派' })
      .click();
    await field(modal(page), '调解员').locator('.ant-select').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '罗志强' }).click();
    await page.keyboard.press('Escape');
    await field(modal(page), '主办调解员').locator('.ant-select').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '罗志强' }).last().click();
    await modal(page).getByRole('button', { name: '确 定' }).click();
    await page.locator('.ant-card').filter({ hasText: '主办' }).getByText('罗志强').waitFor();

    // 记录调解
    await page.getByRole('button', { name: '记录调解' }).click();
    await field(modal(page), '调解笔录')
      .locator('textarea')
      .fill('调解员：请双方陈述。\n刘建军：同意修复并赔偿100元。');
    await modal(page).getByRole('button', { name: '确 定' }).click();
    await page.getByText('第 1 次').waitFor();

    // 协议书
    const agreement = page.locator('.ant-card').filter({ hasText: '人民调解协议书' });
    await field(agreement, '纠纷的主要事实')
      .locator('textarea')
      .fill('楼上卫生间水管漏水，致楼下天花板渗水。');
    await field(agreement, '争议事项').locator('textarea').fill('漏水责任与赔偿数额。');
    await field(agreement, '各方当事人的责任').locator('textarea').fill('楼上住户承担维修费用和楼下的损失。');
    await field(agreement, '协议内容').locator('textarea').fill('刘建军赔偿王秀兰人民币100元。');
    await field(agreement, '履行方式').locator('input').fill('现金当面支付');
    await field(agreement, '履行地点').locator('input').fill('锦绣社区调解室');
    await pickDate(agreement, '履行期限', '2026-12-31');
    await agreement.getByText('当事人已签名').click();
    await agreement.getByText('调解员已签名').click();
    await agreement.getByText('已加盖调委会印章').click();
    await agreement.getByRole('button', { name: '保存协议书' }).click();
    await page.getByText('协议书已保存').waitFor();

    // 达成协议 (written)
    await page.getByRole('button', { name: '达成协议' }).click();
    await modal(page).getByRole('button', { name: '确 定' }).click();
    await page.getByText('已达成协议').first().waitFor();
    await page.getByText('待回访').first().waitFor();
    await shot(page, 'mediation-case-agreed');

    // 打印: the agreement on a page of its own, with the law's parts.
    const [print] = await Promise.all([
      page.context().waitForEvent('page'),
      agreement.getByRole('button', { name: '打印' }).click(),
    ]);
    const doc = print.getByTestId('agreement');
    await doc.waitFor();
    const text = await doc.innerText();
    for (const part of [
      '人民调解协议书',
      '申请人：王秀兰',
      '被申请人：刘建军',
      '纠纷的主要事实',
      '争议事项',
      '各方当事人的责任',
      '刘建军赔偿王秀兰人民币100元',
      '履行方式：现金当面支付',
      '2026年12月31日前履行完毕',
      '签名或按指印',
      '人民调解员（签名）：罗志强',
      '锦绣社区人民调解委员会（盖章）',
      '一式3份',
    ])
      expect(text, part).toContain(part);
    expect(await print.locator('.ant-layout-sider').count()).toBe(0);
    await shot(print, 'mediation-agreement-print');
  });
});
