import type { z } from 'zod';
import type {
  assignment,
  createPlaceBody,
  createRoleBody,
  createUserBody,
  Place,
  PlaceDetail,
  permissionList,
  placeList,
  Role,
  revealResult,
  roleList,
  User,
  updatePlaceBody,
  updateRoleBody,
  updateUserBody,
  userList,
} from '../../../shared/api/org.js';
import type { PlaceKind } from '../../../shared/places.js';
import { api } from '../../app/api.js';

export type { Place, PlaceDetail, Role, User };
export type UserList = z.infer<typeof userList>;
export type PermissionItem = z.infer<typeof permissionList>['items'][number];
export type CreatePlaceInput = z.input<typeof createPlaceBody>;
export type UpdatePlaceInput = z.input<typeof updatePlaceBody>;
export type CreateUserInput = z.input<typeof createUserBody>;
export type UpdateUserInput = z.input<typeof updateUserBody>;
export type AssignmentInput = z.input<typeof assignment>;
export type CreateRoleInput = z.input<typeof createRoleBody>;
export type UpdateRoleInput = z.input<typeof updateRoleBody>;

export interface UserListParams {
  q?: string;
  placeId?: string;
  roleId?: string;
  active?: 'true' | 'false';
  page: number;
  pageSize: number;
}

const id = encodeURIComponent;

/** What a create answers (201). */
export interface Created {
  id: string;
}

export const orgKeys = {
  places: ['org', 'places'] as const,
  children: (parentId: string | null) => ['org', 'places', 'children', parentId ?? 'roots'] as const,
  detail: (placeId: string) => ['org', 'places', 'detail', placeId] as const,
  search: (q: string, kind: string | undefined) => ['org', 'places', 'search', q, kind ?? ''] as const,
  users: ['org', 'users'] as const,
  userList: (params: UserListParams) => ['org', 'users', 'list', params] as const,
  roles: ['org', 'roles'] as const,
  permissions: ['org', 'permissions'] as const,
};

export const orgApi = {
  listPlaces: async (query: { parentId?: string; q?: string; kind?: PlaceKind }) =>
    (await api<z.infer<typeof placeList>>('/api/v1/org/places', { query })).items,
  getPlace: (placeId: string) => api<PlaceDetail>(`/api/v1/org/places/${id(placeId)}`),
  createPlace: (body: CreatePlaceInput) => api<Created>('/api/v1/org/places', { method: 'POST', body }),
  updatePlace: (placeId: string, body: UpdatePlaceInput) =>
    api<unknown>(`/api/v1/org/places/${id(placeId)}`, { method: 'PATCH', body }),
  movePlace: (placeId: string, parentId: string) =>
    api<unknown>(`/api/v1/org/places/${id(placeId)}/move`, { method: 'POST', body: { parentId } }),
  deletePlace: (placeId: string) => api<unknown>(`/api/v1/org/places/${id(placeId)}`, { method: 'DELETE' }),

  listUsers: (params: UserListParams) => api<UserList>('/api/v1/org/users', { query: { ...params } }),
  createUser: (body: CreateUserInput) => api<Created>('/api/v1/org/users', { method: 'POST', body }),
  updateUser: (userId: string, body: UpdateUserInput) =>
    api<unknown>(`/api/v1/org/users/${id(userId)}`, { method: 'PATCH', body }),
  setAssignments: (userId: string, assignments: AssignmentInput[]) =>
    api<unknown>(`/api/v1/org/users/${id(userId)}/assignments`, { method: 'PUT', body: { assignments } }),
  resetPassword: (userId: string, password: string) =>
    api<unknown>(`/api/v1/org/users/${id(userId)}/reset-password`, { method: 'POST', body: { password } }),
  setActive: (userId: string, active: boolean) =>
    api<unknown>(`/api/v1/org/users/${id(userId)}/${active ? 'activate' : 'deactivate'}`, { method: 'POST' }),
  revealPhone: (userId: string, reason: string) =>
    api<z.infer<typeof revealResult>>(`/api/v1/org/users/${id(userId)}/reveal`, {
      method: 'POST',
      body: { field: 'phone', reason },
    }),

  listRoles: async () => (await api<z.infer<typeof roleList>>('/api/v1/org/roles')).items,
  listPermissions: async () => (await api<z.infer<typeof permissionList>>('/api/v1/org/permissions')).items,
  createRole: (body: CreateRoleInput) => api<Created>('/api/v1/org/roles', { method: 'POST', body }),
  updateRole: (roleId: string, body: UpdateRoleInput) =>
    api<unknown>(`/api/v1/org/roles/${id(roleId)}`, { method: 'PATCH', body }),
  deleteRole: (roleId: string) => api<unknown>(`/api/v1/org/roles/${id(roleId)}`, { method: 'DELETE' }),
};
