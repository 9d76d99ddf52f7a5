import { like, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { CaseDetail, caseListQuery } from '../../../shared/api/mediation.js';
import {
  CASE_LEVELS,
  CASE_SCALES,
  CASE_SOURCES,
  CASE_STATUSES,
  OUTCOMES,
  RISK_LEVELS,
} from '../../../shared/mediation.js';
import { escapeLike } from '../../db/sql.js';
import { shanghaiDate } from '../../platform/calendar/index.js';
import type { Ctx } from '../../platform/context.js';
import type { Jobs } from '../../platform/jobs/service.js';
import { createPiiReveal } from '../../platform/pii/index.js';
import { writeXlsx } from '../registry/service.js';
import { createCasesService } from './cases.js';
import { createCommitteesService } from './committees.js';
import type { MediationDeps } from './common.js';
import { agreementDocx, caseFileDocx, caseFileZip } from './documents.js';
import {
  mediationCases,
  mediationCommittees,
  mediationFollowups,
  mediationMembers,
  mediationParties,
  mediationSweeps,
} from './schema.js';
import { createStatsService } from './stats.js';
import { createSweepsService } from './sweeps.js';

export { compositionWarnings } from './committees.js';

/** Tables whose rows carry a copied place path. */
const PATHED = [
  mediationCommittees,
  mediationMembers,
  mediationSweeps,
  mediationCases,
  mediationFollowups,
] as const;

export const MEDIATION_JOBS = { followups: 'mediation.followups' } as const;
export const CASE_EXPORT_MAX = 20_000;

export type CommitteesService = ReturnType<typeof createCommitteesService>;

export function createMediationService(deps: MediationDeps & { jobs?: Jobs }) {
  const committees = createCommitteesService(deps);
  const cases = createCasesService(deps);
  const sweeps = createSweepsService(deps, committees, cases);
  const reveal = createPiiReveal({ audit: deps.audit, pii: deps.pii });

  deps.org.places.onSubtreeMoved(async (oldPath, newPath) => {
    for (const table of PATHED) {
      await deps.db
        .update(table)
        .set({ placePath: sql`${newPath} || substr(${table.placePath}, ${oldPath.length + 1})` })
        .where(like(table.placePath, `${escapeLike(oldPath)}%`));
    }
  });

  if (deps.jobs) {
    deps.jobs.define(MEDIATION_JOBS.followups, async () => void (await cases.remindFollowups()));
    deps.jobs.every(MEDIATION_JOBS.followups, 'day', { at: '08:30' });
  }

  async function committeeNameOf(c: CaseDetail) {
    const [row] = await deps.db
      .select({ name: mediationCommittees.name })
      .from(mediationCommittees)
      .where(sql`${mediationCommittees.id} = ${c.committeeId}`);
    return row?.name ?? c.committeeName;
  }

  /**
   * How the documents show ID numbers: masked, unless the caller asks for the full numbers and may
   * reveal them here — then each one shown is a reveal in the audit trail.
   */
  async function idsFor(ctx: Ctx, c: CaseDetail, full: boolean) {
    const shown = new Map<string, string | null>();
    const caseRow = await cases.caseFor(ctx, c.id);
    if (full && ctx.actor!.inScope('pii.reveal', caseRow.placePath)) {
      const parties = await deps.db
        .select()
        .from(mediationParties)
        .where(sql`${mediationParties.caseId} = ${c.id}`);
      for (const p of parties)
        shown.set(
          p.id,
          p.idEnc
            ? await reveal(ctx, {
                targetType: 'mediation_party',
                targetId: p.id,
                placeId: caseRow.placeId,
                placePath: caseRow.placePath,
                field: 'idNumber',
                reason: `打印调解文书 ${c.no}`,
                ciphertext: p.idEnc,
              })
            : null,
        );
    }
    return (p: CaseDetail['parties'][number]) => (shown.has(p.id) ? shown.get(p.id)! : p.idMasked);
  }

  async function agreementFile(ctx: Ctx, id: string, full: boolean) {
    const c = await cases.detail(ctx, id);
    const bytes = await agreementDocx(c, await committeeNameOf(c), await idsFor(ctx, c, full));
    await deps.audit.record(ctx, {
      action: 'mediation.case.agreement.download',
      targetType: 'mediation_case',
      targetId: id,
      placeId: c.placeId,
      after: { fullIds: full },
    });
    return { name: `${c.no}-人民调解协议书.docx`, bytes };
  }

  async function caseFile(ctx: Ctx, id: string) {
    const c = await cases.detail(ctx, id);
    const docx = await caseFileDocx(c, await committeeNameOf(c), await idsFor(ctx, c, false));
    const evidence = [];
    for (const d of c.documents) {
      const fileId = await cases.documentFile(ctx, id, d.id);
      const { meta, bytes } = await deps.files.read(fileId);
      evidence.push({ name: meta.name, kind: d.kind, sha256: meta.sha256, bytes });
    }
    const zip = await caseFileZip(c, docx, evidence);
    await deps.audit.record(ctx, {
      action: 'mediation.case.file.export',
      targetType: 'mediation_case',
      targetId: id,
      placeId: c.placeId,
      after: { documents: evidence.length },
    });
    return { name: `${c.no}-卷宗.zip`, bytes: zip };
  }

  async function exportList(ctx: Ctx, q: Partial<z.infer<typeof caseListQuery>>) {
    const found = await cases.exportRows(ctx, q, CASE_EXPORT_MAX);
    const day = (iso: string | null) => (iso ? shanghaiDate(new Date(iso)) : '');
    const file = await writeXlsx(
      '调解案件',
      [
        { header: '案件编号', key: 'no', width: 16 },
        { header: '案件名称', key: 'title', width: 30 },
        { header: '纠纷类别', key: 'category', width: 20 },
        { header: '地点', key: 'place', width: 14 },
        { header: '层级', key: 'level', width: 8 },
        { header: '来源', key: 'source', width: 12 },
        { header: '规模', key: 'scale', width: 12 },
        { header: '风险', key: 'risk', width: 6 },
        { header: '当事人', key: 'parties', width: 20 },
        { header: '调解员', key: 'mediators', width: 14 },
        { header: '状态', key: 'status', width: 10 },
        { header: '结果', key: 'outcome', width: 10 },
        { header: '争议金额（元）', key: 'amount', width: 12 },
        { header: '登记日期', key: 'created', width: 12 },
        { header: '受理日期', key: 'accepted', width: 12 },
        { header: '调结日期', key: 'resolved', width: 12 },
        { header: '用时（天）', key: 'days', width: 10 },
        { header: '超一个月', key: 'overNorm', width: 8 },
      ],
      found.map((r) => ({
        no: r.no,
        title: r.title,
        category: r.categoryLabel,
        place: r.placeName,
        level: CASE_LEVELS[r.level],
        source: CASE_SOURCES[r.source],
        scale: CASE_SCALES[r.scale],
        risk: r.riskLevel ? RISK_LEVELS[r.riskLevel] : r.riskFlag ? '是' : '',
        parties: r.parties,
        mediators: r.mediators,
        status: CASE_STATUSES[r.status],
        outcome: r.outcome ? OUTCOMES[r.outcome] : '',
        amount: r.amount ?? '',
        created: day(r.createdAt),
        accepted: day(r.acceptedAt),
        resolved: day(r.resolvedAt),
        days: r.days ?? '',
        overNorm: r.overNorm ? '是' : '',
      })),
    );
    await deps.audit.record(ctx, {
      action: 'mediation.case.export',
      targetType: 'mediation_case',
      after: { rows: found.length, filters: q },
    });
    return file;
  }

  return {
    committees,
    cases,
    sweeps,
    stats: createStatsService(deps),
    agreementFile,
    caseFile,
    exportList,
  };
}

export type MediationService = ReturnType<typeof createMediationService>;
