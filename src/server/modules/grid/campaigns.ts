import { and, desc, eq, like, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { campaignBody } from '../../../shared/api/grid.js';
import type { CampaignKind } from '../../../shared/grid.js';
import { escapeLike } from '../../db/sql.js';
import type { Ctx } from '../../platform/context.js';
import { places } from '../org/schema.js';
import { today } from '../registry/service.js';
import type { GridDeps } from './common.js';
import { campaigns } from './schema.js';

/** 专项行动: a named drive over a place and a period, with its events' progress. */
export function createCampaignsService(deps: GridDeps) {
  const { db, audit } = deps;

  return {
    async list(ctx: Ctx, q: { placeId?: string }) {
      const filters = [ctx.actor!.scopeFilter('grid.read', campaigns.placePath)];
      if (q.placeId) {
        const p = await deps.org.places.visible(ctx, q.placeId, 'grid.read');
        filters.push(like(campaigns.placePath, `${escapeLike(p.path)}%`));
      }
      const day = today(deps.clock);
      const rows = await db
        .select({
          id: campaigns.id,
          placeId: campaigns.placeId,
          placeName: places.name,
          kind: campaigns.kind,
          name: campaigns.name,
          startsOn: campaigns.startsOn,
          endsOn: campaigns.endsOn,
          goals: campaigns.goals,
          targetCount: campaigns.targetCount,
          events: sql<number>`(select count(*)::int from events e where e.campaign_id = ${campaigns.id})`,
          closed: sql<number>`(select count(*)::int from events e where e.campaign_id = ${campaigns.id}
            and e.status in ('closed','reviewed','archived'))`,
        })
        .from(campaigns)
        .innerJoin(places, eq(places.id, campaigns.placeId))
        .where(and(...filters))
        .orderBy(desc(campaigns.startsOn))
        .limit(200);
      return {
        items: rows.map((r) => ({
          ...r,
          kind: r.kind as CampaignKind,
          active: r.startsOn <= day && day <= r.endsOn,
        })),
      };
    },

    async create(ctx: Ctx, body: z.infer<typeof campaignBody>) {
      const place = await deps.org.places.visible(ctx, body.placeId, 'grid.manage');
      return db.transaction(async () => {
        const [c] = await db
          .insert(campaigns)
          .values({ ...body, placePath: place.path, createdBy: ctx.actor!.userId })
          .returning({ id: campaigns.id });
        await audit.record(ctx, {
          action: 'campaign.create',
          targetType: 'campaign',
          targetId: c.id,
          placeId: place.id,
          placePath: place.path,
          after: body,
        });
        return c.id;
      });
    },
  };
}
