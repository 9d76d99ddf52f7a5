import { isEmpty, loadDemo } from '../../../demo/index.js';
import { createServices } from '../app.js';
import { prepareDatabase } from '../bootstrap.js';
import { loadConfig } from '../config.js';

// Loads the demo street into the configured database (PostgreSQL too), if it holds no users yet.
const config = loadConfig();
const database = await prepareDatabase(config);
const services = createServices({ database, secretKey: config.secretKey });
if (await isEmpty(services)) {
  await loadDemo(services);
  process.stdout.write('已载入演示数据：古南街道\n');
} else {
  process.stdout.write('数据库中已有用户，未载入演示数据（演示数据只载入空库）\n');
}
await database.close();
