import type { z } from 'zod';
import type {
  applicationList,
  memberDetail,
  publicTeams,
  teamDetail,
  teamHours,
  teamList,
} from '../../../shared/api/volunteers.js';
import { api } from '../../app/api.js';

export type TeamDetail = z.infer<typeof teamDetail>;

const V = '/api/v1/volunteers';
export const vApi = {
  teams: (placeId?: string) => api<z.infer<typeof teamList>>(`${V}/teams`, { query: { placeId } }),
  team: (id: string) => api<z.infer<typeof teamDetail>>(`${V}/teams/${id}`),
  member: (id: string) => api<z.infer<typeof memberDetail>>(`${V}/members/${id}`),
  hours: (id: string) => api<z.infer<typeof teamHours>>(`${V}/teams/${id}/hours`),
  record: (body: unknown) => api<{ ids: string[] }>(`${V}/records`, { method: 'POST', body }),
  applications: (placeId?: string) =>
    api<z.infer<typeof applicationList>>(`${V}/applications`, { query: { placeId, pageSize: 100 } }),
  approve: (id: string) => api(`${V}/applications/${id}/approve`, { method: 'POST', body: {} }),
  reject: (id: string, note: string) =>
    api(`${V}/applications/${id}/reject`, { method: 'POST', body: { note } }),
  createTeam: (body: unknown) => api<{ id: string }>(`${V}/teams`, { method: 'POST', body }),
  addMember: (teamId: string, body: unknown) =>
    api<{ id: string }>(`${V}/teams/${teamId}/members`, { method: 'POST', body }),
  updateMember: (id: string, body: unknown) => api(`${V}/members/${id}`, { method: 'PATCH', body }),
  removeMember: (id: string) => api(`${V}/members/${id}`, { method: 'DELETE' }),
  addShift: (teamId: string, body: unknown) => api(`${V}/teams/${teamId}/shifts`, { method: 'POST', body }),
  removeShift: (id: string) => api(`${V}/shifts/${id}`, { method: 'DELETE' }),
  addActivity: (teamId: string, body: unknown) =>
    api(`${V}/teams/${teamId}/activities`, { method: 'POST', body }),
  people: (placeId: string, q: string) =>
    api<{ items: { id: string; name: string; address: string | null; phoneMasked: string | null }[] }>(
      '/api/v1/registry/people',
      { query: { placeId, q, pageSize: 20 } },
    ),
  publicTeams: (estateId: string) => api<z.infer<typeof publicTeams>>(`${V}/public/estates/${estateId}`),
  signup: (body: unknown) => api(`${V}/public/applications`, { method: 'POST', body }),
};
