import { like, sql } from 'drizzle-orm';
import type { Db } from '../../db/index.js';
import { escapeLike } from '../../db/sql.js';
import type { AuditService } from '../../platform/audit/service.js';
import type { Clock } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import type { PiiCipher } from '../../platform/pii/index.js';
import type { OrgService } from '../org/service.js';
import { createCasesService } from './cases.js';
import { createExportsService } from './exports.js';
import { createHousesService } from './houses.js';
import { createImportsService } from './imports.js';
import { createOwnersService } from './owners.js';
import { createPeopleService } from './people.js';
import { caseVisits, groupCases, houses, people, registryImports, residencies, tenancies } from './schema.js';
import { createStatsService } from './stats.js';
import { createTenanciesService } from './tenancies.js';

export { houseAddressSql, today } from './common.js';
/** The registry's streaming xlsx writer, for other modules' exports. */
export { type ExportColumn, writeXlsx } from './excel/writer.js';
export { normaliseIdentity } from './people.js';

/** Tables whose rows carry a copied place path. */
const PATHED = [houses, people, residencies, tenancies, groupCases, caseVisits, registryImports] as const;

export function createRegistryService(deps: {
  db: Db;
  audit: AuditService;
  clock: Clock;
  pii: PiiCipher;
  org: OrgService;
}) {
  const { db } = deps;
  const tenanciesService = createTenanciesService(deps);
  const cases = createCasesService(deps);
  const housesService = createHousesService({ ...deps, tenanciesOfHouse: tenanciesService.ofHouse });
  const peopleService = createPeopleService({
    ...deps,
    houses: housesService,
    tenanciesOfPerson: tenanciesService.ofPerson,
    casesOfPerson: cases.ofPerson,
  });

  // A moved place takes its houses, people and everything else recorded under it along.
  deps.org.places.onSubtreeMoved(async (oldPath, newPath) => {
    for (const table of PATHED) {
      await db
        .update(table)
        .set({ placePath: sql`${newPath} || substr(${table.placePath}, ${oldPath.length + 1})` })
        .where(like(table.placePath, `${escapeLike(oldPath)}%`));
    }
  });

  const tenanciesFacade = {
    ...tenanciesService,
    create: (ctx: Ctx, body: Parameters<typeof tenanciesService.create>[1]) =>
      tenanciesService.create(ctx, body, peopleService, housesService),
    end: (ctx: Ctx, id: string, endedOn: string) => tenanciesService.end(ctx, id, endedOn, peopleService),
  };

  return {
    houses: housesService,
    people: peopleService,
    tenancies: tenanciesFacade,
    cases,
    stats: createStatsService(deps),
    /** Houses with their owners, for counting owners' votes (governance). */
    owners: createOwnersService(deps),
    imports: createImportsService(deps),
    export: createExportsService({
      ...deps,
      people: peopleService,
      houses: housesService,
      tenancies: tenanciesService,
    }),
  };
}

export type RegistryService = ReturnType<typeof createRegistryService>;
