// A TCP relay in front of PostgreSQL that counts the statements clients send (a simple Query, or an
// extended-protocol Sync: one per parameterised query). Used only for a separate, unloaded calibration
// pass: "database round trips per request" is what explains most of the distance to the ceiling.
import net from 'node:net';

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

export interface StatementCounter {
  port: number;
  /** Statements sent since start or the last reset. */
  readonly count: number;
  reset(): void;
  close(): Promise<void>;
}

/** Counts Query ('Q') and Sync ('S') messages in one client's frontend stream. */
function frontendParser(onStatement: () => void) {
  let buf: Buffer = Buffer.alloc(0);
  let startup = true;
  return (chunk: Buffer) => {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    for (;;) {
      if (startup) {
        if (buf.length < 8) return;
        const len = buf.readInt32BE(0);
        if (buf.length < len) return;
        const code = buf.readInt32BE(4);
        buf = buf.subarray(len);
        // SSL/GSS negotiation and cancel requests precede (or replace) the startup message.
        if (code !== SSL_REQUEST && code !== GSS_REQUEST && code !== CANCEL_REQUEST) startup = false;
        continue;
      }
      if (buf.length < 5) return;
      const len = buf.readInt32BE(1);
      if (buf.length < 1 + len) return;
      const type = String.fromCharCode(buf[0]);
      if (type === 'Q' || type === 'S') onStatement();
      buf = buf.subarray(1 + len);
    }
  };
}

export async function startStatementCounter(databaseUrl: string): Promise<StatementCounter> {
  const u = new URL(databaseUrl);
  const host = u.hostname || '127.0.0.1';
  const port = Number(u.port || 5432);
  let count = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(port, host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    const parse = frontendParser(() => {
      count += 1;
    });
    client.on('data', (chunk: Buffer) => {
      parse(chunk);
      upstream.write(chunk);
    });
    client.on('end', () => upstream.end());
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    get count() {
      return count;
    },
    reset() {
      count = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The database URL routed through the counter. */
export function viaCounter(databaseUrl: string, counter: StatementCounter): string {
  const u = new URL(databaseUrl);
  u.hostname = '127.0.0.1';
  u.port = String(counter.port);
  return u.toString();
}
