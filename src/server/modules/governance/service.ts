import { like, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { publicEstate } from '../../../shared/api/governance.js';
import { escapeLike } from '../../db/sql.js';
import { notFound } from '../../platform/errors.js';
import type { Jobs } from '../../platform/jobs/service.js';
import { createCommitteeService } from './committee.js';
import type { GovernanceDeps } from './common.js';
import { createMeetingsService } from './meetings.js';
import { createRulesService } from './rules.js';
import {
  govCommitteeMembers,
  govCommittees,
  govLists,
  govMeetings,
  govOwnerAccounts,
  govPropertyCompanies,
  govResultNotices,
  govRules,
  govTasks,
  govVotes,
} from './schema.js';
import { createVotesService } from './votes.js';

export type { GovernanceDeps, PublishNotice, ResultNoticeInput } from './common.js';
export { noticePath } from './votes.js';

/** Tables whose rows carry a copied place path. */
const PATHED = [
  govCommittees,
  govCommitteeMembers,
  govPropertyCompanies,
  govLists,
  govMeetings,
  govTasks,
  govVotes,
  govResultNotices,
  govOwnerAccounts,
  govRules,
] as const;

/** The job names governance runs on the scheduler. */
export const GOVERNANCE_JOBS = { closeDue: 'governance.votes.close_due' } as const;

export function createGovernanceService(deps: GovernanceDeps & { jobs?: Jobs }) {
  const committee = createCommitteeService(deps);
  const meetings = createMeetingsService(deps);
  const votes = createVotesService(deps);
  const rules = createRulesService(deps);

  if (deps.jobs) {
    // Votes past their deadline take no ballot already; the sweep counts them so the figures are ready.
    deps.jobs.define(GOVERNANCE_JOBS.closeDue, async () => void (await votes.closeDue()));
    deps.jobs.every(GOVERNANCE_JOBS.closeDue, 'hour');
  }

  deps.org.places.onSubtreeMoved(async (oldPath, newPath) => {
    for (const table of PATHED) {
      await deps.db
        .update(table)
        .set({ placePath: sql`${newPath} || substr(${table.placePath}, ${oldPath.length + 1})` })
        .where(like(table.placePath, `${escapeLike(oldPath)}%`));
    }
  });

  return {
    committee,
    meetings,
    votes,
    rules,

    /** The estate's public board: committee, property company and its service list, lists, rules, results. */
    async publicEstate(estateId: string): Promise<z.infer<typeof publicEstate>> {
      const estate = await deps.org.places.find(estateId);
      if (estate?.kind !== 'estate') throw notFound('小区不存在');
      const committees = await committee.committeesOf(estate.id, estate.name);
      const current = committees.find((c) => c.current) ?? null;
      const companies = await committee.companiesOf(estate.id);
      const company = companies.find((c) => c.current) ?? null;
      const strip = <T extends { estateId: string }>(x: T) => {
        const { estateId: _, ...rest } = x;
        return rest;
      };
      return {
        estateId: estate.id,
        estateName: estate.name,
        committee: current && strip(current),
        propertyCompany: company && strip(company),
        lists: (await committee.listsOf(estate.id)).map(strip),
        rules: (await rules.rulesOf(estate.id)).map(strip),
        notices: await votes.noticesOf(estate.id),
      };
    },
  };
}

export type GovernanceService = ReturnType<typeof createGovernanceService>;
