// The ceiling: a bare Fastify route doing one indexed query, on the app's own database layer (same
// driver, same pool size: openPostgres's max 10, or the same PGlite data), started like the server.
// Configured from the same environment as the app (DATABASE_URL or ANJU_DATA_DIR, PORT, HOST).
import { eq } from 'drizzle-orm';
import Fastify from 'fastify';
import { loadConfig } from '../src/server/config.js';
import { openDatabase } from '../src/server/db/index.js';
import { places } from '../src/server/db/schema.js';

const config = loadConfig();
const database = await openDatabase(config);
const app = Fastify({ logger: false });

app.get('/ceiling/health', async () => {
  await database.ping();
  return { ok: true };
});

// No database at all: the HTTP stack alone.
app.get('/ceiling/bare', async () => ({ ok: true }));

// select … from places where id = $1 (primary key).
app.get<{ Params: { id: string } }>('/ceiling/places/:id', async (request, reply) => {
  const [row] = await database.db
    .select({ id: places.id, kind: places.kind, name: places.name, path: places.path })
    .from(places)
    .where(eq(places.id, request.params.id));
  if (!row) return reply.status(404).send({ error: 'not found' });
  return row;
});

await app.listen({ port: config.port, host: config.host });

let closing = false;
const shutdown = async () => {
  if (closing) return;
  closing = true;
  await app.close();
  await database.close();
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
