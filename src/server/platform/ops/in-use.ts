import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { OpsError } from './errors.js';

/*
 * PGlite takes no lock on its directory: a second process opening it while the server runs would
 * corrupt it. While open, PGlite writes a `postmaster.pid` (with a fake pid) and keeps files of the
 * directory open (its WAL segment at least); after a crash only the `postmaster.pid` remains.
 * On Linux, /proc tells the two apart; elsewhere the pid file alone has to do.
 */

/** Processes (by pid) holding a file inside `dir` open; null where /proc cannot be read. */
export function processesUsing(dir: string): number[] | null {
  if (!existsSync('/proc/self/fd')) return null;
  const prefix = `${path.resolve(dir)}/`;
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // another user's process, or gone already
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${entry}/fd/${fd}`).startsWith(prefix)) {
          found.push(Number(entry));
          break;
        }
      } catch {}
    }
  }
  return found;
}

/**
 * Throws when the embedded database in `dir` is open in some process. A pid file without a process
 * behind it is what a crash leaves: opening the database recovers it, so that is only reported.
 */
export function assertNotInUse(
  dir: string,
  action: string,
  opts: { force?: boolean; log?: (line: string) => void } = {},
): void {
  const pidFile = existsSync(path.join(dir, 'postmaster.pid'));
  const holders = processesUsing(dir);
  if (holders && holders.length > 0) {
    const who = holders.map((p) => (p === process.pid ? `${p}（本进程）` : String(p))).join('、');
    throw new OpsError(
      'IN_USE',
      `内嵌数据库 ${dir} 正在被进程 ${who} 使用（安居服务在运行？）：请先停止服务再${action}`,
    );
  }
  if (!pidFile) return;
  if (holders === null && !opts.force) {
    throw new OpsError(
      'IN_USE',
      `内嵌数据库 ${dir} 可能正在被使用（或上次没有正常关闭）：请先停止安居服务再${action}；确认服务已停止后可加 --force`,
    );
  }
  opts.log?.('注意：内嵌数据库上次没有正常关闭（进程崩溃或被强行结束），打开时会自动恢复');
}
