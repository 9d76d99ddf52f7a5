import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, loginAs, shot } from './browser.js';

// Markup typed into any field must come back as text: nothing here may run.
const PAYLOADS = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=2</script>',
  '"><svg onload="window.__pwned=3">',
];

let browser: Browser;
const ids: { place?: string; user?: string } = {};

async function api(
  path: string,
  init: { method?: string; body?: unknown; session: { cookie: string; csrf: string } },
) {
  const res = await fetch(`${inject('baseUrl')}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      'content-type': 'application/json',
      cookie: init.session.cookie,
      'x-csrf-token': init.session.csrf,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  browser = await launch();
  const login = await fetch(`${inject('baseUrl')}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'anju2026' }),
  });
  const session = {
    cookie: (login.headers.get('set-cookie') ?? '').split(';')[0],
    csrf: (await login.json()).csrfToken,
  };
  const estates = await api(`/api/v1/org/places?kind=estate&q=${encodeURIComponent('锦绣春天')}`, {
    session,
  });
  const estate = estates.body.items[0].id;
  const place = await api('/api/v1/org/places', {
    method: 'POST',
    session,
    body: { parentId: estate, kind: 'grid', code: 'XSS1', name: PAYLOADS[0] },
  });
  expect(place.status).toBe(201);
  ids.place = place.body.id;
  const roles = await api('/api/v1/org/roles', { session });
  const grid = roles.body.items.find((r: { code: string }) => r.code === 'grid_worker').id;
  const user = await api('/api/v1/org/users', {
    method: 'POST',
    session,
    body: {
      username: 'markup',
      displayName: PAYLOADS[1].slice(0, 32),
      password: 'Markup1234',
      assignments: [{ roleId: grid, placeId: ids.place }],
    },
  });
  expect(user.status).toBe(201);
  ids.user = user.body.id;
  expect(
    (await api(`/api/v1/org/places/${ids.place}`, { method: 'PATCH', session, body: { name: PAYLOADS[2] } }))
      .status,
  ).toBe(200);
});
afterAll(() => browser?.close());

async function assertInert(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
}

describe('markup is shown as text', () => {
  it('on the place tree, the users list and the audit log, with no script run and no CSP violation', async () => {
    const page = await loginAs(browser, 'admin');
    const violations: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) violations.push(m.text());
    });

    await page.goto(`${inject('baseUrl')}/org/places`);
    await page.getByPlaceholder('按名称或编码搜索').fill('XSS1');
    await page.getByPlaceholder('按名称或编码搜索').press('Enter');
    await page.getByText(PAYLOADS[2]).first().waitFor();
    await assertInert(page);
    await shot(page, 'markup-places');

    await page.goto(`${inject('baseUrl')}/org/users?q=markup`);
    await page.getByText(PAYLOADS[1].slice(0, 32)).first().waitFor();
    await assertInert(page);
    await shot(page, 'markup-users');

    await page.goto(`${inject('baseUrl')}/audit/events?targetId=${ids.place}`);
    await page.getByText('place.update').first().waitFor();
    await assertInert(page);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(violations).toEqual([]);
    await page.context().close();
  });
});
