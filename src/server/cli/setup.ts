import { parseArgs } from 'node:util';
import { password as passwordRule } from '../../shared/api/auth.js';
import { createServices } from '../app.js';
import { prepareDatabase } from '../bootstrap.js';
import { loadConfig } from '../config.js';
import { createFirstAdmin } from '../modules/org/setup.js';

// One-time creation of the first system administrator of a real installation.
const { values } = parseArgs({
  options: {
    username: { type: 'string', default: 'admin' },
    name: { type: 'string', default: '系统管理员' },
    password: { type: 'string' },
  },
});
const pw = values.password ?? process.env.ANJU_ADMIN_PASSWORD;
if (!pw || !passwordRule.safeParse(pw).success) {
  process.stderr.write('用法：npm run setup -- --username admin --password <至少 8 位，含字母和数字>\n');
  process.exit(2);
}
const config = loadConfig();
const database = await prepareDatabase(config);
try {
  const services = createServices({ database, secretKey: config.secretKey });
  await createFirstAdmin(services, { username: values.username!, displayName: values.name!, password: pw });
  process.stdout.write(`已创建系统管理员 ${values.username}，首次登录后请修改密码\n`);
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await database.close();
}
