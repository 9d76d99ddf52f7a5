import { createServices } from '../app.js';
import { prepareDatabase } from '../bootstrap.js';
import { loadConfig } from '../config.js';

const config = loadConfig();
const database = await prepareDatabase(config);
const { audit } = createServices({ database, secretKey: config.secretKey });
const result = await audit.verify();
await database.close();
if (result.ok) {
  process.stdout.write(`审计链完整：已校验 ${result.checked} 条记录\n`);
} else {
  process.stdout.write(`审计链被破坏：${result.broken!.reason}（此前 ${result.checked} 条完好）\n`);
  process.exitCode = 1;
}
