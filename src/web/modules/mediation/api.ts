import type { z } from 'zod';
import type {
  agreementBody,
  assignedMediator,
  caseActionBody,
  caseBody,
  caseDetail,
  caseList,
  caseRow,
  committee,
  committeeBody,
  documentSaved,
  followupDueList,
  memberBody,
  stats,
  sweepBody,
  sweepList,
  updateCommitteeBody,
  updateMemberBody,
  warningList,
} from '../../../shared/api/mediation.js';
import { api, type QueryValue, upload } from '../../app/api.js';

export type CaseRow = z.infer<typeof caseRow>;
export type CaseList = z.infer<typeof caseList>;
export type CaseDetail = z.infer<typeof caseDetail>;
export type CaseInput = z.input<typeof caseBody>;
export type CaseActionInput = z.input<typeof caseActionBody>;
export type AgreementInput = z.input<typeof agreementBody>;
export type Committee = z.infer<typeof committee>;
export type CommitteeInput = z.input<typeof committeeBody>;
export type CommitteeUpdate = z.input<typeof updateCommitteeBody>;
export type MemberInput = z.input<typeof memberBody>;
export type MemberUpdate = z.input<typeof updateMemberBody>;
export type SweepList = z.infer<typeof sweepList>;
export type SweepInput = z.input<typeof sweepBody>;
export type WarningList = z.infer<typeof warningList>;
export type FollowupDueList = z.infer<typeof followupDueList>;
export type Stats = z.infer<typeof stats>;
export type AssignedMediator = z.infer<typeof assignedMediator>;
export type Query = Record<string, QueryValue>;

const BASE = '/api/v1/mediation';
const enc = encodeURIComponent;
const ok = { ok: true as const };
type Ok = typeof ok;

export const mediationKeys = {
  all: ['mediation'] as const,
  cases: (q: Query) => ['mediation', 'cases', q] as const,
  case: (id: string) => ['mediation', 'case', id] as const,
  committees: (q: Query) => ['mediation', 'committees', q] as const,
  sweeps: (q: Query) => ['mediation', 'sweeps', q] as const,
  warnings: ['mediation', 'warnings'] as const,
  due: ['mediation', 'followups-due'] as const,
  stats: (q: Query) => ['mediation', 'stats', q] as const,
  mediatorOptions: (id: string) => ['mediation', 'mediator-options', id] as const,
};

export const mediationApi = {
  cases: (query: Query) => api<CaseList>(`${BASE}/cases`, { query }),
  case: (id: string) => api<CaseDetail>(`${BASE}/cases/${enc(id)}`),
  create: (body: CaseInput) => api<{ id: string }>(`${BASE}/cases`, { method: 'POST', body }),
  update: (id: string, body: Partial<CaseInput>) =>
    api<Ok>(`${BASE}/cases/${enc(id)}`, { method: 'PATCH', body }),
  act: (id: string, body: CaseActionInput) =>
    api<{ status: string }>(`${BASE}/cases/${enc(id)}/actions`, { method: 'POST', body }),
  addParty: (id: string, body: NonNullable<CaseInput['parties']>[number]) =>
    api<{ id: string }>(`${BASE}/cases/${enc(id)}/parties`, { method: 'POST', body }),
  removeParty: (id: string, partyId: string) =>
    api<Ok>(`${BASE}/cases/${enc(id)}/parties/${enc(partyId)}`, { method: 'DELETE' }),
  revealParty: (id: string, partyId: string, field: 'idNumber' | 'phone', reason: string) =>
    api<{ value: string | null }>(`${BASE}/cases/${enc(id)}/parties/${enc(partyId)}/reveal`, {
      method: 'POST',
      body: { field, reason },
    }),
  mediatorOptions: (id: string) =>
    api<{ items: { id: string; name: string; role: string }[] }>(`${BASE}/cases/${enc(id)}/mediator-options`),
  setMediators: (id: string, memberIds: string[], leadId: string) =>
    api<AssignedMediator[]>(`${BASE}/cases/${enc(id)}/mediators`, {
      method: 'PUT',
      body: { memberIds, leadId },
    }),
  addSession: (id: string, body: { heldAt: string; place: string; attendees: string; record: string }) =>
    api<{ id: string }>(`${BASE}/cases/${enc(id)}/sessions`, { method: 'POST', body }),
  saveAgreement: (id: string, body: AgreementInput) =>
    api<Ok>(`${BASE}/cases/${enc(id)}/agreement`, { method: 'PUT', body }),
  setLead: (id: string, body: { leader: string; handler: string; plan: string; deadline: string }) =>
    api<Ok>(`${BASE}/cases/${enc(id)}/lead`, { method: 'POST', body }),
  addResponse: (id: string, body: { kind: string; note: string }) =>
    api<Ok>(`${BASE}/cases/${enc(id)}/responses`, { method: 'POST', body }),
  recordFollowup: (id: string, followupId: string, body: { method: string; note: string }) =>
    api<Ok>(`${BASE}/cases/${enc(id)}/followups/${enc(followupId)}`, { method: 'POST', body }),
  progress: (id: string, body: Record<string, unknown>) =>
    api<Ok>(`${BASE}/cases/${enc(id)}/progress`, { method: 'PATCH', body }),
  explain: (id: string, item: string, text: string) =>
    api<Ok>(`${BASE}/cases/${enc(id)}/explanations`, { method: 'PUT', body: { item, text } }),
  uploadDocument: (id: string, file: File, kind: string, description: string) =>
    upload<z.infer<typeof documentSaved>>(`${BASE}/cases/${enc(id)}/documents`, file, {
      query: { kind, name: file.name, description: description || undefined },
    }),
  documentUrl: (id: string, documentId: string) => `${BASE}/cases/${enc(id)}/documents/${enc(documentId)}`,
  agreementUrl: (id: string) => `${BASE}/cases/${enc(id)}/agreement.docx`,
  fileUrl: (id: string) => `${BASE}/cases/${enc(id)}/file.zip`,
  committees: (query: Query) => api<{ items: Committee[] }>(`${BASE}/committees`, { query }),
  createCommittee: (body: CommitteeInput) =>
    api<{ id: string }>(`${BASE}/committees`, { method: 'POST', body }),
  updateCommittee: (id: string, body: CommitteeUpdate) =>
    api<Ok>(`${BASE}/committees/${enc(id)}`, { method: 'PATCH', body }),
  addMember: (committeeId: string, body: MemberInput) =>
    api<{ id: string }>(`${BASE}/committees/${enc(committeeId)}/members`, { method: 'POST', body }),
  updateMember: (id: string, body: MemberUpdate) =>
    api<Ok>(`${BASE}/members/${enc(id)}`, { method: 'PATCH', body }),
  sweeps: (query: Query) => api<SweepList>(`${BASE}/sweeps`, { query }),
  createSweep: (body: SweepInput) =>
    api<{ id: string; caseIds: string[] }>(`${BASE}/sweeps`, { method: 'POST', body }),
  warnings: () => api<WarningList>(`${BASE}/cases/warnings`),
  due: () => api<FollowupDueList>(`${BASE}/followups/due`),
  stats: (query: Query) => api<Stats>(`${BASE}/stats`, { query }),
};
