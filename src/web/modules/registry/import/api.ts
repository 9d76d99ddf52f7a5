import type { z } from 'zod';
import type { ImportStatus, importList } from '../../../../shared/api/registry.js';
import { api, download, upload } from '../../../app/api.js';

export type { ImportStatus };
export type ImportKind = ImportStatus['kind'];
export type ImportMode = ImportStatus['mode'];
export type ImportSummary = z.infer<typeof importList>['items'][number];

const BASE = '/api/v1/registry';
const id = encodeURIComponent;

/** What the server takes (checked here first so that nobody waits for a 30 MB upload to be refused). */
export const MAX_IMPORT_BYTES = 30 * 1024 * 1024;

export const importKeys = {
  all: ['registry', 'imports'] as const,
  history: (placeId: string | undefined) => ['registry', 'imports', 'history', placeId ?? ''] as const,
  status: (importId: string) => ['registry', 'imports', 'status', importId] as const,
};

export const importApi = {
  template: (kind: ImportKind, label: string) =>
    download(`${BASE}/import-templates/${id(kind)}`, { fileName: `${label}导入模板.xlsx` }),
  start: (
    file: File,
    query: { kind: ImportKind; placeId: string; mode: ImportMode; fileName: string },
    onProgress: (fraction: number) => void,
  ) => upload<{ id: string }>(`${BASE}/imports`, file, { query: { ...query }, onProgress }),
  status: (importId: string) => api<ImportStatus>(`${BASE}/imports/${id(importId)}`),
  history: async (placeId: string | undefined) =>
    (await api<z.infer<typeof importList>>(`${BASE}/imports`, { query: { placeId } })).items,
  report: (importId: string, fileName: string) =>
    download(`${BASE}/imports/${id(importId)}/report`, { fileName: `错误报告-${fileName}` }),
};

export const FINISHED: ReadonlySet<ImportStatus['status']> = new Set(['done', 'rejected', 'failed']);
