import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, loginAs, PHONE, shot } from './browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

async function menuText(page: import('playwright-core').Page): Promise<string> {
  const menu = page.getByTestId('app-menu');
  await menu.waitFor();
  return (await menu.innerText()).replace(/\s+/g, ' ');
}

describe('web shell', () => {
  it('jiedao sees the street’s administration menu and the whole place tree', async () => {
    const page = await loginAs(browser, 'jiedao');
    const menu = await menuText(page);
    expect(menu).toContain('区域架构');
    expect(menu).toContain('用户管理');
    expect(menu).toContain('审计日志');
    expect(menu).not.toContain('角色管理');
    await shot(page, 'jiedao-home');

    await page.goto(`${inject('baseUrl')}/org/places`);
    const tree = page.getByTestId('place-tree');
    await tree.getByText('古南街道').first().waitFor();
    await shot(page, 'jiedao-places');
    await page.context().close();
  });

  it('wangge sees only their grid, has a shorter menu, and is turned away from user administration', async () => {
    const page = await loginAs(browser, 'wangge');
    const menu = await menuText(page);
    expect(menu).toContain('区域架构');
    expect(menu).not.toContain('用户管理');
    expect(menu).not.toContain('审计日志');

    await page.goto(`${inject('baseUrl')}/org/places`);
    const tree = page.getByTestId('place-tree');
    await tree.getByText('锦绣春天第一网格').first().waitFor();
    expect(await tree.innerText()).not.toContain('古南街道');
    await shot(page, 'wangge-places');

    await page.goto(`${inject('baseUrl')}/org/users`);
    await page.getByText('无权访问').first().waitFor();
    await page.goto(`${inject('baseUrl')}/no/such/page`);
    await page.getByText('页面不存在').first().waitFor();
    await page.context().close();
  });

  it('works on a 390 px phone: the menu opens from a drawer and pages fit the width', async () => {
    const page = await loginAs(browser, 'wangge', PHONE);
    await shot(page, 'wangge-phone-home');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.goto(`${inject('baseUrl')}/org/places`);
    await page.getByTestId('place-tree').getByText('锦绣春天第一网格').first().waitFor();
    await shot(page, 'wangge-phone-places');
    await page.context().close();
  });

  it('a wrong password shows the server’s Chinese message on the login page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${inject('baseUrl')}/login`);
    await page.getByTestId('login-username').fill('shequ');
    await page.getByTestId('login-password').fill('wrong-password-1');
    await page.getByTestId('login-submit').click();
    await page.getByText('用户名或密码错误').first().waitFor();
    await shot(page, 'login-error');
    await context.close();
  });
});
