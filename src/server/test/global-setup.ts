import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { loadDemo } from '../../../demo/index.js';
import { createServices } from '../app.js';
import { openPglite, openPostgres } from '../db/index.js';
import { syncBuiltinRoles } from '../modules/org/service.js';
import { TEST_SECRET_KEY } from './secret.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string;
    postgresTemplate: string;
  }
}

/**
 * Migrates a database and loads the demo street once per run; every test file then starts from a
 * copy of it (a PGlite data-dir dump, or a PostgreSQL template database).
 */
export default async function setup(project: TestProject) {
  const which = project.config.env?.ANJU_TEST_DB;
  if (which === 'pglite') {
    const database = await openPglite(undefined);
    await database.migrate();
    await syncBuiltinRoles(database.db);
    await loadDemo(createServices({ database, secretKey: TEST_SECRET_KEY }));
    const dump = await database.dump!();
    const file = path.join(os.tmpdir(), `anju-pglite-${process.pid}-${randomBytes(4).toString('hex')}.tar`);
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    await database.close();
    project.provide('pgliteSnapshot', file);
    return () => rmSync(file, { force: true });
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is required for the postgres project');
  const template = `anju_tpl_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists ${template}`);
  await admin.query(`create database ${template}`);
  const database = await openPostgres(withDatabase(url, template), { max: 2 });
  await database.migrate();
  await syncBuiltinRoles(database.db);
  await loadDemo(createServices({ database, secretKey: TEST_SECRET_KEY }));
  await database.close();
  project.provide('postgresTemplate', template);
  return async () => {
    await admin.query(`drop database if exists ${template}`);
    await admin.end();
  };
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
