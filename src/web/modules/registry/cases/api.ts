import type { z } from 'zod';
import type {
  CaseRow,
  careCaseBody,
  caseDetail,
  caseList,
  RegistryStats,
  specialCaseBody,
  updateCaseBody,
  visitBody,
} from '../../../../shared/api/registry.js';
import { api } from '../../../app/api.js';

export type { CaseRow, RegistryStats };
export type CaseKind = 'special' | 'care';
export type CaseList = z.infer<typeof caseList>;
export type CaseDetail = z.infer<typeof caseDetail>;
export type Visit = CaseDetail['visits'][number];
export type SpecialCaseInput = z.input<typeof specialCaseBody>;
export type CareCaseInput = z.input<typeof careCaseBody>;
export type UpdateCaseInput = z.input<typeof updateCaseBody>;
export type VisitInput = z.input<typeof visitBody>;

export interface CaseListParams {
  placeId?: string;
  q?: string;
  group?: string;
  overdue?: 'true';
  active?: 'false';
  page: number;
  pageSize: number;
}

const BASE = '/api/v1/registry';
const PATHS: Record<CaseKind, string> = { special: `${BASE}/special-cases`, care: `${BASE}/care-cases` };
const id = encodeURIComponent;

export const caseKeys = {
  all: (kind: CaseKind) => ['registry', 'cases', kind] as const,
  list: (kind: CaseKind, params: CaseListParams) => ['registry', 'cases', kind, 'list', params] as const,
  overdue: (kind: CaseKind, placeId: string | undefined) =>
    ['registry', 'cases', kind, 'overdue', placeId ?? ''] as const,
  detail: (kind: CaseKind, caseId: string) => ['registry', 'cases', kind, 'detail', caseId] as const,
  stats: (placeId: string | undefined) => ['registry', 'stats', placeId ?? ''] as const,
};

export const caseApi = {
  list: (kind: CaseKind, params: CaseListParams) => api<CaseList>(PATHS[kind], { query: { ...params } }),
  detail: (kind: CaseKind, caseId: string) => api<CaseDetail>(`${PATHS[kind]}/${id(caseId)}`),
  create: (kind: CaseKind, body: SpecialCaseInput | CareCaseInput) =>
    api<{ id: string }>(PATHS[kind], { method: 'POST', body }),
  update: (kind: CaseKind, caseId: string, body: UpdateCaseInput) =>
    api<unknown>(`${PATHS[kind]}/${id(caseId)}`, { method: 'PATCH', body }),
  end: (kind: CaseKind, caseId: string, endedOn: string, reason: string) =>
    api<unknown>(`${PATHS[kind]}/${id(caseId)}/end`, { method: 'POST', body: { endedOn, reason } }),
  visit: (kind: CaseKind, caseId: string, body: VisitInput) =>
    api<{ id: string }>(`${PATHS[kind]}/${id(caseId)}/visits`, { method: 'POST', body }),
  stats: (placeId: string | undefined) => api<RegistryStats>(`${BASE}/stats`, { query: { placeId } }),
};
