import { prepareDatabase } from '../bootstrap.js';
import { loadConfig } from '../config.js';

const config = loadConfig();
const database = await prepareDatabase(config);
await database.close();
process.stdout.write(`数据库已迁移到最新（${database.driver}）\n`);
