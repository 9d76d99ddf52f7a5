import type { z } from 'zod';
import type {
  BuildingGrid,
  CaseRow,
  HouseCard,
  HouseRow,
  houseBody,
  houseList,
  moveInBody,
  PersonDetail,
  PersonRow,
  personBody,
  personList,
  TenancyRow,
  updateHouseBody,
  updatePersonBody,
} from '../../../../shared/api/registry.js';
import type { CareGroup, HouseUse, PopulationType, SpecialGroup } from '../../../../shared/registry.js';
import { api } from '../../../app/api.js';

export type { BuildingGrid, CaseRow, HouseCard, HouseRow, PersonDetail, PersonRow, TenancyRow };
export type HouseList = z.infer<typeof houseList>;
export type PersonList = z.infer<typeof personList>;
export type CreateHouseInput = z.input<typeof houseBody>;
export type UpdateHouseInput = z.input<typeof updateHouseBody>;
export type CreatePersonInput = z.input<typeof personBody>;
export type UpdatePersonInput = z.input<typeof updatePersonBody>;
export type MoveInInput = z.input<typeof moveInBody>;
export type Residency = HouseCard['residents'][number];
export type GridHouse = BuildingGrid['houses'][number];
export type RevealField = 'idNumber' | 'phone';

export interface HouseListParams {
  placeId?: string;
  q?: string;
  use?: HouseUse;
  tag?: string;
  page: number;
  pageSize: number;
}

export interface PersonListParams {
  placeId?: string;
  q?: string;
  populationType?: PopulationType;
  tag?: string;
  special?: SpecialGroup;
  care?: CareGroup;
  page: number;
  pageSize: number;
}

const id = encodeURIComponent;
const base = '/api/v1/registry';

export interface Created {
  id: string;
}

// Everything under ['registry', …] so that one invalidation after a write refreshes every list,
// grid and card that might show the changed record.
export const registryKeys = {
  all: ['registry'] as const,
  houses: ['registry', 'houses'] as const,
  houseList: (params: HouseListParams) => ['registry', 'houses', 'list', params] as const,
  houseSearch: (q: string, placeId: string | undefined) =>
    ['registry', 'houses', 'search', q, placeId ?? ''] as const,
  house: (houseId: string) => ['registry', 'houses', 'card', houseId] as const,
  grid: (buildingId: string) => ['registry', 'buildings', 'grid', buildingId] as const,
  people: ['registry', 'people'] as const,
  personList: (params: PersonListParams) => ['registry', 'people', 'list', params] as const,
  personSearch: (q: string, placeId: string | undefined) =>
    ['registry', 'people', 'search', q, placeId ?? ''] as const,
  person: (personId: string) => ['registry', 'people', 'detail', personId] as const,
};

export const registryApi = {
  listHouses: (params: HouseListParams) => api<HouseList>(`${base}/houses`, { query: { ...params } }),
  getHouse: (houseId: string) => api<HouseCard>(`${base}/houses/${id(houseId)}`),
  createHouse: (body: CreateHouseInput) => api<Created>(`${base}/houses`, { method: 'POST', body }),
  updateHouse: (houseId: string, body: UpdateHouseInput) =>
    api<unknown>(`${base}/houses/${id(houseId)}`, { method: 'PATCH', body }),
  deleteHouse: (houseId: string) => api<unknown>(`${base}/houses/${id(houseId)}`, { method: 'DELETE' }),
  setOwners: (houseId: string, owners: { personId: string; share: string }[]) =>
    api<unknown>(`${base}/houses/${id(houseId)}/owners`, { method: 'PUT', body: { owners } }),
  buildingGrid: (buildingId: string) => api<BuildingGrid>(`${base}/buildings/${id(buildingId)}/grid`),

  listPeople: (params: PersonListParams) => api<PersonList>(`${base}/people`, { query: { ...params } }),
  getPerson: (personId: string) => api<PersonDetail>(`${base}/people/${id(personId)}`),
  createPerson: (body: CreatePersonInput) => api<Created>(`${base}/people`, { method: 'POST', body }),
  updatePerson: (personId: string, body: UpdatePersonInput) =>
    api<unknown>(`${base}/people/${id(personId)}`, { method: 'PATCH', body }),
  reveal: (personId: string, field: RevealField, reason: string) =>
    api<{ value: string | null }>(`${base}/people/${id(personId)}/reveal`, {
      method: 'POST',
      body: { field, reason },
    }),
  moveIn: (personId: string, body: MoveInInput) =>
    api<unknown>(`${base}/people/${id(personId)}/move-in`, { method: 'POST', body }),
  moveOut: (residencyId: string, moveOut: string) =>
    api<unknown>(`${base}/residencies/${id(residencyId)}/move-out`, { method: 'POST', body: { moveOut } }),
};
