import type { Db } from '../../db/index.js';
import type { AuditService } from '../../platform/audit/service.js';
import type { Clock } from '../../platform/clock.js';
import type { PiiCipher } from '../../platform/pii/index.js';
import { createPlacesService } from './places.js';
import { createRolesService } from './roles.js';
import { createUsersService } from './users.js';

export { syncBuiltinRoles } from './roles.js';

export function createOrgService(deps: { db: Db; audit: AuditService; clock: Clock; pii: PiiCipher }) {
  return {
    places: createPlacesService(deps),
    roles: createRolesService(deps),
    users: createUsersService(deps),
  };
}

export type OrgService = ReturnType<typeof createOrgService>;
