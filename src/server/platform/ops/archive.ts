import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DriverName } from '../../db/index.js';
import { OpsError } from './errors.js';
import type { Fingerprint } from './fingerprint.js';
import type { SchemaLevel } from './schema-level.js';

/*
 * A backup is one file: a first line naming the format, a second line holding the manifest as JSON,
 * then the payload bytes. Readable with ordinary tools when Anju is not at hand:
 *   head -2 anju.bak | tail -1            the manifest
 *   tail -n +3 anju.bak > payload         the payload (a .tar.gz, a pg_dump archive, or gzip'd JSON lines)
 */
export const MAGIC = 'ANJU-BACKUP 1';

export type BackupKind = 'pglite' | 'pg_dump' | 'logical';

export interface Manifest {
  format: 'anju-backup';
  version: 1;
  createdAt: string;
  /**
   * pglite: the embedded data directory (`dumpDataDir`), a .tar.gz;
   * pg_dump: `pg_dump -Fc` of the whole database;
   * logical: every table's rows, gzip'd JSON lines (see transfer.ts), restorable on either driver.
   */
  kind: BackupKind;
  source: {
    driver: DriverName;
    server: string;
    /** `pg_dump 15.20`, for a pg_dump archive: pg_restore must be at least that major version. */
    tool?: string;
    /** Why a PostgreSQL backup is logical rather than pg_dump. */
    note?: string;
  };
  schema: SchemaLevel;
  fingerprint: Fingerprint;
  payload: { bytes: number; sha256: string };
}

export type ManifestBody = Omit<Manifest, 'format' | 'version' | 'createdAt' | 'payload'>;

/** Refuses to replace an existing file: yesterday's backup is not to be overwritten by mistake. */
export function assertCanWrite(outFile: string): void {
  if (existsSync(outFile)) {
    throw new OpsError('OUT_EXISTS', `备份文件已存在：${outFile}（请换一个文件名，不会覆盖已有备份）`);
  }
}

/**
 * Writes `produce`'s payload to a temporary file beside the target, then the final file (header,
 * manifest with the payload's checksum, payload) under a temporary name, renamed into place only
 * when complete: an interrupted backup never leaves a file that looks whole.
 */
export async function writeArchive(
  outFile: string,
  createdAt: Date,
  produce: (payloadFile: string) => Promise<ManifestBody>,
): Promise<{ manifest: Manifest; bytes: number }> {
  assertCanWrite(outFile);
  try {
    mkdirSync(path.dirname(path.resolve(outFile)), { recursive: true });
  } catch (err) {
    throw describeWriteError(err, outFile);
  }
  const tag = randomBytes(4).toString('hex');
  const payloadFile = `${outFile}.payload-${tag}.tmp`;
  const partFile = `${outFile}.${tag}.tmp`;
  try {
    const body = await produce(payloadFile);
    const sha = createHash('sha256');
    await pipeline(createReadStream(payloadFile), sha);
    const manifest: Manifest = {
      format: 'anju-backup',
      version: 1,
      createdAt: createdAt.toISOString(),
      ...body,
      payload: { bytes: (await stat(payloadFile)).size, sha256: sha.digest('hex') },
    };
    // Backups hold password hashes and encrypted personal data: owner-only, like the key file.
    const out = createWriteStream(partFile, { mode: 0o600 });
    out.write(`${MAGIC}\n${JSON.stringify(manifest)}\n`);
    await pipeline(createReadStream(payloadFile), out);
    const handle = await open(partFile, 'r');
    await handle.sync();
    await handle.close();
    await rename(partFile, outFile);
    return { manifest, bytes: (await stat(outFile)).size };
  } catch (err) {
    throw describeWriteError(err, outFile);
  } finally {
    await rm(payloadFile, { force: true });
    await rm(partFile, { force: true });
  }
}

/** A full disk or a read-only mount is an expected failure: say so in the operator's words. */
function describeWriteError(err: unknown, outFile: string): unknown {
  const code = (err as { code?: string }).code;
  const reason: Record<string, string> = {
    ENOSPC: '磁盘空间不足',
    EDQUOT: '超出磁盘配额',
    EACCES: '没有写入权限',
    EPERM: '没有写入权限',
    EROFS: '介质是只读的',
    ENOTDIR: '路径中有一段不是目录',
    EEXIST: '路径中有一段不是目录',
  };
  return code && reason[code]
    ? new OpsError('OUT_UNWRITABLE', `无法写入备份文件 ${outFile}：${reason[code]}`)
    : err;
}

export interface Archive {
  file: string;
  manifest: Manifest;
  /** The payload as a stream, from the byte after the manifest line. */
  payload(): Readable;
  payloadBuffer(): Promise<Buffer>;
}

/** Reads the header and checks the payload against its checksum before anything acts on it. */
export async function openArchive(file: string): Promise<Archive> {
  if (!existsSync(file)) throw new OpsError('BAD_ARCHIVE', `备份文件不存在：${file}`);
  const handle = await open(file, 'r');
  let header: Buffer;
  try {
    // The manifest is small (a few KB per hundred tables); 16 MB is a generous bound.
    const chunk = Buffer.alloc(16 * 1024 * 1024);
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, 0);
    header = chunk.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const first = header.indexOf(0x0a);
  const second = first < 0 ? -1 : header.indexOf(0x0a, first + 1);
  if (first < 0 || header.subarray(0, first).toString('utf8') !== MAGIC || second < 0) {
    throw new OpsError('BAD_ARCHIVE', `不是安居的备份文件：${file}`);
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(header.subarray(first + 1, second).toString('utf8'));
  } catch {
    throw new OpsError('ARCHIVE_DAMAGED', `备份文件的清单已损坏：${file}`);
  }
  const start = second + 1;
  const size = (await stat(file)).size;
  if (size - start !== manifest.payload?.bytes) {
    throw new OpsError(
      'ARCHIVE_DAMAGED',
      `备份文件不完整：数据部分应有 ${manifest.payload?.bytes} 字节，实有 ${size - start} 字节（可能复制中断）`,
    );
  }
  const sha = createHash('sha256');
  await pipeline(createReadStream(file, { start }), sha);
  if (sha.digest('hex') !== manifest.payload.sha256) {
    throw new OpsError('ARCHIVE_DAMAGED', `备份文件已损坏：数据部分的校验和不符（${file}）`);
  }
  return {
    file,
    manifest,
    payload: () => createReadStream(file, { start }),
    async payloadBuffer() {
      const chunks: Buffer[] = [];
      for await (const c of createReadStream(file, { start })) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    },
  };
}
