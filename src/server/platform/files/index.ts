export { acceptRawBody, contentDisposition, IMAGE_BODY_TYPES, rawBody, sendStoredFile } from './http.js';
export {
  createFiles,
  type FileMeta,
  type Files,
  IMAGE_MAX_BYTES,
  IMAGE_TYPES,
  MiB,
  sanitizeFileName,
  sniffImage,
} from './service.js';
export { createLocalFileStore, type FileStore } from './store.js';
