import { createHash, randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, lt } from 'drizzle-orm';
import type { Db } from '../../db/index.js';
import type { Clock } from '../clock.js';
import { AppError, notFound } from '../errors.js';
import { files } from './schema.js';
import type { FileStore } from './store.js';

export type FileMeta = typeof files.$inferSelect;

export const MiB = 1024 * 1024;
export const IMAGE_MAX_BYTES = 5 * MiB;

export const IMAGE_TYPES = {
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/webp': 'WebP',
} as const;
export type ImageType = keyof typeof IMAGE_TYPES;

/** The image type the bytes really are, from their signature; what the client claims does not count. */
export function sniffImage(bytes: Buffer): ImageType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (
    bytes.length >= 8 &&
    bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  )
    return 'image/png';
  if (
    bytes.length >= 12 &&
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
    bytes.subarray(8, 12).toString('latin1') === 'WEBP'
  )
    return 'image/webp';
  return null;
}

const EXTENSIONS: Record<ImageType, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/webp': '.webp',
};

/**
 * A name fit to show and to offer for download: no directories, no control or reserved characters, no
 * leading dots, at most 100 characters keeping the extension. It is only ever a label: the bytes are
 * stored under the file's uuid.
 */
export function sanitizeFileName(name: string | undefined | null, fallback = '未命名文件'): string {
  const base = (name ?? '').split(/[/\\]/).pop() ?? '';
  let clean = base
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    .replace(/[\u0000-\u001f\u007f-\u009f<>:"|?*\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (!clean) return fallback;
  const chars = [...clean];
  if (chars.length > 100) {
    const dot = clean.lastIndexOf('.');
    const ext = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : '';
    clean = chars.slice(0, 100 - [...ext].length).join('') + ext;
  }
  return clean;
}

const mb = (bytes: number) => `${Number((bytes / MiB).toFixed(1))} MB`;

function checkSize(bytes: Buffer, maxBytes: number, what: string): void {
  if (!Buffer.isBuffer(bytes) || bytes.length === 0)
    throw new AppError(400, 'FILE_EMPTY', `${what}内容为空，请重新选择`);
  if (bytes.length > maxBytes)
    throw new AppError(400, 'FILE_TOO_LARGE', `${what}不能超过 ${mb(maxBytes)}（当前 ${mb(bytes.length)}）`);
}

export interface SaveOptions {
  name?: string | null;
  /** Who uploaded it (the actor's user id). */
  createdBy?: string | null;
  /** The place the file belongs to, when known at upload; otherwise set by `attach`. */
  placePath?: string | null;
}

/**
 * Stored files: bytes in the FileStore under the file's id, metadata in `files`. Save on upload, then
 * `attach` to the record in that record's transaction. Files no record ever claimed are swept by
 * `purgeUnattached`.
 */
export function createFiles({ db, store, clock }: { db: Db; store: FileStore; clock: Clock }) {
  async function save(
    bytes: Buffer,
    contentType: string,
    name: string,
    opts: SaveOptions,
  ): Promise<FileMeta> {
    const id = randomUUID();
    await store.put(id, bytes);
    try {
      const [meta] = await db
        .insert(files)
        .values({
          id,
          sha256: createHash('sha256').update(bytes).digest('hex'),
          size: bytes.length,
          contentType,
          name,
          placePath: opts.placePath ?? null,
          createdBy: opts.createdBy ?? null,
          createdAt: clock.now(),
        })
        .returning();
      return meta;
    } catch (err) {
      await store.delete(id).catch(() => {});
      throw err;
    }
  }

  return {
    store,

    /** A photo: JPEG, PNG or WebP by its bytes, at most `maxBytes` (5 MB). */
    async saveImage(bytes: Buffer, opts: SaveOptions & { maxBytes?: number } = {}): Promise<FileMeta> {
      checkSize(bytes, opts.maxBytes ?? IMAGE_MAX_BYTES, '图片');
      const type = sniffImage(bytes);
      if (!type) {
        throw new AppError(
          400,
          'UNSUPPORTED_FILE_TYPE',
          `不支持的图片格式，只能上传 ${Object.values(IMAGE_TYPES).join('、')} 格式的图片`,
        );
      }
      let name = sanitizeFileName(opts.name, `图片${EXTENSIONS[type]}`);
      if (!/\.[A-Za-z0-9]{1,5}$/.test(name)) name += EXTENSIONS[type];
      return save(bytes, type, name, opts);
    },

    /** Any document (evidence, scans): the caller decides which types it accepts; the sha256 is recorded. */
    async saveFile(
      bytes: Buffer,
      opts: SaveOptions & { contentType: string; maxBytes: number },
    ): Promise<FileMeta> {
      checkSize(bytes, opts.maxBytes, '文件');
      const contentType = /^[\w.+-]+\/[\w.+-]+$/.test(opts.contentType)
        ? opts.contentType.toLowerCase()
        : 'application/octet-stream';
      return save(bytes, contentType, sanitizeFileName(opts.name), opts);
    },

    /**
     * Claims files for a record (call it in the record's transaction). Each file must exist and be
     * unclaimed or already this record's; otherwise nothing is attached and the answer is a 400.
     */
    async attach(
      fileIds: readonly string[],
      owner: { ownerType: string; ownerId: string; placePath?: string | null },
    ): Promise<void> {
      const ids = [...new Set(fileIds)];
      if (ids.length === 0) return;
      await db.transaction(async (tx) => {
        const found = await tx
          .select({ id: files.id, ownerType: files.ownerType, ownerId: files.ownerId })
          .from(files)
          .where(inArray(files.id, ids))
          .for('update');
        const usable = found.filter(
          (f) => f.ownerType === null || (f.ownerType === owner.ownerType && f.ownerId === owner.ownerId),
        );
        if (usable.length !== ids.length) {
          throw new AppError(400, 'FILE_NOT_AVAILABLE', '附件不存在或已被使用，请重新上传', {
            fileIds: '附件不存在或已被使用',
          });
        }
        await tx
          .update(files)
          .set({ ownerType: owner.ownerType, ownerId: owner.ownerId, placePath: owner.placePath ?? null })
          .where(inArray(files.id, ids));
      });
    },

    async find(id: string): Promise<FileMeta | null> {
      const [meta] = await db.select().from(files).where(eq(files.id, id));
      return meta ?? null;
    },

    async listFor(ownerType: string, ownerId: string): Promise<FileMeta[]> {
      return db
        .select()
        .from(files)
        .where(and(eq(files.ownerType, ownerType), eq(files.ownerId, ownerId)))
        .orderBy(files.createdAt);
    },

    /** The file and its bytes. Whether the caller may see it is the owning module's question, asked first. */
    async read(id: string): Promise<{ meta: FileMeta; bytes: Buffer }> {
      const [meta] = await db.select().from(files).where(eq(files.id, id));
      if (!meta) throw notFound('文件不存在');
      return { meta, bytes: await store.get(meta.id) };
    },

    /** Deletes files no record claimed within `olderThanMs` (default a day): abandoned uploads. */
    async purgeUnattached(olderThanMs = 86_400_000): Promise<number> {
      const cutoff = new Date(clock.now().getTime() - olderThanMs);
      const gone = await db
        .delete(files)
        .where(and(isNull(files.ownerType), lt(files.createdAt, cutoff)))
        .returning({ id: files.id });
      for (const f of gone) await store.delete(f.id);
      return gone.length;
    },
  };
}

export type Files = ReturnType<typeof createFiles>;
