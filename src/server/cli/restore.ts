import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { embeddedDir, restoreEmbedded, restorePostgres } from '../platform/ops/backup.js';
import {
  describeKey,
  describeManifest,
  runCommand,
  say,
  seconds,
  usage,
} from '../platform/ops/cli-output.js';
import { withoutPassword } from '../platform/ops/pgtools.js';
import { compareWithCode } from '../platform/ops/schema-level.js';

const USAGE = `用法：npm run restore -- --in <备份文件> [--force]
  恢复到服务所用的数据库：设置了 DATABASE_URL 时恢复到该 PostgreSQL 库（须事先建好，最好是空库），
  否则恢复到 ANJU_DATA_DIR 中的内嵌数据库。恢复前请停止服务。
  --force   目标已有数据时仍然恢复：内嵌数据库的原目录改名保留；PostgreSQL 库先被清空`;

let args: { in?: string; force?: boolean; help?: boolean };
try {
  args = parseArgs({
    options: { in: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  }).values;
} catch {
  usage(USAGE);
}
if (args.help || !args.in) usage(USAGE);
const input = path.resolve(args.in);

await runCommand(async () => {
  const config = loadConfig();
  const started = performance.now();
  const opts = { force: args.force, secretKey: config.secretKey, log: (l: string) => say(l) };
  say(
    `正在恢复 ${input} → ${
      config.databaseUrl
        ? `PostgreSQL ${withoutPassword(config.databaseUrl, '***')}`
        : `内嵌数据库 ${embeddedDir(config.dataDir)}`
    }`,
  );
  const result = config.databaseUrl
    ? await restorePostgres(input, config.databaseUrl, opts)
    : await restoreEmbedded(input, config.dataDir, opts);
  say(
    `恢复完成，校验一致：${result.tables} 张表、共 ${result.rows.toLocaleString('zh-CN')} 行与备份完全相同（用时 ${seconds(started)}）`,
  );
  for (const line of describeManifest(result.manifest)) say(line);
  if (result.movedAside) say(`  原数据库已改名保留：${result.movedAside}（确认无误后可自行删除）`);
  if (compareWithCode(result.manifest.schema) === 'older') {
    say('  备份的结构版本比本程序旧：启动安居时会自动升级');
  }
  if (result.key === 'mismatch') {
    process.stderr.write(`${describeKey(result.key, config).join('\n')}\n`);
    process.exitCode = 1;
  } else {
    for (const line of describeKey(result.key, config)) say(line);
  }
});
