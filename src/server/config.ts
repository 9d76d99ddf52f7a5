import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  ANJU_DATA_DIR: z.string().min(1).default('./data'),
  ANJU_FILES_DIR: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { error: 'DATABASE_URL 必须是 postgres:// 或 postgresql:// 开头的连接串' })
    .optional(),
  ANJU_SECRET_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64,}$/, { error: 'ANJU_SECRET_KEY 必须是至少 64 位的十六进制字符串（32 字节）' })
    .optional(),
  ANJU_DEMO: z.enum(['0', '1']).optional(),
  ANJU_PUBLIC_URL: z
    .url({ error: 'ANJU_PUBLIC_URL 必须是完整网址，如 https://anju.example.gov.cn' })
    .regex(/^https?:\/\//, { error: 'ANJU_PUBLIC_URL 必须以 http:// 或 https:// 开头' })
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** Uploaded files (photos, evidence) for the local file store. */
  filesDir: string;
  databaseUrl: string | undefined;
  secretKey: string;
  /** Whether the secret key was generated into the data dir rather than given. */
  secretKeyGenerated: boolean;
  demo: boolean;
  logLevel: string;
  /** The address residents reach the site by, printed in QR codes; unset: the address of each request. */
  publicUrl: string | undefined;
}

export class ConfigError extends Error {}

/** Reads and validates every setting once; nothing else in the server reads process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means unset (`DATABASE_URL= npm start` is the embedded database).
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(given);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`配置有误：\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.ANJU_DATA_DIR);
  const { key, generated } = e.ANJU_SECRET_KEY
    ? { key: e.ANJU_SECRET_KEY, generated: false }
    : readOrCreateKeyFile(dataDir);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    filesDir: e.ANJU_FILES_DIR ? path.resolve(e.ANJU_FILES_DIR) : path.join(dataDir, 'files'),
    databaseUrl: e.DATABASE_URL,
    secretKey: key,
    secretKeyGenerated: generated,
    // A real installation is not a demo: demo data only by default on the embedded database.
    demo: e.ANJU_DEMO ? e.ANJU_DEMO === '1' : !e.DATABASE_URL,
    publicUrl: e.ANJU_PUBLIC_URL?.replace(/\/+$/, ''),
    logLevel: e.LOG_LEVEL,
  };
}

function readOrCreateKeyFile(dataDir: string): { key: string; generated: boolean } {
  const file = path.join(dataDir, 'secret.key');
  if (existsSync(file)) return { key: readFileSync(file, 'utf8').trim(), generated: true };
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('hex');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return { key, generated: true };
}
