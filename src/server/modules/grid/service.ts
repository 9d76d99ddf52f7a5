import { like, sql } from 'drizzle-orm';
import { escapeLike } from '../../db/sql.js';
import type { Jobs } from '../../platform/jobs/service.js';
import { createCampaignsService } from './campaigns.js';
import type { GridDeps } from './common.js';
import { createDiaryService } from './diary.js';
import { createEscalation } from './escalation.js';
import { createEventsService } from './events.js';
import { createMembersService } from './members.js';
import { createMetricsService } from './metrics.js';
import { campaigns, diaryEntries, events, gridMembers, roundCheckins } from './schema.js';
import { createScoresService } from './scores.js';

export type { FilesPort, NotificationsPort } from './common.js';
export { routeFor } from './events.js';
export { requestPath } from './members.js';

/** Tables whose rows carry a copied place path. */
const PATHED = [gridMembers, campaigns, events, diaryEntries, roundCheckins] as const;

/** The job names grid work runs on the scheduler. */
export const GRID_JOBS = {
  daily: 'grid.sanqing.daily',
  weekly: 'grid.sanqing.weekly',
  overdue: 'grid.overdue',
} as const;

export function createGridService(deps: GridDeps & { jobs?: Jobs }) {
  const members = createMembersService(deps);
  const eventsService = createEventsService(deps);
  const escalation = createEscalation(deps, eventsService);

  deps.org.places.onSubtreeMoved(async (oldPath, newPath) => {
    for (const table of PATHED) {
      await deps.db
        .update(table)
        .set({ placePath: sql`${newPath} || substr(${table.placePath}, ${oldPath.length + 1})` })
        .where(like(table.placePath, `${escapeLike(oldPath)}%`));
    }
  });

  if (deps.jobs) {
    // 三清: the grid's day closes at midnight, the community's week on Monday at midnight.
    deps.jobs.define(GRID_JOBS.daily, async () => void (await escalation.daily()));
    deps.jobs.define(GRID_JOBS.weekly, async () => void (await escalation.weekly()));
    deps.jobs.define(GRID_JOBS.overdue, async () => void (await escalation.overdue()));
    deps.jobs.every(GRID_JOBS.daily, 'day', { at: '00:05' });
    deps.jobs.every(GRID_JOBS.weekly, 'week', { at: '00:10' });
    deps.jobs.every(GRID_JOBS.overdue, 'hour');
  }

  return {
    members,
    events: eventsService,
    escalation,
    campaigns: createCampaignsService(deps),
    diary: createDiaryService(deps, members),
    metrics: createMetricsService(deps),
    scores: createScoresService(deps),
  };
}

export type GridService = ReturnType<typeof createGridService>;
// Place-chain helpers other modules route their work with (mediation finds its committees this way).
export { chainOf, holdersAt, nearest, type PlaceLink } from './common.js';
