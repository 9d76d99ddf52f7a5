import type { z } from 'zod';
import type { AuditEvent, auditList, verifyResult } from '../../../shared/api/audit.js';
import { api } from '../../app/api.js';

export type { AuditEvent };
export type AuditList = z.infer<typeof auditList>;
export type VerifyResult = z.infer<typeof verifyResult>;

export interface AuditQuery {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  placeId?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export const auditKeys = {
  all: ['audit'] as const,
  list: (query: AuditQuery) => ['audit', 'events', query] as const,
};

export const auditApi = {
  list: (query: AuditQuery) => api<AuditList>('/api/v1/audit/events', { query: { ...query } }),
  verify: () => api<VerifyResult>('/api/v1/audit/verify'),
};
