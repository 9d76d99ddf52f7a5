import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, noticeChannels, users } from '../../db/schema.js';
import { freePort } from '../../test/free-port.js';
import type { Agent, TestApp } from '../../test/harness.js';
import { startTestApp } from '../../test/harness.js';

/**
 * Notices end to end: audiences, read receipts through the bell, and delivery through each platform's
 * documented webhook against a local HTTP server that checks payloads and signatures and refuses the
 * first attempt, so that every channel is seen retrying.
 */

interface Hit {
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

let t: TestApp;
let admin: Agent;
let shequ: Agent;
let server: Server;
let base = '';
const hits: Hit[] = [];
/** How many times each path has been called: the first call of a "flaky" path fails. */
const calls = new Map<string, number>();
const problems: string[] = [];

const DING_SECRET = 'SEC0123456789abcdef0123456789abcdef';
const FEISHU_SECRET = 'feishu-secret-0123';
const SMS_KEY = 'sms-gateway-key-987';

function answer(path: string, q: URLSearchParams, body: string, headers: IncomingMessage['headers']) {
  const json = body ? JSON.parse(body) : {};
  // SMS fails the first attempt of each phone; the robots the first of each path.
  const key = path === '/sms' ? `/sms:${json.to}` : path;
  const n = (calls.get(key) ?? 0) + 1;
  calls.set(key, n);
  const first = n === 1;
  switch (path) {
    case '/wecom': {
      if (json.msgtype !== 'markdown' || typeof json.markdown?.content !== 'string')
        problems.push(`wecom payload ${body}`);
      return first
        ? { status: 200, body: { errcode: 93000, errmsg: 'invalid webhook url' } }
        : { status: 200, body: { errcode: 0, errmsg: 'ok' } };
    }
    case '/ding': {
      const ts = q.get('timestamp') ?? '';
      const expected = createHmac('sha256', DING_SECRET).update(`${ts}\n${DING_SECRET}`).digest('base64');
      if (q.get('access_token') !== 'dingtoken123456' || q.get('sign') !== expected || !/^\d{13}$/.test(ts))
        problems.push(`ding signature ${q.toString()}`);
      if (json.msgtype !== 'markdown' || !json.markdown?.title || !json.markdown?.text)
        problems.push(`ding payload ${body}`);
      return first
        ? { status: 200, body: { errcode: 310000, errmsg: 'sign not match' } }
        : { status: 200, body: { errcode: 0, errmsg: 'ok' } };
    }
    case '/feishu/open-apis/bot/v2/hook/abc': {
      const expected = createHmac('sha256', `${json.timestamp}\n${FEISHU_SECRET}`)
        .update('')
        .digest('base64');
      if (json.sign !== expected || !/^\d{10}$/.test(json.timestamp))
        problems.push(`feishu signature ${body}`);
      if (json.msg_type !== 'text' || typeof json.content?.text !== 'string')
        problems.push(`feishu payload ${body}`);
      return first
        ? { status: 200, body: { code: 19021, msg: 'sign match fail' } }
        : { status: 200, body: { code: 0, msg: 'success' } };
    }
    case '/sms': {
      if (headers['x-api-key'] !== SMS_KEY) problems.push(`sms key ${String(headers['x-api-key'])}`);
      if (!/^1\d{10}$/.test(json.to) || typeof json.text !== 'string') problems.push(`sms payload ${body}`);
      return first ? { status: 503, body: { error: 'busy' } } : { status: 200, body: { id: 'm1' } };
    }
    case '/down':
      return { status: 500, body: { errcode: 500 } };
    default:
      return { status: 404, body: {} };
  }
}

beforeAll(async () => {
  t = await startTestApp({ allowLoopbackEgress: true });
  const port = await freePort();
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://127.0.0.1');
      hits.push({ path: u.pathname, query: u.searchParams, headers: req.headers, body, at: Date.now() });
      const a = answer(u.pathname, u.searchParams, body, req.headers);
      res.writeHead(a.status, { 'content-type': 'application/json' }).end(JSON.stringify(a.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${port}`;
  [admin, shequ] = await Promise.all([t.login('admin'), t.login('shequ')]);
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await t?.close();
});

const estate = () => t.places.jinxiuEstate;
const N = '/api/v1/notices';

async function channel(agent: Agent, body: Record<string, unknown>) {
  const res = await agent.post(`${N}/channels`, { placeId: estate().id, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

async function send(agent: Agent, body: Record<string, unknown>) {
  return agent.post(`${N}/items`, {
    placeId: estate().id,
    title: '测试通知',
    body: '今晚八点停水检修，请提前储水。',
    audience: { kind: 'place' },
    ...body,
  });
}

async function recipientsOf(id: string) {
  const res = await admin.get(`${N}/items/${id}/receipts?pageSize=200`);
  expect(res.status).toBe(200);
  return res.body.items as { userId: string; name: string; readAt: string | null }[];
}

async function userId(username: string) {
  const [u] = await t.database.db.select({ id: users.id }).from(users).where(eq(users.username, username));
  return u.id;
}

/** Runs the job queue until nothing is due. */
async function drain() {
  for (let i = 0; i < 20 && (await t.app.services.jobs.runDue(50)) > 0; i++);
}

describe('channel configuration', () => {
  it('refuses malformed webhooks with the field named', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: 'wecom', name: '错域名', url: 'https://example.com/cgi-bin/webhook/send?key=1' }, 'url'],
      [{ kind: 'wecom', name: '无key', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send' }, 'url'],
      [
        { kind: 'dingtalk', name: '无密钥', url: 'https://oapi.dingtalk.com/robot/send?access_token=abc' },
        'secret',
      ],
      [{ kind: 'feishu', name: '无签名', url: 'https://open.feishu.cn/open-apis/bot/v2/hook/abc' }, 'secret'],
      [
        { kind: 'feishu', name: 'http', url: 'http://open.feishu.cn/open-apis/bot/v2/hook/abc', secret: 'x' },
        'url',
      ],
      [
        {
          kind: 'sms',
          name: '内网',
          url: 'https://10.0.0.8/send',
          sms: { bodyTemplate: '{"to":"{{phone}}","text":"{{content}}"}' },
        },
        'url',
      ],
      [
        {
          kind: 'sms',
          name: '模板',
          url: 'https://sms.example.com/send',
          sms: { bodyTemplate: '{"to":{{phone}}}' },
        },
        'sms',
      ],
      [{ kind: 'wecom', name: '端口', url: 'http://10.1.1.1:8080/cgi-bin/webhook/send?key=1' }, 'url'],
    ];
    for (const [body, field] of cases) {
      const res = await admin.post(`${N}/channels`, { placeId: estate().id, ...body });
      expect(res.status, `${body.name}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.error.fields?.[field], `${body.name}`).toBeTruthy();
    }
    // The documented addresses are accepted.
    await channel(admin, {
      kind: 'dingtalk',
      name: '钉钉正式',
      url: 'https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789',
      secret: DING_SECRET,
    });
  });

  it('never shows the address or the secret again, nor writes them to the audit trail', async () => {
    const id = await channel(admin, {
      kind: 'dingtalk',
      name: '保密测试',
      url: 'https://oapi.dingtalk.com/robot/send?access_token=tok_SECRET_9f8e7d6c5b4a',
      secret: 'SEC99887766554433221100aabbccddeeff',
    });
    const list = await admin.get(`${N}/channels?placeId=${estate().id}`);
    const text = JSON.stringify(list.body);
    expect(text).not.toContain('tok_SECRET_9f8e7d6c5b4a');
    expect(text).not.toContain('SEC99887766554433221100aabbccddeeff');
    const mine = list.body.items.find((c: { id: string }) => c.id === id);
    expect(mine.urlMasked).toBe('https://oapi.dingtalk.com/robot/send?access_token=****5b4a');
    expect(mine.hasSecret).toBe(true);
    const [row] = await t.database.db.select().from(noticeChannels).where(eq(noticeChannels.id, id));
    expect(row.configEnc).not.toContain('tok_SECRET');
    // Changing the name keeps the stored address and secret.
    expect((await admin.patch(`${N}/channels/${id}`, { name: '改名' })).status).toBe(200);
    const moved = await admin.patch(`${N}/channels/${id}`, {
      url: 'https://example.com/robot/send?access_token=x',
    });
    expect(moved.status).toBe(400);
    expect(moved.body.error.fields.url).toBeTruthy();
    const trail = await t.database.db.select().from(auditLog).where(eq(auditLog.targetId, id));
    expect(trail.length).toBe(2); // created and renamed; the refused change wrote nothing
    expect(JSON.stringify(trail)).not.toContain('tok_SECRET');
    expect(JSON.stringify(trail)).not.toContain('SEC9988');
  });
});

describe('audiences and read receipts', () => {
  it('an estate notice reaches the accounts there and no one above or elsewhere', async () => {
    const res = await send(admin, {});
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const names = (await recipientsOf(res.body.id)).map((r) => r.userId);
    for (const u of ['wangge', 'wangge2', 'baoan', 'yeweihui', 'zhiyuan', 'jumin'])
      expect(names, u).toContain(await userId(u));
    for (const u of ['jiedao', 'shequ', 'admin']) expect(names, u).not.toContain(await userId(u));
    expect(res.body.recipientCount).toBe(names.length);
  });

  it('buildings, a role and named people resolve inside the estate only', async () => {
    const building = t.places.all.find((p) => p.id === t.places.residentUnit.parentId)!;
    const b = await send(admin, { audience: { kind: 'buildings', placeIds: [building.id] } });
    expect(b.status).toBe(201);
    expect((await recipientsOf(b.body.id)).map((r) => r.userId)).toContain(await userId('jumin'));
    expect((await recipientsOf(b.body.id)).map((r) => r.userId)).not.toContain(await userId('baoan'));

    const r = await send(admin, { audience: { kind: 'role', roleCode: 'grid_worker' } });
    const ids = (await recipientsOf(r.body.id)).map((x) => x.userId);
    expect(ids).toEqual(expect.arrayContaining([await userId('wangge'), await userId('wangge2')]));
    expect(ids).not.toContain(await userId('jumin'));

    const u = await send(admin, { audience: { kind: 'users', userIds: [await userId('yeweihui')] } });
    expect((await recipientsOf(u.body.id)).map((x) => x.userId)).toEqual([await userId('yeweihui')]);

    // Someone of another estate, or a building of another estate, is refused by field.
    const outside = await send(admin, { audience: { kind: 'users', userIds: [await userId('jiedao')] } });
    expect(outside.status).toBe(400);
    expect(outside.body.error.fields['audience.userIds']).toBeTruthy();
    const yujiaBuilding = t.places.all.find(
      (p) => p.kind === 'building' && p.path.startsWith(t.places.yujiaEstate.path),
    )!;
    const wrong = await send(admin, { audience: { kind: 'buildings', placeIds: [yujiaBuilding.id] } });
    expect(wrong.status).toBe(400);
  });

  it('a volunteer team is an audience: its members with accounts', async () => {
    const team = await admin.post('/api/v1/volunteers/teams', {
      placeId: estate().id,
      kind: 'patrol',
      name: '通知测试巡逻队',
    });
    const [zhiyuan] = await t.database.db.select().from(users).where(eq(users.username, 'zhiyuan'));
    const person = await t.database.db.execute(
      sql`select id from people where place_path like ${`${estate().path}%`} limit 1`,
    );
    const personId = (person as unknown as { rows: { id: string }[] }).rows[0].id;
    const m = await admin.post(`/api/v1/volunteers/teams/${team.body.id}/members`, {
      personId,
      userId: zhiyuan.id,
    });
    expect(m.status, JSON.stringify(m.body)).toBe(201);
    const res = await send(admin, { audience: { kind: 'team', teamId: team.body.id } });
    expect(res.status).toBe(201);
    expect((await recipientsOf(res.body.id)).map((r) => r.userId)).toEqual([zhiyuan.id]);
  });

  it('opening a notice from the bell is the read receipt; read and unread are listed apart', async () => {
    const res = await send(admin, { title: '回执测试' });
    const id = res.body.id;
    const jumin = await t.login('jumin');
    const bell = await jumin.get('/api/v1/notifications?pageSize=50');
    const mine = bell.body.items.find((n: { targetId: string }) => n.targetId === id);
    expect(mine?.link).toBe(`/notices/received/${id}`);
    const opened = await jumin.get(`${N}/received/${id}`);
    expect(opened.status).toBe(200);
    expect(opened.body.title).toBe('回执测试');
    // Read through the bell's own "mark read" counts as well.
    const wangge = await t.login('wangge');
    const wb = await wangge.get('/api/v1/notifications?pageSize=50');
    const wn = wb.body.items.find((n: { targetId: string }) => n.targetId === id);
    expect((await wangge.post('/api/v1/notifications/read', { ids: [wn.id] })).status).toBe(200);

    const all = await admin.get(`${N}/items/${id}/receipts`);
    expect(all.body.read).toBe(2);
    expect(all.body.unread).toBe(res.body.recipientCount - 2);
    const read = await admin.get(`${N}/items/${id}/receipts?read=true`);
    expect(read.body.items.map((r: { userId: string }) => r.userId).sort()).toEqual(
      [await userId('jumin'), await userId('wangge')].sort(),
    );
    const unread = await admin.get(`${N}/items/${id}/receipts?read=false`);
    expect(unread.body.items.map((r: { userId: string }) => r.userId)).not.toContain(await userId('jumin'));
    expect(unread.body.total).toBe(res.body.recipientCount - 2);
    const detail = await admin.get(`${N}/items/${id}`);
    expect(detail.body.readCount).toBe(2);
    // Someone the notice did not go to cannot open it.
    expect((await (await t.login('jiedao')).get(`${N}/received/${id}`)).status).toBe(404);
  });

  it('templates fill their placeholders when sending; an unfilled one is refused', async () => {
    const tpl = await admin.post(`${N}/templates`, {
      placeId: estate().id,
      name: '每周平安提示',
      kind: 'safety',
      title: '{{小区}}每周平安提示（{{日期}}）',
      body: '本周重点：{{重点提示}}。',
    });
    expect(tpl.status).toBe(201);
    const list = await admin.get(`${N}/templates?placeId=${estate().id}`);
    expect(list.body.items.find((x: { id: string }) => x.id === tpl.body.id).placeholders).toEqual([
      '小区',
      '日期',
      '重点提示',
    ]);
    const base = {
      templateId: tpl.body.id,
      kind: 'safety',
      title: '{{小区}}每周平安提示（{{日期}}）',
      body: '本周重点：{{重点提示}}。',
    };
    const missing = await send(admin, base);
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields.values).toContain('重点提示');
    const ok = await send(admin, { ...base, values: [{ name: '重点提示', value: '防范电信诈骗' }] });
    expect(ok.status).toBe(201);
    const detail = await admin.get(`${N}/items/${ok.body.id}`);
    expect(detail.body.title).toMatch(/^锦绣春天小区每周平安提示（\d{4}-\d{2}-\d{2}）$/);
    expect(detail.body.body).toBe('本周重点：防范电信诈骗。');
  });
});

describe('delivery through the channels', () => {
  it('sends each platform its documented payload and signature, retrying after the first failure', async () => {
    const ids = {
      wecom: await channel(admin, { kind: 'wecom', name: '企业微信群', url: `${base}/wecom?key=k1` }),
      ding: await channel(admin, {
        kind: 'dingtalk',
        name: '钉钉群',
        url: `${base}/ding?access_token=dingtoken123456`,
        secret: DING_SECRET,
      }),
      feishu: await channel(admin, {
        kind: 'feishu',
        name: '飞书群',
        url: `${base}/feishu/open-apis/bot/v2/hook/abc`,
        secret: FEISHU_SECRET,
      }),
      sms: await channel(admin, {
        kind: 'sms',
        name: '短信',
        url: `${base}/sms`,
        secret: SMS_KEY,
        sms: {
          method: 'POST',
          headerName: 'X-Api-Key',
          bodyTemplate: '{"to":"{{phone}}","text":"{{content}}","sign":"安居"}',
        },
      }),
    };
    const res = await send(admin, {
      title: '停水通知',
      body: '明日 9:00–12:00 停水，"请"提前储水。',
      audience: { kind: 'users', userIds: [await userId('jumin'), await userId('wangge')] },
      channelIds: Object.values(ids),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const id = res.body.id;
    await drain();
    let detail = await admin.get(`${N}/items/${id}`);
    expect(detail.body.deliveries.map((d: { status: string }) => d.status).sort()).toEqual([
      'retrying',
      'retrying',
      'retrying',
      'retrying',
      'retrying',
    ]);
    expect(detail.body.deliveries.every((d: { attempts: number }) => d.attempts === 1)).toBe(true);
    // The queue waits (backoff) before the retry.
    await drain();
    expect(
      (await admin.get(`${N}/items/${id}`)).body.deliveries.every(
        (d: { attempts: number }) => d.attempts === 1,
      ),
    ).toBe(true);
    t.clock.advance(31_000);
    await drain();
    detail = await admin.get(`${N}/items/${id}`);
    expect(detail.body.deliveries.map((d: { status: string }) => d.status)).toEqual([
      'sent',
      'sent',
      'sent',
      'sent',
      'sent',
    ]);
    const sms = detail.body.channels.find((c: { channelId: string }) => c.channelId === ids.sms);
    expect(sms).toMatchObject({ total: 2, sent: 2 });
    expect(problems).toEqual([]);
    // What the group saw.
    const wecom = JSON.parse(hits.filter((h) => h.path === '/wecom').at(-1)!.body);
    expect(wecom.markdown.content).toContain('## 停水通知');
    expect(wecom.markdown.content).toContain('锦绣春天小区');
    const feishu = JSON.parse(hits.filter((h) => h.path.startsWith('/feishu')).at(-1)!.body);
    expect(feishu.content.text).toContain('【停水通知】');
    const smsBodies = hits.filter((h) => h.path === '/sms').map((h) => JSON.parse(h.body));
    expect(new Set(smsBodies.map((b) => b.to)).size).toBe(2);
    expect(smsBodies[0].text).toContain('"请"');
    // Recipients' phones are masked in the delivery list.
    expect(JSON.stringify(detail.body)).not.toMatch(/1\d{10}/);
  });

  it('a failing channel never holds up another, gives up after its retries, and can be sent again', async () => {
    calls.delete('/wecom');
    const good = await channel(admin, { kind: 'wecom', name: '好群', url: `${base}/wecom?key=good` });
    calls.set('/wecom', 1); // the next wecom call succeeds at once
    const bad = await channel(admin, { kind: 'wecom', name: '坏群', url: `${base}/down?key=bad` });
    const res = await send(admin, {
      title: '互不影响',
      audience: { kind: 'users', userIds: [await userId('jumin')] },
      channelIds: [bad, good],
    });
    await drain();
    const status = async () =>
      Object.fromEntries(
        (await admin.get(`${N}/items/${res.body.id}`)).body.deliveries.map(
          (d: { channelId: string; status: string }) => [d.channelId, d.status],
        ),
      );
    expect(await status()).toEqual({ [good]: 'sent', [bad]: 'retrying' });
    for (const wait of [30, 60, 120, 240]) {
      t.clock.advance(wait * 1000 + 1000);
      await drain();
    }
    expect(await status()).toEqual({ [good]: 'sent', [bad]: 'failed' });
    const d = (await admin.get(`${N}/items/${res.body.id}`)).body.deliveries.find(
      (x: { channelId: string }) => x.channelId === bad,
    );
    expect(d.attempts).toBe(5);
    expect(d.lastError).toContain('HTTP 500');
    // The channel list shows its last outcome.
    const ch = (await admin.get(`${N}/channels?placeId=${estate().id}`)).body.items.find(
      (c: { id: string }) => c.id === bad,
    );
    expect(ch.lastStatus).toBe('failed');
    expect((await admin.post(`${N}/deliveries/${d.id}/retry`)).status).toBe(200);
    expect((await admin.post(`${N}/deliveries/${d.id}/retry`)).status).toBe(409);
  });

  it('test-send reports the outcome at once', async () => {
    calls.set('/wecom', 5);
    const id = await channel(admin, { kind: 'wecom', name: '测试群', url: `${base}/wecom?key=t` });
    const ok = await admin.post(`${N}/channels/${id}/test`, {});
    expect(ok.body).toEqual({ ok: true, status: 'sent', error: null });
    const down = await channel(admin, { kind: 'wecom', name: '坏测试群', url: `${base}/down?key=t` });
    const bad = await admin.post(`${N}/channels/${down}/test`, {});
    expect(bad.body.ok).toBe(false);
    expect(bad.body.error).toContain('500');
  });

  it('loopback is refused when the application is not started to allow it', async () => {
    const { checkChannelConfig, deliver } = await import('./transport.js');
    expect(checkChannelConfig('wecom', { url: `${base}/wecom?key=1`, secret: '' }, false).url).toBeTruthy();
    const r = await deliver(
      'wecom',
      { url: `${base}/wecom`, method: 'POST', headers: {}, body: '{}' },
      { allowLoopback: false },
    );
    expect(r).toEqual({ ok: false, error: '不允许向本机地址发送' });
  });
});

describe('scope and the public board', () => {
  it('another estate’s notice is absent for a community officer', async () => {
    const other = await send(admin, { placeId: t.places.yujiaEstate.id, title: '于家一的通知' });
    expect(other.status).toBe(201);
    expect((await shequ.get(`${N}/items/${other.body.id}`)).status).toBe(404);
    expect((await shequ.get(`${N}/items/${other.body.id}/receipts`)).status).toBe(404);
    expect((await send(shequ, { placeId: t.places.yujiaEstate.id })).status).toBe(404);
    const list = await shequ.get(`${N}/items?pageSize=200`);
    expect(list.body.items.map((n: { id: string }) => n.id)).not.toContain(other.body.id);
    // A community officer may send in their own estate but not configure channels.
    expect((await send(shequ, {})).status).toBe(201);
    expect(
      (
        await shequ.post(`${N}/channels`, {
          placeId: estate().id,
          kind: 'wecom',
          name: 'x',
          url: `${base}/wecom?key=1`,
        })
      ).status,
    ).toBe(403);
  });

  it('an attachment is stored with the notice and served to staff and, when public, on the board', async () => {
    const pdf = Buffer.from('%PDF-1.4\n% 停水时间表\n').toString('base64');
    const res = await send(admin, {
      title: '附件测试',
      attachment: { name: '停水时间表.pdf', contentType: 'application/pdf', data: pdf },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const detail = await admin.get(`${N}/items/${res.body.id}`);
    expect(detail.body.attachment).toEqual({
      name: '停水时间表.pdf',
      url: `${N}/items/${res.body.id}/attachment`,
    });
    const file = await admin.get(detail.body.attachment.url);
    expect(file.status).toBe(200);
    expect(String(file.headers['content-type'])).toContain('application/pdf');
    const board = await t.anonymous().get(`${N}/public/estates/${estate().id}`);
    const onBoard = board.body.items.find((n: { id: string }) => n.id === res.body.id);
    expect((await t.anonymous().get(onBoard.attachment.url)).status).toBe(200);
    // A recipient downloads it from the notice they received, whether or not it is public.
    const jumin = await t.login('jumin');
    const received = await jumin.get(`${N}/received/${res.body.id}`);
    expect(received.body.attachment.url).toBe(`${N}/received/${res.body.id}/attachment`);
    expect((await jumin.get(received.body.attachment.url)).status).toBe(200);
    expect((await (await t.login('jiedao')).get(received.body.attachment.url)).status).toBe(404);
    await admin.post(`${N}/items/${res.body.id}/withdraw`);
    expect((await jumin.get(received.body.attachment.url)).status).toBe(404);
    expect((await t.anonymous().get(onBoard.attachment.url)).status).toBe(404);
    // A file type the board must not serve is refused.
    const exe = await send(admin, {
      attachment: { name: 'a.exe', contentType: 'application/x-msdownload', data: pdf },
    });
    expect(exe.status).toBe(400);
  });

  it('the estate board lists published public notices, without login; withdrawn ones disappear', async () => {
    const res = await send(admin, { title: '公告栏测试' });
    const hidden = await send(admin, { title: '内部通知', public: false });
    const anon = t.anonymous();
    let board = await anon.get(`${N}/public/estates/${estate().id}`);
    expect(board.status).toBe(200);
    expect(board.body.estate.name).toBe('锦绣春天小区');
    const titles = board.body.items.map((n: { title: string }) => n.title);
    expect(titles).toContain('公告栏测试');
    expect(titles).not.toContain('内部通知');
    expect(hidden.status).toBe(201);
    expect((await admin.post(`${N}/items/${res.body.id}/withdraw`)).status).toBe(200);
    expect((await admin.post(`${N}/items/${res.body.id}/withdraw`)).status).toBe(409);
    board = await anon.get(`${N}/public/estates/${estate().id}`);
    expect(board.body.items.map((n: { title: string }) => n.title)).not.toContain('公告栏测试');
    expect((await anon.get(`${N}/public/estates/${t.places.jinxiuGrid1.id}`)).status).toBe(404);
  });
});
