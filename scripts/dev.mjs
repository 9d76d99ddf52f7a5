// npm run dev: the server restarting on change (tsx watch) and Vite's dev server with hot reload,
// proxying /api to the server. Open http://127.0.0.1:5173.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { root } from './web-build.mjs';

const children = [
  spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'watch', 'src/server/main.ts'], {
    cwd: root,
    stdio: 'inherit',
  }),
  spawn(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js')], {
    cwd: root,
    stdio: 'inherit',
  }),
];
const stop = () => {
  for (const c of children) c.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const c of children) c.on('exit', (code) => code && stop());
