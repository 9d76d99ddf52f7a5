import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isEmpty, loadDemo } from '../../demo/index.js';
import { buildApp } from './app.js';
import { prepareDatabase } from './bootstrap.js';
import { ConfigError, loadConfig } from './config.js';
import { createLocalFileStore } from './platform/files/index.js';

const started = performance.now();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function main() {
  const config = loadConfig();
  const database = await prepareDatabase(config);
  const app = await buildApp({
    database,
    secretKey: config.secretKey,
    logger: { level: config.logLevel },
    webDir: path.join(root, 'dist/web'),
    fileStore: createLocalFileStore(config.filesDir),
    publicUrl: config.publicUrl,
  });
  const log = app.log;
  if (config.databaseUrl && config.secretKeyGenerated) {
    log.warn(
      '未设置 ANJU_SECRET_KEY，已使用数据目录中的密钥文件；多节点部署必须为每个节点设置相同的 ANJU_SECRET_KEY',
    );
  }
  if (config.demo && (await isEmpty(app.services))) {
    await loadDemo(app.services);
    log.info('已载入演示数据：古南街道');
  }

  await app.listen({ port: config.port, host: config.host });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const shown = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const lines = [
    '',
    `  安居 Anju 已启动：http://${shown}:${config.port}  （数据库：${database.driver === 'pglite' ? `内嵌 PGlite，${config.dataDir}` : 'PostgreSQL'}，用时 ${seconds} 秒）`,
  ];
  if (config.demo) {
    lines.push(
      `  演示账号（密码均为 ${DEMO_PASSWORD}，演示账号无需首次改密）：`,
      `  ${DEMO_ACCOUNTS.map((a) => a.username).join('  ')}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);

  // Background jobs: every node polls; claims in the database keep each job on one node.
  app.services.jobs.start(5_000, log);

  // Expired sessions and old login attempts, finished jobs, abandoned uploads: an hourly sweep is enough.
  const sweep = setInterval(() => {
    for (const purge of [
      () => app.services.auth.purge(),
      () => app.services.jobs.purge(),
      () => app.services.files.purgeUnattached(),
    ]) {
      purge().catch((err: unknown) => log.warn({ err }, 'purge failed'));
    }
  }, 3_600_000);
  sweep.unref();

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, '正在停止：等待进行中的请求完成');
    clearInterval(sweep);
    // app.close() stops accepting connections and waits for in-flight requests.
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
  else process.stderr.write(`启动失败：${err?.stack ?? err}\n`);
  process.exit(1);
});
