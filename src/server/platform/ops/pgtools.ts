import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { OpsError } from './errors.js';

// pg_dump and pg_restore, when this machine has them. The password never goes on a command line
// (other users can read those in `ps`): it travels in PGPASSWORD.

export interface ToolVersion {
  bin: string;
  major: number;
  version: string;
}

/** `pg_dump --version` → 15 / "15.20"; null when the tool is missing or does not answer. */
export function toolVersion(bin: string): Promise<ToolVersion | null> {
  return new Promise((resolve) => {
    execFile(bin, ['--version'], { timeout: 10_000 }, (err, stdout) => {
      const m = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(String(stdout));
      if (err || !m) resolve(null);
      else resolve({ bin, major: Number(m[1]), version: m[2] ? `${m[1]}.${m[2]}` : m[1] });
    });
  });
}

/** A connection URL without its password, for a command line or a message. */
export function withoutPassword(url: string, shown = ''): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = shown;
    return u.toString();
  } catch {
    return '（无法解析的连接串）';
  }
}

function toolEnv(url: string): NodeJS.ProcessEnv {
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {}
  return { ...process.env, PGCONNECT_TIMEOUT: '10', ...(password ? { PGPASSWORD: password } : {}) };
}

function run(bin: string, args: string[], url: string, input?: Readable): Promise<void> {
  const name = path.basename(bin);
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      env: toolEnv(url),
      stdio: [input ? 'pipe' : 'ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString('utf8')).slice(-4_000);
    });
    if (input) {
      // If the tool stops early its stdin closes; its exit code and stderr tell why.
      pipeline(input, child.stdin!).catch(() => {});
    }
    child.on('error', (err) => reject(new OpsError('PG_TOOL_FAILED', `无法运行 ${name}：${err.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve();
      else {
        reject(
          new OpsError(
            'PG_TOOL_FAILED',
            `${name} 失败（退出码 ${code}）`,
            stderr.trim().split('\n').filter(Boolean).slice(-10),
          ),
        );
      }
    });
  });
}

/** `pg_dump -Fc` of the snapshot a transaction exported: the manifest describes exactly these rows. */
export function pgDump(bin: string, url: string, snapshot: string, outFile: string): Promise<void> {
  return run(
    bin,
    ['--format=custom', `--snapshot=${snapshot}`, `--file=${outFile}`, `--dbname=${withoutPassword(url)}`],
    url,
  );
}

/**
 * Restores into an empty database in one transaction, objects owned by whoever restores (a server
 * moved to new hands has other role names).
 */
export function pgRestore(bin: string, url: string, input: Readable): Promise<void> {
  return run(
    bin,
    [
      '--no-owner',
      '--no-privileges',
      '--exit-on-error',
      '--single-transaction',
      `--dbname=${withoutPassword(url)}`,
    ],
    url,
    input,
  );
}
