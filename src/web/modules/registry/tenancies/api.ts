import type { z } from 'zod';
import type {
  HouseCard,
  HouseRow,
  houseList,
  PersonRow,
  personList,
  TenancyRow,
  tenancyBody,
  tenancyList,
} from '../../../../shared/api/registry.js';
import { api } from '../../../app/api.js';

export type { HouseRow, PersonRow, TenancyRow };
export type TenancyStatus = TenancyRow['status'];
export type TenancyList = z.infer<typeof tenancyList>;
export type PersonList = z.infer<typeof personList>;
export type CreateTenancyInput = z.input<typeof tenancyBody>;

export interface TenancyListParams {
  placeId?: string;
  q?: string;
  status?: TenancyStatus;
  page: number;
  pageSize: number;
}

export interface UnregisteredParams {
  placeId?: string;
  q?: string;
  page: number;
  pageSize: number;
}

const BASE = '/api/v1/registry';
const id = encodeURIComponent;

export const tenancyKeys = {
  all: ['registry', 'tenancies'] as const,
  list: (params: TenancyListParams) => ['registry', 'tenancies', 'list', params] as const,
  unregistered: (params: UnregisteredParams) => ['registry', 'tenancies', 'unregistered', params] as const,
  houseSearch: (q: string, placeId: string | undefined) =>
    ['registry', 'pick', 'houses', q, placeId ?? ''] as const,
  personSearch: (q: string, placeId: string | undefined) =>
    ['registry', 'pick', 'people', q, placeId ?? ''] as const,
  house: (houseId: string) => ['registry', 'houses', 'card', houseId] as const,
};

export const tenancyApi = {
  list: (params: TenancyListParams) => api<TenancyList>(`${BASE}/tenancies`, { query: { ...params } }),
  unregistered: (params: UnregisteredParams) =>
    api<PersonList>(`${BASE}/people/unregistered-floating`, { query: { ...params } }),
  create: (body: CreateTenancyInput) => api<{ id: string }>(`${BASE}/tenancies`, { method: 'POST', body }),
  end: (tenancyId: string, endedOn: string) =>
    api<unknown>(`${BASE}/tenancies/${id(tenancyId)}/end`, { method: 'POST', body: { endedOn } }),
};

/** The lookups the pickers use (house by address, person by name / pinyin / ID tail). */
export const pickApi = {
  houses: async (q: string, placeId?: string) =>
    (await api<z.infer<typeof houseList>>(`${BASE}/houses`, { query: { q, placeId, pageSize: 20 } })).items,
  people: async (q: string, placeId?: string) =>
    (await api<PersonList>(`${BASE}/people`, { query: { q, placeId, pageSize: 20 } })).items,
  house: (houseId: string) => api<HouseCard>(`${BASE}/houses/${id(houseId)}`),
};
