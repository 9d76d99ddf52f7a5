import type { Config } from './config.js';
import { type Database, openDatabase } from './db/index.js';
import { syncBuiltinRoles } from './modules/org/service.js';

/** Opens the configured database, brings its schema up to date and syncs the built-in roles. */
export async function prepareDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<Database> {
  const database = await openDatabase(config);
  try {
    await database.migrate();
    await syncBuiltinRoles(database.db);
  } catch (err) {
    await database.close();
    throw err;
  }
  return database;
}
