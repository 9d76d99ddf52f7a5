import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { notFound } from '../errors.js';

/**
 * Where file bytes live. Keys are chosen by the platform (a file's uuid), never by a user. The local
 * directory is the default; an S3-compatible store implements the same three calls for many nodes.
 */
export interface FileStore {
  put(key: string, bytes: Buffer): Promise<void>;
  /** The bytes under `key`; a missing key is the platform's 404. */
  get(key: string): Promise<Buffer>;
  /** Removes `key`; removing what is not there is not an error. */
  delete(key: string): Promise<void>;
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

function checkKey(key: string): void {
  // Keys are ours, but a store must not be the place where a path escapes its directory.
  if (!KEY.test(key)) throw new Error(`invalid storage key: ${JSON.stringify(key)}`);
}

/** Files in `dir`, fanned out by the first two characters of the key (`ab/abcd…`). */
export function createLocalFileStore(dir: string): FileStore {
  const root = path.resolve(dir);
  const where = (key: string) => {
    checkKey(key);
    return path.join(root, key.slice(0, 2).toLowerCase(), key);
  };
  return {
    async put(key, bytes) {
      const file = where(key);
      await mkdir(path.dirname(file), { recursive: true });
      // Written aside and renamed: a reader never sees half a file, a crash leaves no torn one.
      const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(tmp, bytes, { mode: 0o640 });
      await rename(tmp, file);
    },
    async get(key) {
      try {
        return await readFile(where(key));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw notFound('文件不存在');
        throw err;
      }
    },
    async delete(key) {
      await rm(where(key), { force: true });
    },
  };
}
