// Grid work at city scale (issue #5), on PostgreSQL: 1,000,000 events over the demo street, of which
// 100,000 are open at grid level and overdue for the day's 三清.
//   - "my open events" of a grid worker over HTTP, 4 concurrent clients: p95 target ≤ 20 ms;
//   - a street's yearly metrics over HTTP, one at a time: target ≤ 300 ms;
//   - the daily 三清 run lifting the 100,000 open events to their communities: target ≤ 5 s.
//
//   npm run bench:grid                   # 1,000,000 events
//   npm run bench:grid -- --events 200000
import { parseArgs } from 'node:util';
import pg from 'pg';
import { demoPlaces } from '../demo/index.js';
import { createServices } from '../src/server/app.js';
import { openPostgres } from '../src/server/db/index.js';
import { BENCH_SECRET_KEY } from './lib/constants.js';
import { createDatabase, DEFAULT_ADMIN_URL, dropDatabase } from './lib/dataset.js';
import { login } from './lib/http.js';
import { percentile, runLoad } from './lib/load.js';
import { startApp } from './lib/proc.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    open: { type: 'string', default: '100000' },
    keep: { type: 'boolean', default: false },
  },
});
const EVENTS = Number(values.events);
const OPEN = Number(values.open);
const NAME = 'anju_bench_grid';

async function fill(url: string) {
  const places = demoPlaces();
  const buildings = places.all.filter((p) => p.kind === 'building');
  const gridOf = (b: (typeof buildings)[number]) => places.all.find((p) => p.id === b.parentId)!;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows: users } = await client.query<{ id: string }>(
    `select id from users where username = 'wangge'`,
  );
  const t0 = performance.now();
  // Every event on a building of the street; the first OPEN are open at grid level since yesterday, one in
  // a hundred of them the demo worker's own; the rest closed over the past two years.
  await client.query(
    `insert into events (no, place_id, place_path, category, urgency, title, description, source, reporter_name,
        status, level, level_since, assignee_kind, assignee_user_id, assignee_place_id, assignee_label,
        closure_kind, deadline_at, accepted_at, closed_at, rating, resident_confirmed, created_at, updated_at)
     select 'SJB-' || g, b.id, b.path,
       (array['sanitation','property','municipal','hazard','dispute','livelihood'])[1 + g % 6], 'normal',
       '压测事件 ' || g, '楼道堆放杂物，影响通行', 'grid', '压测',
       case when g <= $2 then (array['reported','accepted','in_progress'])[1 + g % 3] else 'archived' end,
       'grid', now() - interval '30 hours',
       case when g <= $2 and g % 100 = 0 then 'person' else 'grid' end,
       case when g <= $2 and g % 100 = 0 then $3::uuid end,
       b.grid_id, '压测网格',
       case when g > $2 then 'resolved' end,
       now() - (g % 730) * interval '1 day' + interval '5 days',
       case when g % 3 <> 0 or g > $2 then now() - (g % 730) * interval '1 day' + interval '3 hours' end,
       case when g > $2 then now() - (g % 730) * interval '1 day' + interval '2 days' end,
       case when g > $2 and g % 2 = 0 then 3 + g % 3 end,
       case when g > $2 and g % 2 = 0 then g % 7 <> 0 end,
       case when g <= $2 then now() - interval '30 hours' else now() - (g % 730) * interval '1 day' end,
       now()
     from generate_series(1, $1::int) g
     join (select row_number() over () - 1 as i, * from json_to_recordset($4::json) as x(id uuid, path text, grid_id uuid)) b
       on b.i = g % $5`,
    [
      EVENTS,
      OPEN,
      users[0].id,
      JSON.stringify(buildings.map((b) => ({ id: b.id, path: b.path, grid_id: gridOf(b).id }))),
      buildings.length,
    ],
  );
  await client.query('vacuum analyze events');
  const seconds = (performance.now() - t0) / 1000;
  await client.end();
  return seconds;
}

async function main() {
  const url = await createDatabase(DEFAULT_ADMIN_URL, NAME);
  const server = await startApp({ DATABASE_URL: url, ANJU_DEMO: '1' });
  try {
    const loaded = await fill(url);
    console.info(
      `events: ${EVENTS.toLocaleString('en-US')} (${OPEN.toLocaleString('en-US')} open) in ${loaded.toFixed(1)} s`,
    );

    const wangge = await login(server.url, 'wangge', 'anju2026');
    const mine = await runLoad({
      url: server.url,
      paths: ['/api/v1/grid/events?mine=true&status=open&pageSize=20'],
      headers: { cookie: wangge.cookie },
      connections: 4,
      duration: 10,
      warmup: 2,
    });
    const first = await fetch(`${server.url}/api/v1/grid/events?mine=true&status=open&pageSize=20`, {
      headers: { cookie: wangge.cookie },
    });
    const { total } = (await first.json()) as { total: number };
    console.info(
      `my open events (${total.toLocaleString('en-US')} open): ${mine.rps.toFixed(0)} req/s, p50 ${mine.p50.toFixed(1)} ms, p95 ${mine.p95.toFixed(1)} ms, p99 ${mine.p99.toFixed(1)} ms, non-2xx ${mine.non2xx}`,
    );

    const jiedao = await login(server.url, 'jiedao', 'anju2026');
    const year = new Date().getFullYear();
    const times: number[] = [];
    for (let i = 0; i < 12; i++) {
      const t0 = performance.now();
      const res = await fetch(`${server.url}/api/v1/grid/metrics?from=${year - 1}-11-24&to=${year}-11-23`, {
        headers: { cookie: jiedao.cookie },
      });
      if (!res.ok) throw new Error(`metrics: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { received: number };
      times.push(performance.now() - t0);
      if (i === 0) console.info(`yearly metrics over ${body.received.toLocaleString('en-US')} events`);
    }
    const warm = times.slice(2).sort((a, b) => a - b);
    console.info(
      `street yearly metrics: p50 ${percentile(warm, 50).toFixed(0)} ms, p95 ${percentile(warm, 95).toFixed(0)} ms, max ${warm.at(-1)!.toFixed(0)} ms`,
    );

    // The 三清 run itself, in process: what the job does when it fires.
    const database = await openPostgres(url, { max: 4 });
    const services = createServices({ database, secretKey: BENCH_SECRET_KEY });
    const t0 = performance.now();
    const lifted = await services.grid.escalation.daily();
    const seconds = (performance.now() - t0) / 1000;
    console.info(
      `三清 daily run: ${lifted.toLocaleString('en-US')} events lifted in ${seconds.toFixed(2)} s`,
    );
    await database.close();

    console.info('\n| measure | result | target |\n|---|---|---|');
    console.info(
      `| my open events, 4 clients, p95 | ${mine.p95.toFixed(1)} ms (${mine.rps.toFixed(0)} req/s) | ≤ 20 ms |`,
    );
    console.info(`| street yearly metrics, p95 | ${percentile(warm, 95).toFixed(0)} ms | ≤ 300 ms |`);
    console.info(
      `| 三清 over ${lifted.toLocaleString('en-US')} open events | ${seconds.toFixed(2)} s | ≤ 5 s |`,
    );
  } finally {
    await server.stop();
    if (!values.keep) await dropDatabase(DEFAULT_ADMIN_URL, NAME);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
