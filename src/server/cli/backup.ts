import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { backupEmbedded, backupPostgres, embeddedDir } from '../platform/ops/backup.js';
import {
  describeKey,
  describeManifest,
  formatBytes,
  keyLocation,
  runCommand,
  say,
  seconds,
  usage,
} from '../platform/ops/cli-output.js';
import { withoutPassword } from '../platform/ops/pgtools.js';

const USAGE = `用法：npm run backup -- --out <备份文件> [--format logical]
  备份服务所用的数据库：设置了 DATABASE_URL 时备份该 PostgreSQL 库（服务可继续运行），
  否则备份 ANJU_DATA_DIR 中的内嵌数据库（须先停止服务）。
  --format logical   逐表导出数据，而不用 pg_dump 或数据目录快照；可恢复到内嵌数据库或 PostgreSQL
  --force            仅在无法检测进程占用的系统（非 Linux）上：确认服务已停止时使用`;

let args: { out?: string; format?: string; force?: boolean; help?: boolean };
try {
  args = parseArgs({
    options: {
      out: { type: 'string' },
      format: { type: 'string' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
} catch {
  usage(USAGE);
}
if (args.help || !args.out || (args.format && !['auto', 'logical'].includes(args.format))) usage(USAGE);
const out = path.resolve(args.out);
const format = args.format as 'auto' | 'logical' | undefined;

await runCommand(async () => {
  const config = loadConfig();
  const started = performance.now();
  const opts = { format, force: args.force, secretKey: config.secretKey, log: (l: string) => say(l) };
  say(
    config.databaseUrl
      ? `正在备份 PostgreSQL：${withoutPassword(config.databaseUrl, '***')}`
      : `正在备份内嵌数据库：${embeddedDir(config.dataDir)}`,
  );
  const result = config.databaseUrl
    ? await backupPostgres(config.databaseUrl, out, opts)
    : await backupEmbedded(config.dataDir, out, opts);
  say(`备份完成：${result.file}（${formatBytes(result.bytes)}，用时 ${seconds(started)}）`);
  for (const line of describeManifest(result.manifest)) say(line);
  say('  每张表的行数和校验值已记入备份文件，恢复时逐一核对');
  for (const line of describeKey(result.key, config)) say(line);
  say();
  say(`注意：备份文件不含加密密钥。身份证号、手机号用密钥加密（${keyLocation(config)}），`);
  say('恢复时必须使用同一个密钥。请把密钥与备份分开、安全地另行保管，丢失密钥则这些信息无法解密。');
});
