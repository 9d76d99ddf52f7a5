// Run as `node --import tsx bench/lib/import-probe.ts`: the memory cost of loading the server's code,
// before it opens a database or answers a request. Prints one JSON line (see ImportProbe).
import { readFileSync } from 'node:fs';

const hwmKb = () =>
  Number(/^VmHWM:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? Number.NaN);
const kb = (bytes: number) => Math.round(bytes / 1024);

const baselineKb = kb(process.memoryUsage().rss);
const t0 = performance.now();
// What src/server/main.ts imports (importing main itself would start a server).
await import('../../src/server/app.js');
await import('../../src/server/bootstrap.js');
await import('../../src/server/config.js');
await import('../../demo/index.js');
const importMs = Math.round(performance.now() - t0);
const mem = process.memoryUsage();
process.stdout.write(
  `${JSON.stringify({ baselineKb, rssKb: kb(mem.rss), hwmKb: hwmKb(), heapUsedKb: kb(mem.heapUsed), importMs })}\n`,
);
