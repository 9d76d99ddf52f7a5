// One autocannon run with exact percentiles (autocannon's summary has no p95): every response time
// of the measured phase is kept and sorted.
import autocannon from 'autocannon';

export interface LoadOptions {
  /** Base URL of the server, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Paths every connection cycles through. */
  paths: readonly string[];
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  connections: number;
  /** Seconds measured. */
  duration: number;
  /** Seconds of unmeasured load first (JIT, caches, pool connections). */
  warmup: number;
  /** Seconds before a request counts as timed out. */
  timeout?: number;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

/** Growable float buffer: cheap enough for hundreds of thousands of samples. */
class Samples {
  private buf = new Float64Array(1 << 16);
  length = 0;
  add(v: number) {
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }
  sorted(): Float64Array {
    return this.buf.slice(0, this.length).sort();
  }
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  if (o.paths.length === 0) throw new Error('a load run needs at least one path');
  const samples = new Samples();
  let ok = 0;
  const instance = autocannon({
    url: o.url,
    connections: o.connections,
    duration: o.duration,
    timeout: o.timeout ?? 10,
    headers: o.headers,
    // Static requests: built once, so the load generator spends its CPU on sending.
    requests: o.paths.map((path) => ({ method: o.method ?? 'GET', path })),
    ...(o.warmup > 0 ? { warmup: { connections: o.connections, duration: o.warmup } } : {}),
  });
  // Only the measured phase reports here (the warm-up runs on a tracker of its own).
  instance.on('response', (_client, status, _bytes, ms) => {
    if (status >= 200 && status < 300) {
      ok += 1;
      samples.add(ms);
    }
  });
  const r = await instance;
  const sorted = samples.sorted();
  let sum = 0;
  for (const v of sorted) sum += v;
  const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats).map(([k, v]) => [k, v.count]));
  return {
    requests: ok,
    seconds: r.duration,
    rps: ok / r.duration,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodes,
  };
}
