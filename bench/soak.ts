// npm run soak [-- --minutes 10 --users 200 --database-url postgres://…]
// A bounded run of simulated users of mixed roles doing their daily actions against the built server
// on loopback. Reports errors (must be 0), latency percentiles and the server's memory over time
// (no upward trend past warm-up). Exits non-zero when either fails.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '../src/server/test/free-port.js';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    users: { type: 'string', default: '200' },
    'database-url': { type: 'string' },
  },
});
const minutes = Number(values.minutes);
const userCount = Number(values.users);
if (!(minutes > 0 && minutes <= 120) || !(userCount > 0 && userCount <= 2000)) {
  process.stderr.write('用法：npm run soak -- --minutes 10 --users 200（时长 0–120 分钟，用户 1–2000）\n');
  process.exit(2);
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

interface Session {
  cookie: string;
  csrf: string;
}

const ROLES = [
  'jiedao',
  'shequ',
  'wangge',
  'wangge2',
  'baoan',
  'tiaojie',
  'lvshi',
  'yeweihui',
  'minjing',
  'zhiyuan',
  'jumin',
  'admin',
];

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'anju-soak-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn(process.execPath, [path.join(root, 'scripts/start.mjs')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ANJU_DATA_DIR: dataDir,
      DATABASE_URL: values['database-url'] ?? '',
      ANJU_DEMO: '1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = () => {
    server.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  };
  process.on('SIGINT', () => {
    stop();
    process.exit(130);
  });
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {}
    if (i > 600 || server.exitCode !== null) throw new Error('服务未能启动');
    await new Promise((r) => setTimeout(r, 200));
  }

  const latencies: number[] = [];
  const errors: string[] = [];
  let requests = 0;
  const call = async (s: Session | null, method: string, url: string, body?: unknown) => {
    const t0 = performance.now();
    const res = await fetch(`${base}${url}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    latencies.push(performance.now() - t0);
    requests++;
    if (res.status >= 400) errors.push(`${method} ${url} → ${res.status} ${text.slice(0, 200)}`);
    return text ? JSON.parse(text) : null;
  };
  const login = async (username: string): Promise<Session> => {
    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'anju2026' }),
    });
    if (res.status !== 200) throw new Error(`登录 ${username} 失败：${res.status}`);
    return {
      cookie: (res.headers.get('set-cookie') ?? '').split(';')[0],
      csrf: (await res.json()).csrfToken,
    };
  };

  // What each role does in a day, in the calls the pages make.
  const day: Record<string, (s: Session, n: number) => Promise<void>> = {
    async office(s) {
      const me = await call(s, 'GET', '/api/v1/auth/me');
      const roots = await call(s, 'GET', '/api/v1/org/places');
      const first = roots.items[0];
      if (first) {
        await call(s, 'GET', `/api/v1/org/places/${first.id}`);
        await call(s, 'GET', `/api/v1/org/places?parentId=${first.id}`);
      }
      if (me.user.permissions.includes('org.user.read'))
        await call(s, 'GET', '/api/v1/org/users?page=1&pageSize=20');
      if (me.user.permissions.includes('audit.read'))
        await call(s, 'GET', '/api/v1/audit/events?page=1&pageSize=20');
    },
    async field(s) {
      const me = await call(s, 'GET', '/api/v1/auth/me');
      if (!me.user.permissions.includes('org.place.read')) return;
      const roots = await call(s, 'GET', '/api/v1/org/places');
      for (const p of roots.items.slice(0, 1)) {
        const children = await call(s, 'GET', `/api/v1/org/places?parentId=${p.id}`);
        // The writers' short-lived grids may vanish between two screens; real users don't chase them.
        const stable = children.items.filter((c: { code: string }) => !c.code.startsWith('SOAK'));
        const child = stable[Math.floor(Math.random() * stable.length)];
        if (child) await call(s, 'GET', `/api/v1/org/places/${child.id}`);
      }
    },
    async resident(s) {
      await call(s, 'GET', '/api/v1/auth/me');
    },
    // The street office keeps its tree: add a grid, rename it, remove it.
    async writer(s, n) {
      const roots = await call(s, 'GET', '/api/v1/org/places');
      const estates = await call(s, 'GET', `/api/v1/org/places?kind=estate&q=${encodeURIComponent('锦绣')}`);
      const estate = estates.items[0] ?? roots.items[0];
      const created = await call(s, 'POST', '/api/v1/org/places', {
        parentId: estate.id,
        kind: 'grid',
        code: `SOAK${process.pid}-${n}`,
        name: `临时网格${n}`,
      });
      if (created?.id) {
        await call(s, 'PATCH', `/api/v1/org/places/${created.id}`, { name: `临时网格${n}（改）` });
        await call(s, 'DELETE', `/api/v1/org/places/${created.id}`);
      }
    },
  };
  const kindOf = (username: string, i: number) =>
    username === 'jumin'
      ? 'resident'
      : ['jiedao', 'shequ', 'admin'].includes(username)
        ? i % 8 === 0
          ? 'writer'
          : 'office'
        : 'field';

  const sessions = await Promise.all(
    Array.from({ length: userCount }, (_, i) => login(ROLES[i % ROLES.length])),
  );
  const deadline = Date.now() + minutes * 60_000;
  const memory: { t: number; mb: number }[] = [];
  const started = Date.now();
  const sampler = setInterval(
    () => memory.push({ t: (Date.now() - started) / 60_000, mb: rssMb(server.pid!) }),
    5_000,
  );

  let counter = 0;
  await Promise.all(
    sessions.map(async (s, i) => {
      const kind = kindOf(ROLES[i % ROLES.length], i);
      while (Date.now() < deadline) {
        try {
          await day[kind](s, counter++);
        } catch (err) {
          errors.push(String(err));
        }
        // People pause between screens.
        await new Promise((r) => setTimeout(r, 200 + Math.random() * 800));
      }
    }),
  );
  clearInterval(sampler);
  stop();

  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  // Past a warm-up of the first fifth, RSS should not keep climbing: least-squares slope in MB/min.
  const warm = memory.filter((m) => m.t >= minutes / 5);
  const n = warm.length;
  const mt = warm.reduce((a, m) => a + m.t, 0) / (n || 1);
  const mm = warm.reduce((a, m) => a + m.mb, 0) / (n || 1);
  const slope =
    n > 2
      ? warm.reduce((a, m) => a + (m.t - mt) * (m.mb - mm), 0) / warm.reduce((a, m) => a + (m.t - mt) ** 2, 0)
      : 0;
  const growth = n > 1 ? warm[n - 1].mb - warm[0].mb : 0;
  // Climbing means: steadily up (more than 2 MB/min) and by more than a tenth over the run.
  const climbing = slope > 2 && growth > mm * 0.1;

  const lines = [
    `耐久测试：${userCount} 个模拟用户，${minutes} 分钟，${requests} 次请求（${(requests / (minutes * 60)).toFixed(0)} 次/秒）`,
    `错误：${errors.length}`,
    `延迟：p50 ${pct(50).toFixed(1)} ms，p95 ${pct(95).toFixed(1)} ms，p99 ${pct(99).toFixed(1)} ms`,
    `服务端内存：预热后 ${warm[0]?.mb.toFixed(0) ?? '-'} → ${warm[n - 1]?.mb.toFixed(0) ?? '-'} MB，趋势 ${slope.toFixed(2)} MB/分钟${climbing ? '（持续上升！）' : '（平稳）'}`,
    `内存采样（分钟:MB）：${memory.map((m) => `${m.t.toFixed(1)}:${m.mb.toFixed(0)}`).join(' ')}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (errors.length) process.stdout.write(`前几个错误：\n${errors.slice(0, 5).join('\n')}\n`);
  process.exit(errors.length === 0 && !climbing ? 0 : 1);
}

main().catch((err) => {
  process.stderr.write(`耐久测试失败：${err?.stack ?? err}\n`);
  process.exit(1);
});
