import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.js';
import { openTestDatabase } from '../../test/harness.js';
import { ManualClock } from '../clock.js';
import { registerErrorHandling } from '../http/errors.js';
import {
  acceptRawBody,
  contentDisposition,
  createFiles,
  createLocalFileStore,
  type Files,
  MiB,
  rawBody,
  sanitizeFileName,
  sendStoredFile,
} from './index.js';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100, 7)]);
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(50, 1),
]);
const WEBP = Buffer.concat([
  Buffer.from('RIFF'),
  Buffer.from([0, 0, 0, 0]),
  Buffer.from('WEBPVP8 '),
  Buffer.alloc(40),
]);
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1');
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

let database: Database;
let dir: string;
let files: Files;
const clock = new ManualClock('2026-11-23T01:00:00Z');
beforeAll(async () => {
  database = await openTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'anju-files-test-'));
  files = createFiles({ db: database.db, store: createLocalFileStore(dir), clock });
});
afterAll(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('files', () => {
  it('saves JPEG, PNG and WebP by their bytes, whatever the name says', async () => {
    const jpeg = await files.saveImage(JPEG, { name: '照片.png' });
    expect(jpeg).toMatchObject({ contentType: 'image/jpeg', size: JPEG.length, name: '照片.png' });
    expect(jpeg.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await files.saveImage(PNG, { name: 'a' })).contentType).toBe('image/png');
    const webp = await files.saveImage(WEBP, {});
    expect(webp).toMatchObject({ contentType: 'image/webp', name: '图片.webp' });
    const back = await files.read(jpeg.id);
    expect(back.bytes.equals(JPEG)).toBe(true);
    // Stored under its uuid, never under the name it came with.
    expect(existsSync(path.join(dir, jpeg.id.slice(0, 2), jpeg.id))).toBe(true);
  });

  it('refuses other types and oversize images with a Chinese 400', async () => {
    for (const bytes of [GIF, SVG, Buffer.from('%PDF-1.7'), Buffer.from('hello')]) {
      await expect(files.saveImage(bytes, { name: 'x.jpg' })).rejects.toMatchObject({
        status: 400,
        code: 'UNSUPPORTED_FILE_TYPE',
        message: '不支持的图片格式，只能上传 JPEG、PNG、WebP 格式的图片',
      });
    }
    const big = Buffer.concat([JPEG, Buffer.alloc(5 * MiB)]);
    await expect(files.saveImage(big)).rejects.toMatchObject({
      status: 400,
      code: 'FILE_TOO_LARGE',
      message: expect.stringContaining('不能超过 5 MB'),
    });
    await expect(files.saveImage(JPEG, { maxBytes: 50 })).rejects.toMatchObject({ code: 'FILE_TOO_LARGE' });
    await expect(files.saveImage(Buffer.alloc(0))).rejects.toMatchObject({ status: 400, code: 'FILE_EMPTY' });
  });

  it('saveFile records any document with its sha256', async () => {
    const pdf = Buffer.from('%PDF-1.7 证据');
    const meta = await files.saveFile(pdf, {
      name: '调解协议.pdf',
      contentType: 'application/pdf',
      maxBytes: MiB,
    });
    expect(meta).toMatchObject({ contentType: 'application/pdf', name: '调解协议.pdf', size: pdf.length });
    expect(meta.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    const odd = await files.saveFile(pdf, {
      name: 'x',
      contentType: 'text/html; charset=utf-8',
      maxBytes: MiB,
    });
    expect(odd.contentType).toBe('application/octet-stream');
  });

  it('sanitises names so that no path can escape', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('..\\..\\windows\\win.ini')).toBe('win.ini');
    expect(sanitizeFileName('.bashrc')).toBe('bashrc');
    expect(sanitizeFileName('a\u0000b\u202ec.jpg')).toBe('abc.jpg');
    expect(sanitizeFileName('  楼道 堆物.jpg  ')).toBe('楼道 堆物.jpg');
    expect(sanitizeFileName('..')).toBe('未命名文件');
    expect(sanitizeFileName(`${'长'.repeat(300)}.jpeg`)).toBe(`${'长'.repeat(95)}.jpeg`);
  });

  it('the store refuses keys that are paths', async () => {
    const store = createLocalFileStore(dir);
    for (const key of ['../x', 'a/b', '', '.hidden', 'x'.repeat(200)]) {
      await expect(store.put(key, JPEG)).rejects.toThrow(/invalid storage key/);
    }
    await expect(store.get('0000000000')).rejects.toMatchObject({ status: 404 });
    await store.delete('0000000000');
  });

  it('attach claims unowned files for one record, atomically', async () => {
    const a = await files.saveImage(JPEG);
    const b = await files.saveImage(PNG);
    const owner = { ownerType: 'grid.event', ownerId: 'e1', placePath: '/p/' };
    await files.attach([a.id, b.id], owner);
    await files.attach([a.id], owner); // again, same record: fine
    expect((await files.listFor('grid.event', 'e1')).map((f) => f.id).sort()).toEqual([a.id, b.id].sort());
    const c = await files.saveImage(WEBP);
    await expect(
      files.attach([c.id, a.id], { ownerType: 'grid.event', ownerId: 'e2' }),
    ).rejects.toMatchObject({
      status: 400,
      code: 'FILE_NOT_AVAILABLE',
    });
    expect((await files.find(c.id))?.ownerId).toBeNull(); // nothing half-attached
    await expect(
      files.attach(['00000000-0000-4000-8000-000000000000'], { ownerType: 'x', ownerId: 'y' }),
    ).rejects.toMatchObject({ code: 'FILE_NOT_AVAILABLE' });
    await expect(files.read('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ status: 404 });
  });

  it('purgeUnattached removes abandoned uploads only', async () => {
    const kept = await files.saveImage(JPEG);
    await files.attach([kept.id], { ownerType: 't', ownerId: 'keep' });
    const abandoned = await files.saveImage(JPEG);
    clock.advance(2 * 86_400_000);
    expect(await files.purgeUnattached()).toBeGreaterThanOrEqual(1);
    expect(await files.find(abandoned.id)).toBeNull();
    expect(existsSync(path.join(dir, abandoned.id.slice(0, 2), abandoned.id))).toBe(false);
    expect(await files.find(kept.id)).not.toBeNull();
  });
});

describe('files over HTTP (the helpers modules use)', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = Fastify();
    registerErrorHandling(app);
    await app.register(async (upload) => {
      acceptRawBody(upload, { maxBytes: MiB });
      upload.post('/photos', { bodyLimit: MiB }, async (request, reply) => {
        const meta = await files.saveImage(rawBody(request.body), {
          name: request.headers['x-file-name'] as string | undefined,
          maxBytes: MiB,
        });
        return reply.status(201).send({ id: meta.id });
      });
    });
    app.get('/photos/:id', async (request, reply) =>
      sendStoredFile(reply, await files.read((request.params as { id: string }).id), {
        download: (request.query as { download?: string }).download === '1',
      }),
    );
    await app.ready();
  });
  afterAll(() => app.close());

  it('takes an image as the raw body and serves it back with safe headers', async () => {
    for (const type of ['image/jpeg', 'application/octet-stream']) {
      const res = await app.inject({
        method: 'POST',
        url: '/photos',
        payload: JPEG,
        headers: { 'content-type': type, 'x-file-name': encodeURIComponent('楼道.jpg') },
      });
      expect(res.statusCode).toBe(201);
    }
    const up = await app.inject({
      method: 'POST',
      url: '/photos',
      payload: PNG,
      headers: { 'content-type': 'image/png' },
    });
    const id = up.json().id;
    await files.attach([id], { ownerType: 't', ownerId: 'http' });
    const meta = (await files.find(id))!;
    expect(meta.name).toBe('图片.png');
    const got = await app.inject({ method: 'GET', url: `/photos/${id}` });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['content-disposition']).toBe(
      `inline; filename="__.png"; filename*=UTF-8''%E5%9B%BE%E7%89%87.png`,
    );
    expect(got.rawPayload.equals(PNG)).toBe(true);
    const dl = await app.inject({ method: 'GET', url: `/photos/${id}?download=1` });
    expect(dl.headers['content-disposition']).toMatch(/^attachment; /);
  });

  it('refuses what is not an image, an empty body, a wrong type and an oversize body, in the error shape', async () => {
    const text = await app.inject({
      method: 'POST',
      url: '/photos',
      payload: SVG,
      headers: { 'content-type': 'image/png' },
    });
    expect(text.statusCode).toBe(400);
    expect(text.json().error).toMatchObject({
      code: 'UNSUPPORTED_FILE_TYPE',
      message: expect.stringContaining('JPEG、PNG、WebP'),
    });
    const empty = await app.inject({
      method: 'POST',
      url: '/photos',
      payload: '',
      headers: { 'content-type': 'image/jpeg' },
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toMatch(/FILE_EMPTY|VALIDATION_FAILED/);
    const gif = await app.inject({
      method: 'POST',
      url: '/photos',
      payload: GIF,
      headers: { 'content-type': 'image/gif' },
    });
    expect(gif.statusCode).toBe(415);
    expect(gif.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const big = await app.inject({
      method: 'POST',
      url: '/photos',
      payload: Buffer.concat([JPEG, Buffer.alloc(MiB)]),
      headers: { 'content-type': 'image/jpeg' },
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.message).toContain('1 MB');
  });

  it('content-disposition carries Chinese names per RFC 5987 and an ASCII fallback', () => {
    expect(contentDisposition('调解协议 (签字).pdf')).toBe(
      `attachment; filename="____ (__).pdf"; filename*=UTF-8''%E8%B0%83%E8%A7%A3%E5%8D%8F%E8%AE%AE%20%28%E7%AD%BE%E5%AD%97%29.pdf`,
    );
    expect(contentDisposition('a"b;c.txt')).toBe(
      `attachment; filename="a_b_c.txt"; filename*=UTF-8''a%22b%3Bc.txt`,
    );
  });
});
