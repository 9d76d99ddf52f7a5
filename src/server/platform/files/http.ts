import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '../errors.js';
import { type FileMeta, IMAGE_MAX_BYTES, IMAGE_TYPES } from './service.js';

/** What an image upload may be sent as: the image itself, or bytes whose type the server will sniff. */
export const IMAGE_BODY_TYPES = [...Object.keys(IMAGE_TYPES), 'application/octet-stream'];

/**
 * Lets the routes of `scope` take a file as the raw request body (as the registry import takes an
 * .xlsx): no multipart wrapper to parse, the limit is the file's. Register it inside the plugin of the
 * upload routes only (`app.register(async (upload) => { acceptRawBody(upload); upload.post(…) })`),
 * and give those routes `bodyLimit` too.
 */
export function acceptRawBody(
  scope: FastifyInstance,
  opts: { types?: string[]; maxBytes?: number } = {},
): void {
  scope.addContentTypeParser(
    opts.types ?? IMAGE_BODY_TYPES,
    { parseAs: 'buffer', bodyLimit: opts.maxBytes ?? IMAGE_MAX_BYTES },
    (_request, body, done) => done(null, body),
  );
}

/** The uploaded bytes of a raw-body route, or the platform's 400 when there are none. */
export function rawBody(body: unknown, what = '图片'): Buffer {
  if (!Buffer.isBuffer(body) || body.length === 0) throw new AppError(400, 'FILE_EMPTY', `请上传${what}`);
  return body;
}

/** `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266 / 5987): an ASCII fallback and the real name. */
export function contentDisposition(name: string, inline = false): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_') || 'file';
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * Sends a stored file. Images we validated by their bytes may show inline; anything else downloads, so
 * an uploaded document can never run as a page of this site.
 */
export function sendStoredFile(
  reply: FastifyReply,
  file: { meta: Pick<FileMeta, 'name' | 'contentType' | 'size'>; bytes: Buffer },
  opts: { download?: boolean } = {},
): FastifyReply {
  const inline = !opts.download && Object.hasOwn(IMAGE_TYPES, file.meta.contentType);
  return reply
    .type(file.meta.contentType)
    .header('content-disposition', contentDisposition(file.meta.name, inline))
    .header('x-content-type-options', 'nosniff')
    .header(
      'content-security-policy',
      "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
    )
    .header('cache-control', 'private, max-age=3600')
    .send(file.bytes);
}
