import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { rule, ruleDetail, ruleVersionBody } from '../../../shared/api/governance.js';
import { RULE_KINDS, type RuleKind, type VoteMatter } from '../../../shared/governance.js';
import type { Ctx } from '../../platform/context.js';
import { badRequest } from '../../platform/errors.js';
import { actorName, estateFor, type GovernanceDeps, inScopeOr404 } from './common.js';
import { govRules, govRuleVersions, govVotes } from './schema.js';

/** Which owners' vote may adopt which document (民法典第二百七十八条第一款第一、二项). */
const ADOPTING_MATTERS: Record<RuleKind, readonly VoteMatter[]> = {
  management_rules: ['management_rules'],
  assembly_rules: ['assembly_rules'],
  // The committee's charter is the owners' assembly's to approve: under its rules, or as another matter.
  committee_charter: ['assembly_rules', 'other'],
};

/** 管理规约, 业主大会议事规则, 业主委员会章程: versions, each with the vote that adopted it. */
export function createRulesService(deps: GovernanceDeps) {
  const { db, audit } = deps;

  async function versionsOf(ruleIds: string[]) {
    if (ruleIds.length === 0) return [];
    const rows = await db
      .select({
        v: govRuleVersions,
        voteTitle: govVotes.title,
        voteClosedAt: govVotes.closedAt,
      })
      .from(govRuleVersions)
      .leftJoin(govVotes, eq(govVotes.id, govRuleVersions.adoptedByVoteId))
      .where(inArray(govRuleVersions.ruleId, ruleIds))
      .orderBy(desc(govRuleVersions.version));
    return rows.map(({ v, voteTitle, voteClosedAt }) => ({
      ruleId: v.ruleId,
      id: v.id,
      version: v.version,
      content: v.content,
      changeNote: v.changeNote,
      effectiveOn: v.effectiveOn,
      adoptedByVote: v.adoptedByVoteId
        ? { id: v.adoptedByVoteId, title: voteTitle ?? '', closedAt: voteClosedAt?.toISOString() ?? null }
        : null,
      createdByName: v.createdByName,
    }));
  }

  async function rulesOf(estateId: string): Promise<z.infer<typeof rule>[]> {
    const rows = await db
      .select()
      .from(govRules)
      .where(eq(govRules.estateId, estateId))
      .orderBy(asc(govRules.kind));
    const versions = await versionsOf(rows.map((r) => r.id));
    const order = Object.keys(RULE_KINDS);
    return rows
      .map((r) => {
        const mine = versions.filter((v) => v.ruleId === r.id).map(({ ruleId: _, ...v }) => v);
        return {
          id: r.id,
          estateId: r.estateId,
          kind: r.kind as RuleKind,
          title: r.title,
          current: mine[0] ?? null,
          versionCount: mine.length,
        };
      })
      .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  }

  async function detailOf(r: typeof govRules.$inferSelect): Promise<z.infer<typeof ruleDetail>> {
    const versions = (await versionsOf([r.id])).map(({ ruleId: _, ...v }) => v);
    const estate = await deps.org.places.find(r.estateId);
    return {
      id: r.id,
      estateId: r.estateId,
      estateName: estate?.name ?? '',
      kind: r.kind as RuleKind,
      title: r.title,
      current: versions[0] ?? null,
      versionCount: versions.length,
      versions,
    };
  }

  return {
    rulesOf,
    detailOf,

    async list(ctx: Ctx, estateId: string) {
      const estate = await estateFor(deps, ctx, estateId, 'governance.read');
      return { items: await rulesOf(estate.id) };
    },

    async detail(ctx: Ctx, id: string) {
      const [row] = await db.select().from(govRules).where(eq(govRules.id, id));
      return detailOf(inScopeOr404(ctx, row, 'governance.read', '规约不存在或无权访问'));
    },

    /** For the public page: any estate's rule, read-only. */
    async publicDetail(id: string) {
      const [row] = await db.select().from(govRules).where(eq(govRules.id, id));
      if (!row) return null;
      return detailOf(row);
    },

    /** A new version (the first makes the document); a version adopted by a vote names that vote. */
    async addVersion(ctx: Ctx, body: z.infer<typeof ruleVersionBody>) {
      const estate = await estateFor(deps, ctx, body.estateId, 'governance.manage');
      if (body.adoptedByVoteId) {
        const [v] = await db.select().from(govVotes).where(eq(govVotes.id, body.adoptedByVoteId));
        if (!v || v.estateId !== estate.id)
          throw badRequest('通过该规约的表决须是本小区的表决', { adoptedByVoteId: '表决不属于本小区' });
        if (!v.passed || (v.status !== 'closed' && v.status !== 'published'))
          throw badRequest('只能引用已计票并通过的表决', { adoptedByVoteId: '该表决未通过' });
        if (!ADOPTING_MATTERS[body.kind].includes(v.matter as VoteMatter))
          throw badRequest(`该表决的事项类别不能通过${RULE_KINDS[body.kind]}`, {
            adoptedByVoteId: '事项类别不符',
          });
      }
      return db.transaction(async () => {
        let [r] = await db
          .select()
          .from(govRules)
          .where(and(eq(govRules.estateId, estate.id), eq(govRules.kind, body.kind)))
          .for('update');
        if (!r) {
          [r] = await db
            .insert(govRules)
            .values({
              estateId: estate.id,
              placePath: estate.path,
              kind: body.kind,
              title: body.title || `${estate.name}${RULE_KINDS[body.kind]}`,
            })
            .returning();
        } else if (body.title && body.title !== r.title) {
          await db.update(govRules).set({ title: body.title }).where(eq(govRules.id, r.id));
        }
        const [last] = await db
          .select({ version: govRuleVersions.version })
          .from(govRuleVersions)
          .where(eq(govRuleVersions.ruleId, r.id))
          .orderBy(desc(govRuleVersions.version))
          .limit(1);
        const version = (last?.version ?? 0) + 1;
        const [created] = await db
          .insert(govRuleVersions)
          .values({
            ruleId: r.id,
            version,
            content: body.content,
            changeNote: body.changeNote,
            effectiveOn: body.effectiveOn,
            adoptedByVoteId: body.adoptedByVoteId,
            createdBy: ctx.actor?.userId ?? null,
            createdByName: actorName(ctx),
          })
          .returning({ id: govRuleVersions.id });
        await audit.record(ctx, {
          action: 'governance.rule.version',
          targetType: 'gov_rule',
          targetId: r.id,
          placeId: estate.id,
          placePath: estate.path,
          after: {
            kind: body.kind,
            version,
            effectiveOn: body.effectiveOn,
            adoptedByVoteId: body.adoptedByVoteId,
            changeNote: body.changeNote,
          },
        });
        return { id: r.id, versionId: created.id, version };
      });
    },
  };
}
