import type { z } from 'zod';
import type {
  brigadeList,
  checklist,
  drillBody,
  drillList,
  equipmentBody,
  equipmentList,
  hazardActionBody,
  hazardBody,
  hazardDetail,
  hazardList,
  inspectionBody,
  inspectionCreated,
  inspectionDetail,
  inspectionList,
  missingList,
  planBody,
  planDetail,
  planList,
} from '../../../shared/api/fire.js';
import { api, type QueryValue } from '../../app/api.js';

export type EquipmentList = z.infer<typeof equipmentList>;
export type EquipmentItem = EquipmentList['items'][number];
export type EquipmentInput = z.input<typeof equipmentBody>;
export type Checklist = z.infer<typeof checklist>;
export type InspectionList = z.infer<typeof inspectionList>;
export type InspectionDetail = z.infer<typeof inspectionDetail>;
export type InspectionInput = z.input<typeof inspectionBody>;
export type MissingList = z.infer<typeof missingList>;
export type HazardList = z.infer<typeof hazardList>;
export type HazardBrief = HazardList['items'][number];
export type HazardDetail = z.infer<typeof hazardDetail>;
export type HazardInput = z.input<typeof hazardBody>;
export type HazardActionInput = z.input<typeof hazardActionBody>;
export type PlanList = z.infer<typeof planList>;
export type PlanDetail = z.infer<typeof planDetail>;
export type PlanInput = z.input<typeof planBody>;
export type DrillList = z.infer<typeof drillList>;
export type DrillInput = z.input<typeof drillBody>;
export type BrigadeList = z.infer<typeof brigadeList>;

export type Query = Record<string, QueryValue>;

const BASE = '/api/v1/fire';
const enc = encodeURIComponent;

export const fireKeys = {
  all: ['fire'] as const,
  equipment: (q: Query) => ['fire', 'equipment', q] as const,
  checklist: (placeId: string) => ['fire', 'checklist', placeId] as const,
  inspections: (q: Query) => ['fire', 'inspections', q] as const,
  inspection: (id: string) => ['fire', 'inspection', id] as const,
  missing: (q: Query) => ['fire', 'missing', q] as const,
  hazards: (q: Query) => ['fire', 'hazards', q] as const,
  hazard: (id: string) => ['fire', 'hazard', id] as const,
  plans: (q: Query) => ['fire', 'plans', q] as const,
  plan: (id: string) => ['fire', 'plan', id] as const,
  drills: (q: Query) => ['fire', 'drills', q] as const,
  brigade: (q: Query) => ['fire', 'brigade', q] as const,
};

export const fireApi = {
  equipment: (query: Query) => api<EquipmentList>(`${BASE}/equipment`, { query }),
  createEquipment: (body: EquipmentInput) =>
    api<{ id: string }>(`${BASE}/equipment`, { method: 'POST', body }),
  updateEquipment: (id: string, body: Partial<Omit<EquipmentInput, 'placeId'>>) =>
    api<{ ok: true }>(`${BASE}/equipment/${enc(id)}`, { method: 'PATCH', body }),
  removeEquipment: (id: string) => api<{ ok: true }>(`${BASE}/equipment/${enc(id)}`, { method: 'DELETE' }),
  checklist: (placeId: string) => api<Checklist>(`${BASE}/checklist`, { query: { placeId } }),
  setChecklist: (estateId: string, body: { items: { code: string; label: string }[] }) =>
    api<{ ok: true }>(`${BASE}/estates/${enc(estateId)}/checklist`, { method: 'PUT', body }),
  inspections: (query: Query) => api<InspectionList>(`${BASE}/inspections`, { query }),
  inspection: (id: string) => api<InspectionDetail>(`${BASE}/inspections/${enc(id)}`),
  missing: (query: Query) => api<MissingList>(`${BASE}/inspections/missing`, { query }),
  inspect: (body: InspectionInput) =>
    api<z.infer<typeof inspectionCreated>>(`${BASE}/inspections`, { method: 'POST', body }),
  hazards: (query: Query) => api<HazardList>(`${BASE}/hazards`, { query }),
  hazard: (id: string) => api<HazardDetail>(`${BASE}/hazards/${enc(id)}`),
  reportHazard: (body: HazardInput) => api<{ id: string }>(`${BASE}/hazards`, { method: 'POST', body }),
  act: (id: string, body: HazardActionInput) =>
    api<{ status: string }>(`${BASE}/hazards/${enc(id)}/actions`, { method: 'POST', body }),
  addPhotos: (id: string, body: { stage: 'before' | 'after'; photos: { name: string; data: string }[] }) =>
    api<{ ok: true }>(`${BASE}/hazards/${enc(id)}/photos`, { method: 'POST', body }),
  plans: (query: Query) => api<PlanList>(`${BASE}/plans`, { query }),
  plan: (id: string) => api<PlanDetail>(`${BASE}/plans/${enc(id)}`),
  createPlan: (body: PlanInput) => api<{ id: string }>(`${BASE}/plans`, { method: 'POST', body }),
  revealContact: (planId: string, contactId: string, reason: string) =>
    api<{ value: string }>(`${BASE}/plans/${enc(planId)}/contacts/${enc(contactId)}/reveal`, {
      method: 'POST',
      body: { reason },
    }),
  drills: (query: Query) => api<DrillList>(`${BASE}/drills`, { query }),
  createDrill: (body: DrillInput) => api<{ id: string }>(`${BASE}/drills`, { method: 'POST', body }),
  brigade: (query: Query) => api<BrigadeList>(`${BASE}/brigade`, { query }),
  addMember: (body: { placeId: string; personId: string; duty: string }) =>
    api<{ id: string }>(`${BASE}/brigade`, { method: 'POST', body }),
  removeMember: (id: string) => api<{ ok: true }>(`${BASE}/brigade/${enc(id)}`, { method: 'DELETE' }),
  /** Residents of a place, from the registry (needs registry.read). */
  people: (placeId: string, q: string) =>
    api<{ items: { id: string; name: string; address: string | null; phoneMasked: string | null }[] }>(
      '/api/v1/registry/people',
      { query: { placeId, q, pageSize: 20 } },
    ),
};
