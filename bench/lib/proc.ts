// Server processes as production runs them, their memory, and the helpers bench/soak.ts can reuse.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../src/server/test/free-port.js';
import { BENCH_SECRET_KEY } from './constants.js';

export { freePort };

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A port nobody listens on right now. */

export interface ProcMemory {
  /** Current resident set, KiB. */
  rssKb: number;
  /** Peak resident set over the process's life so far (VmHWM), KiB. */
  hwmKb: number;
}

/** VmRSS and VmHWM of a live process from /proc (null when it is gone or /proc is unavailable). */
export function readProcMemory(pid: number): ProcMemory | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) =>
      Number(new RegExp(`^${key}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
  } catch {
    return null;
  }
}

/** Samples a process's memory on an interval; keeps the series (for trend checks) and the peaks. */
export class MemorySampler {
  readonly samples: { t: number; rssKb: number }[] = [];
  peakRssKb = 0;
  hwmKb = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly started = Date.now();

  constructor(
    readonly pid: number,
    readonly intervalMs = 250,
  ) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
    return this;
  }

  sample(): ProcMemory | null {
    const m = readProcMemory(this.pid);
    if (m) {
      this.samples.push({ t: Date.now() - this.started, rssKb: m.rssKb });
      this.peakRssKb = Math.max(this.peakRssKb, m.rssKb);
      this.hwmKb = Math.max(this.hwmKb, m.hwmKb);
    }
    return m;
  }

  stop(): void {
    this.sample();
    clearInterval(this.timer);
  }
}

export interface ServerProcess {
  pid: number;
  port: number;
  url: string;
  child: ChildProcess;
  memory: MemorySampler;
  /** Resident set once it answered its health check, before any other request. */
  readyRssKb: number;
  /** Seconds from spawn to a healthy answer. */
  startSeconds: number;
  /** The last lines it wrote (for error reports). */
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Node arguments: ['scripts/start.mjs'] for the app, ['--import', 'tsx', 'bench/ceiling-server.ts']. */
  args: string[];
  /** Variables for the server; DATABASE_URL, ANJU_DATA_DIR and friends are cleared unless given here. */
  env: Record<string, string>;
  /** Path answering 200 once the server is ready. */
  healthPath: string;
  timeoutMs?: number;
  /** Called with each line the server writes (e.g. to echo warnings). */
  onLine?: (line: string) => void;
}

// Every server this process started and has not yet seen exit: stopped on interruption, and killed
// outright if this process exits first, so that no server outlives the harness.
const running = new Map<number, () => Promise<void>>();
process.on('exit', () => {
  for (const pid of running.keys()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** Stops every server still running (for SIGINT handlers). */
export async function stopAllServers(): Promise<void> {
  await Promise.all([...running.values()].map((stop) => stop().catch(() => {})));
}

const CLEARED = [
  'DATABASE_URL',
  'ANJU_DATA_DIR',
  'ANJU_SECRET_KEY',
  'ANJU_DEMO',
  'PORT',
  'HOST',
  'LOG_LEVEL',
];

/** Spawns `node <args>` with a free PORT and waits until its health path answers. */
export async function startServer(o: StartOptions): Promise<ServerProcess> {
  const port = Number(o.env.PORT ?? (await freePort()));
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of CLEARED) delete env[k];
  Object.assign(env, { HOST: '127.0.0.1', ...o.env, PORT: String(port) });
  const t0 = performance.now();
  const child = spawn(process.execPath, o.args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not start node ${o.args.join(' ')}`);
  const pid = child.pid;
  const tail: string[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > 60) tail.shift();
      o.onLine?.(line);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = code ?? (signal ? -1 : 0);
      running.delete(pid);
      resolve();
    }),
  );
  const memory = new MemorySampler(pid).start();
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (o.timeoutMs ?? 300_000);
  const stop = async () => {
    memory.stop();
    if (exited !== undefined) return;
    child.kill('SIGTERM');
    const killed = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exit;
    clearTimeout(killed);
  };
  running.set(pid, stop);
  for (;;) {
    if (exited !== undefined) {
      memory.stop();
      throw new Error(`node ${o.args.join(' ')} exited (${exited}) before it was ready:\n${tail.join('\n')}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`node ${o.args.join(' ')} was not ready within ${(o.timeoutMs ?? 300_000) / 1000} s`);
    }
    try {
      const res = await fetch(`${url}${o.healthPath}`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const startSeconds = (performance.now() - t0) / 1000;
  const ready = memory.sample();
  return {
    pid,
    port,
    url,
    child,
    memory,
    readyRssKb: ready?.rssKb ?? Number.NaN,
    startSeconds,
    output: () => tail.join('\n'),
    stop,
  };
}

/**
 * The app as `npm start` runs it: builds the web app if needed, then src/server/main.ts.
 * BENCH_SKIP_WEB_BUILD=1 starts src/server/main.ts directly (what scripts/start.mjs does after its
 * web build): the API under test is the same, for when the web app cannot be built right now.
 */
export function startApp(
  env: Record<string, string>,
  onLine?: (line: string) => void,
): Promise<ServerProcess> {
  return startServer({
    args:
      process.env.BENCH_SKIP_WEB_BUILD === '1'
        ? ['--import', 'tsx', path.join('src', 'server', 'main.ts')]
        : ['scripts/start.mjs'],
    env: { ANJU_SECRET_KEY: BENCH_SECRET_KEY, ANJU_DEMO: '0', LOG_LEVEL: 'warn', ...env },
    healthPath: '/api/health',
    onLine,
  });
}

export interface ImportProbe {
  /** RSS of bare `node --import tsx` with nothing imported, KiB. */
  baselineKb: number;
  /** RSS right after importing the server's modules (what main.ts imports), KiB. */
  rssKb: number;
  hwmKb: number;
  heapUsedKb: number;
  importMs: number;
}

/** Runs bench/lib/import-probe.ts in a fresh process and returns what it measured. */
export function probeImports(): Promise<ImportProbe> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join('bench', 'lib', 'import-probe.ts')],
      { cwd: ROOT, timeout: 120_000 },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`import probe failed: ${err.message}\n${stderr}`));
        const line = stdout.trim().split('\n').pop() ?? '';
        try {
          resolve(JSON.parse(line) as ImportProbe);
        } catch {
          reject(new Error(`import probe printed no result:\n${stdout}\n${stderr}`));
        }
      },
    );
  });
}
