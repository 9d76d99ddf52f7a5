import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const builtIndex = path.join(root, 'dist/web/index.html');

function newest(p) {
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  let m = s.mtimeMs;
  for (const e of readdirSync(p)) m = Math.max(m, newest(path.join(p, e)));
  return m;
}

/** Builds the web app when it is missing or older than its sources; later starts skip it. */
export function ensureWebBuilt() {
  const sources = ['src/web', 'src/shared', 'vite.config.ts', 'package-lock.json'].map((p) =>
    path.join(root, p),
  );
  if (existsSync(builtIndex)) {
    const built = statSync(builtIndex).mtimeMs;
    if (sources.every((s) => !existsSync(s) || newest(s) <= built)) return;
  }
  process.stdout.write('正在构建网页端（首次启动或代码有更新，约需半分钟）…\n');
  const vite = path.join(root, 'node_modules/vite/bin/vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    process.stderr.write('网页端构建失败\n');
    process.exit(r.status ?? 1);
  }
}
