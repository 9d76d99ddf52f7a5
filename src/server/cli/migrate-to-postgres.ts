import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { embeddedDir, migrateToPostgres } from '../platform/ops/backup.js';
import {
  describeKey,
  describeLevelLine,
  runCommand,
  say,
  seconds,
  usage,
} from '../platform/ops/cli-output.js';
import { withoutPassword } from '../platform/ops/pgtools.js';

const USAGE = `用法：npm run migrate-to-postgres -- --to postgres://用户:密码@主机:5432/库名
  把 ANJU_DATA_DIR 中的内嵌数据库整体搬到一个新建的空 PostgreSQL 库（15 或更高版本）。
  迁移前请停止服务；原数据目录保持不变。`;

let args: { to?: string; force?: boolean; help?: boolean };
try {
  args = parseArgs({
    options: { to: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  }).values;
} catch {
  usage(USAGE);
}
if (args.help || !args.to) usage(USAGE);
if (!/^postgres(ql)?:\/\//.test(args.to))
  usage(`--to 必须是 postgres:// 或 postgresql:// 开头的连接串\n\n${USAGE}`);
const url = args.to;

await runCommand(async () => {
  const config = loadConfig();
  const started = performance.now();
  if (config.databaseUrl) say('注意：已设置 DATABASE_URL，但迁移的源始终是 ANJU_DATA_DIR 中的内嵌数据库');
  say(`源：内嵌数据库 ${embeddedDir(config.dataDir)}`);
  say(`目标：${withoutPassword(url, '***')}`);
  const result = await migrateToPostgres(config.dataDir, url, {
    force: args.force,
    secretKey: config.secretKey,
    log: (l) => say(l),
  });
  say(
    `迁移完成，校验一致：${result.tables} 张表、共 ${result.rows.toLocaleString('zh-CN')} 行与源库完全相同（用时 ${seconds(started)}）`,
  );
  say(describeLevelLine(result.schema));
  for (const line of describeKey(result.key, config)) say(line);
  say();
  say('下一步：');
  say(`  1. 在运行安居的环境中设置 DATABASE_URL=${withoutPassword(url, '<密码>')}`);
  if (config.secretKeyGenerated) {
    const file = path.join(config.dataDir, 'secret.key');
    say(`  2. 设置 ANJU_SECRET_KEY 为密钥文件 ${file} 的内容，例如：`);
    say(`       export ANJU_SECRET_KEY="$(cat ${file})"`);
  } else {
    say('  2. 继续使用现在的 ANJU_SECRET_KEY（原样设置到新环境中）');
  }
  say('     身份证号、手机号用这个密钥加密：缺了它或设错了，迁移过去的个人信息无法解密；');
  say('     多个节点时每个节点都设置同一个值。密钥不在数据库里，也不会出现在日志中。');
  say('  3. 启动安居并核对后，先用 npm run backup 做一次备份。');
  say(`  4. 确认新系统运行正常之前，请保留原数据目录 ${config.dataDir}，不要删除。`);
});
