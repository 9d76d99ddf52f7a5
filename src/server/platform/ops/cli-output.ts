import path from 'node:path';
import { type Config, ConfigError } from '../../config.js';
import type { Manifest } from './archive.js';
import { OpsError } from './errors.js';
import type { KeyCheck } from './key-check.js';
import { describeLevel } from './schema-level.js';
import { pgMessage } from './transfer.js';

// What the backup, restore and migrate-to-postgres commands print. Operators read these: Chinese,
// one fact per line, no stack traces for failures they can act on.

export const say = (line = '') => process.stdout.write(`${line}\n`);
const warn = (line: string) => process.stderr.write(`${line}\n`);

/** Runs a command body; an expected failure prints its message and sets exit code 1. */
export async function runCommand(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    if (err instanceof OpsError) {
      warn(`失败：${err.message}`);
      for (const d of err.details) warn(`  ${d}`);
    } else if (err instanceof ConfigError) {
      warn(err.message);
    } else {
      // Not foreseen: still no stack for the operator, but the database's own words.
      warn(`失败（意外错误）：${pgMessage(err)}`);
    }
    process.exitCode = 1;
  }
}

export function usage(text: string): never {
  warn(text);
  process.exit(2);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

export const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} 秒`;

export const KIND_LABEL: Record<Manifest['kind'], string> = {
  pglite: '内嵌数据库的数据目录快照',
  pg_dump: 'pg_dump 自定义格式',
  logical: '逻辑备份（逐表数据，可恢复到内嵌数据库或 PostgreSQL）',
};

export function describeManifest(m: Manifest): string[] {
  const tables = Object.values(m.fingerprint.tables);
  const rows = tables.reduce((n, t) => n + t.rows, 0);
  return [
    `  格式：${KIND_LABEL[m.kind]}${m.source.tool ? `（${m.source.tool}）` : ''}`,
    `  来源：${m.source.server}，备份于 ${new Date(m.createdAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}`,
    `  结构版本：${describeLevel(m.schema)}`,
    `  数据：${tables.length} 张表，共 ${rows.toLocaleString('zh-CN')} 行`,
    ...(m.source.note ? [`  说明：${m.source.note}`] : []),
  ];
}

/** Where the key is, never the key itself. */
export function keyLocation(config: Config): string {
  return config.secretKeyGenerated
    ? `密钥文件 ${path.join(config.dataDir, 'secret.key')}`
    : '环境变量 ANJU_SECRET_KEY';
}

/** What the key check found, as lines to print; `mismatch` is a failure the caller reports. */
export function describeKey(key: KeyCheck | undefined, config: Config): string[] {
  if (key === 'ok') return [`  密钥：当前密钥（${keyLocation(config)}）能解密其中的个人信息`];
  if (key === 'no-data') return ['  密钥：库中还没有加密的个人信息，无法核对密钥'];
  if (key === 'mismatch') {
    return [
      `警告：当前密钥（${keyLocation(config)}）无法解密这些数据中的身份证号、手机号。`,
      '数据是用原安装的密钥加密的：请把原安装数据目录中的 secret.key 复制到本机数据目录',
      `（${path.join(config.dataDir, 'secret.key')}，替换其中的密钥文件），或设置 ANJU_SECRET_KEY 为原来的密钥，再启动安居。`,
    ];
  }
  return [];
}

export function describeLevelLine(level: Manifest['schema']): string {
  return `  结构版本：${describeLevel(level)}`;
}
