import { and, asc, desc, eq, ilike, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  AgreementContent,
  agreementBody,
  caseActionBody,
  caseBody,
  caseListQuery,
  explanationBody,
  followupBody,
  leadBody,
  mediatorsBody,
  partyBody,
  progressBody,
  responseBody,
  revealBody,
  sessionBody,
  updateCaseBody,
} from '../../../shared/api/mediation.js';
import {
  CASE_LEVELS,
  CASE_NORM_DAYS,
  CASE_STATUSES,
  CASE_TRANSITIONS,
  type CaseAction,
  type CaseLevel,
  type CaseScale,
  type CaseSource,
  type CaseStatus,
  type CommitteeMemberRole,
  DOCUMENT_KINDS,
  type DocumentKind,
  disputeCategoryLabel,
  EMERGENCY_RESPONSES,
  EVIDENCE_MAX_BYTES,
  EVIDENCE_TYPES_LABEL,
  FOLLOWUP_AFTER_DAYS,
  JUDICIAL_WINDOW_DAYS,
  LEVEL_ABOVE,
  OPEN_CASE_STATUSES,
  type Outcome,
  type PerformanceStatus,
  REFERRALS,
  type Referral,
  type RiskLevel,
  STEP_LABELS,
} from '../../../shared/mediation.js';
import type { Permission } from '../../../shared/permissions.js';
import { escapeLike, rows } from '../../db/sql.js';
import { addCalendarDays, shanghaiDate } from '../../platform/calendar/index.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import { files } from '../../platform/files/schema.js';
import { createPiiReveal, maskIdNumber, maskPhone } from '../../platform/pii/index.js';
import { chainOf, holdersAt, type PlaceLink } from '../grid/service.js';
import { houseAddressSql, normaliseIdentity } from '../registry/service.js';
import { missingItems } from './casefile.js';
import { daysBetween, elapsedDays, type MediationDeps } from './common.js';
import { sniffEvidence } from './evidence.js';
import {
  caseNoSeq,
  mediationAssignments,
  mediationCases,
  mediationCommittees,
  mediationDocuments,
  mediationFollowups,
  mediationMembers,
  mediationParties,
  mediationSessions,
  mediationSteps,
} from './schema.js';

export type CaseRow = typeof mediationCases.$inferSelect;
type PartyInput = z.infer<typeof partyBody>;

const LEVEL_OF_KIND: Record<string, CaseLevel> = {
  estate: 'estate',
  community: 'community',
  street: 'street',
};
export const levelOfKind = (kind: string): CaseLevel | null => LEVEL_OF_KIND[kind] ?? null;

const placeName = sql<string>`(select name from places p where p.id = mediation_cases.place_id)`;
const committeeName = sql<string>`(select name from mediation_committees c where c.id = mediation_cases.committee_id)`;
const partyNames = sql<string>`coalesce((select string_agg(name, '、' order by sort_order) from mediation_parties p where p.case_id = mediation_cases.id), '')`;
const mediatorNames = sql<string>`coalesce((select string_agg(m.name, '、' order by a.lead desc, m.sort_order) from mediation_assignments a join mediation_members m on m.id = a.member_id where a.case_id = mediation_cases.id), '')`;

const rowColumns = {
  id: mediationCases.id,
  no: mediationCases.no,
  title: mediationCases.title,
  placeId: mediationCases.placeId,
  placeName,
  committeeName,
  level: mediationCases.level,
  source: mediationCases.source,
  category: mediationCases.category,
  subcategory: mediationCases.subcategory,
  scale: mediationCases.scale,
  amount: mediationCases.amount,
  riskFlag: mediationCases.riskFlag,
  riskLevel: mediationCases.riskLevel,
  status: mediationCases.status,
  outcome: mediationCases.outcome,
  parties: partyNames,
  mediators: mediatorNames,
  createdAt: mediationCases.createdAt,
  acceptedAt: mediationCases.acceptedAt,
  resolvedAt: mediationCases.resolvedAt,
};
type Row = {
  [K in keyof typeof rowColumns]: K extends 'createdAt'
    ? Date
    : K extends 'acceptedAt' | 'resolvedAt'
      ? Date | null
      : K extends 'riskFlag'
        ? boolean
        : K extends 'amount' | 'subcategory' | 'riskLevel' | 'outcome'
          ? string | null
          : string;
};

/** Days a case has taken (accepted → resolved, or → now while open); null before it was accepted. */
export function caseDays(acceptedAt: Date | null, resolvedAt: Date | null, now: Date): number | null {
  if (!acceptedAt) return null;
  return Math.floor(((resolvedAt ?? now).getTime() - acceptedAt.getTime()) / 86_400_000);
}

export function createCasesService(deps: MediationDeps) {
  const { db, clock, audit, pii, org, files: fileService, notifications } = deps;
  const reveal = createPiiReveal({ audit, pii });

  function rowView(r: Row, now = clock.now()) {
    const days = caseDays(r.acceptedAt, r.resolvedAt, now);
    return {
      id: r.id,
      no: r.no,
      title: r.title,
      placeId: r.placeId,
      placeName: r.placeName,
      committeeName: r.committeeName,
      level: r.level as CaseLevel,
      source: r.source as CaseSource,
      category: r.category,
      categoryLabel: disputeCategoryLabel(r.category, r.subcategory),
      scale: r.scale as CaseScale,
      amount: r.amount,
      riskFlag: r.riskFlag,
      riskLevel: r.riskLevel as RiskLevel | null,
      status: r.status as CaseStatus,
      outcome: r.outcome as Outcome | null,
      parties: r.parties,
      mediators: r.mediators,
      createdAt: r.createdAt.toISOString(),
      acceptedAt: r.acceptedAt?.toISOString() ?? null,
      resolvedAt: r.resolvedAt?.toISOString() ?? null,
      overNorm: days !== null && days > CASE_NORM_DAYS,
      days,
    };
  }

  /** The case if the caller may act on it under `permission`; out of scope it does not exist. */
  async function caseFor(ctx: Ctx, id: string, permission: Permission = 'mediation.read'): Promise<CaseRow> {
    const [c] = await db.select().from(mediationCases).where(eq(mediationCases.id, id));
    if (
      !c ||
      !ctx.actor!.inScope('mediation.read', c.placePath) ||
      !ctx.actor!.inScope(permission, c.placePath)
    )
      throw notFound('案件不存在或无权访问');
    return c;
  }

  async function step(
    c: Pick<CaseRow, 'id' | 'level'>,
    ctx: Ctx,
    action: string,
    opts: { from?: string | null; to?: string | null; note?: string; data?: unknown; level?: string } = {},
  ) {
    await db.insert(mediationSteps).values({
      caseId: c.id,
      at: clock.now(),
      action,
      actorId: ctx.actor?.userId ?? null,
      actorName: ctx.actor?.displayName ?? ctx.actorLabel ?? '系统',
      fromStatus: opts.from ?? null,
      toStatus: opts.to ?? null,
      level: opts.level ?? c.level,
      note: opts.note ?? '',
      data: opts.data ?? null,
    });
  }

  async function record(
    ctx: Ctx,
    c: Pick<CaseRow, 'id' | 'placeId' | 'placePath'>,
    action: string,
    after?: unknown,
    before?: unknown,
  ) {
    await audit.record(ctx, {
      action: `mediation.case.${action}`,
      targetType: 'mediation_case',
      targetId: c.id,
      placeId: c.placeId,
      placePath: c.placePath,
      before,
      after,
    });
  }

  /** The committee nearest a place on its chain (the estate's before the community's). */
  async function committeeOn(chain: readonly PlaceLink[], fromDepth = Number.POSITIVE_INFINITY) {
    const ids = chain.filter((_, i) => i < fromDepth).map((p) => p.id);
    if (ids.length === 0) return null;
    const found = await db
      .select()
      .from(mediationCommittees)
      .where(inArray(mediationCommittees.placeId, ids));
    for (let i = Math.min(chain.length, fromDepth) - 1; i >= 0; i--) {
      const c = found.find((f) => f.placeId === chain[i].id);
      if (c) return { committee: c, place: chain[i] };
    }
    return null;
  }

  async function partyRows(caseId: string, input: readonly PartyInput[], startOrder = 0) {
    const out: (typeof mediationParties.$inferInsert)[] = [];
    const fieldErrors: Record<string, string> = {};
    for (const [i, p] of input.entries()) {
      if (p.personId) {
        const [found] = await rows<{
          id: string;
          name: string;
          gender: string | null;
          birth_date: string | null;
          ethnicity: string;
          id_enc: string | null;
          id_masked: string | null;
          phone_enc: string | null;
          phone_masked: string | null;
          address: string | null;
        }>(
          db,
          sql`select p.id, p.name, p.gender, p.birth_date, p.ethnicity, p.id_enc, p.id_masked, p.phone_enc, p.phone_masked,
                ${houseAddressSql('h')} as address
              from people p left join houses h on h.id = p.house_id where p.id = ${p.personId}`,
        );
        if (!found) {
          fieldErrors[`parties.${i}.personId`] = '所选人员不存在';
          continue;
        }
        out.push({
          caseId,
          side: p.side,
          personId: found.id,
          name: found.name,
          gender: found.gender,
          birthDate: found.birth_date,
          ethnicity: found.ethnicity,
          occupation: p.occupation,
          address: p.address || found.address || '',
          idEnc: found.id_enc,
          idMasked: found.id_masked,
          phoneEnc: found.phone_enc,
          phoneMasked: found.phone_masked,
          representative: p.representative,
          representativeRole: p.representativeRole,
          sortOrder: startOrder + i,
        });
        continue;
      }
      if (!p.name) {
        fieldErrors[`parties.${i}.name`] = '请填写当事人姓名，或从人口库中选择';
        continue;
      }
      const id = normaliseIdentity({
        idType: 'resident_id',
        idNumber: p.idNumber || null,
        phone: p.phone || null,
        birthDate: p.birthDate,
        gender: p.gender,
      });
      for (const [k, v] of Object.entries(id.fields)) fieldErrors[`parties.${i}.${k}`] = v;
      out.push({
        caseId,
        side: p.side,
        personId: null,
        name: p.name,
        gender: id.gender,
        birthDate: id.birthDate,
        ethnicity: p.ethnicity,
        occupation: p.occupation,
        address: p.address,
        idEnc: id.idNumber ? pii.encrypt(id.idNumber) : null,
        idMasked: id.idNumber ? maskIdNumber(id.idNumber) : null,
        phoneEnc: id.phone ? pii.encrypt(id.phone) : null,
        phoneMasked: id.phone ? maskPhone(id.phone) : null,
        representative: p.representative,
        representativeRole: p.representativeRole,
        sortOrder: startOrder + i,
      });
    }
    if (Object.keys(fieldErrors).length > 0) throw badRequest('当事人信息有误，请检查后再提交', fieldErrors);
    return out;
  }

  /** A 重大群体性 case calls the departments on its committee's response list and the managers above. */
  async function startEmergency(ctx: Ctx, c: CaseRow) {
    const [committee] = await db
      .select()
      .from(mediationCommittees)
      .where(eq(mediationCommittees.id, c.committeeId));
    const departments = (committee?.responseDepartments ?? []) as { name: string; contact: string }[];
    const chain = await chainOf(db, c.placePath);
    await db
      .update(mediationCases)
      .set({ emergencyStartedAt: clock.now(), emergencyDepartments: departments })
      .where(eq(mediationCases.id, c.id));
    await step(c, ctx, 'emergency', {
      note: departments.length
        ? `已通知：${departments.map((d) => d.name).join('、')}`
        : '本调委会尚未登记联动部门',
      data: { departments },
    });
    const managers = await holdersAt(
      db,
      chain.filter((p) => p.kind === 'community' || p.kind === 'street').map((p) => p.id),
      'mediation.manage',
    );
    if (managers.length)
      await notifications.send(managers, {
        kind: 'mediation.emergency',
        title: `重大群体性纠纷，启动应急联动：${c.title}`,
        body: `${c.no}。联动部门：${departments.map((d) => d.name).join('、') || '未登记'}。请组织现场稳控、疏导与依法处置。`,
        link: `/mediation/cases/${c.id}`,
        targetType: 'mediation_case',
        targetId: c.id,
      });
  }

  async function create(ctx: Ctx, body: z.infer<typeof caseBody>, via: { sweepId?: string } = {}) {
    const place = await org.places.visible(ctx, body.placeId, 'mediation.work');
    const chain = await chainOf(db, place.path);
    const home = await committeeOn(chain);
    if (!home)
      throw conflict('NO_COMMITTEE', '该地点及其上级尚未设立人民调解委员会，请先在“调解委员会”中设立', {
        placeId: '没有可受理的调解委员会',
      });
    if (body.eventId) {
      const [ev] = await rows<{ place_path: string }>(
        db,
        sql`select place_path from events where id = ${body.eventId}`,
      );
      if (!ev || !ctx.actor!.inScope('grid.read', ev.place_path))
        throw badRequest('关联的网格事件不存在或无权访问', { eventId: '请重新选择事件' });
    }
    if (body.subcategory && !(body.subcategory.startsWith(body.category) && body.subcategory.length === 4))
      throw badRequest('纠纷小类与大类不一致', { subcategory: '请重新选择纠纷小类' });
    const now = clock.now();
    const level = levelOfKind(home.place.kind) ?? 'estate';
    return db.transaction(async () => {
      const [{ n }] = await rows<{ n: string }>(db, sql`select nextval(${caseNoSeq.seqName}) as n`);
      const no = `TJ${shanghaiDate(now).slice(0, 4)}-${String(n).padStart(6, '0')}`;
      const [c] = await db
        .insert(mediationCases)
        .values({
          no,
          placeId: place.id,
          placePath: place.path,
          committeeId: home.committee.id,
          level,
          levelSince: now,
          source: via.sweepId ? 'sweep' : body.source,
          eventId: body.eventId,
          sweepId: via.sweepId ?? null,
          title: body.title,
          description: body.description,
          category: body.category,
          subcategory: body.subcategory,
          scale: body.scale,
          amount: body.amount,
          riskFlag: body.riskFlag || body.riskLevel === 'high' || body.scale === 'major_group',
          riskLevel: body.riskLevel ?? (body.scale === 'major_group' ? 'high' : null),
          riskNote: body.riskNote,
          createdBy: ctx.actor?.userId ?? null,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      const parties = await partyRows(c.id, body.parties);
      if (parties.length) await db.insert(mediationParties).values(parties);
      await step(c, ctx, 'create', { to: 'intake', note: `${home.committee.name}登记` });
      await record(ctx, c, 'create', { no, title: c.title, source: c.source, parties: parties.length });
      if (c.scale === 'major_group') await startEmergency(ctx, c);
      return c;
    });
  }

  async function filtersOf(ctx: Ctx, q: Partial<z.infer<typeof caseListQuery>>): Promise<SQL> {
    const f: SQL[] = [ctx.actor!.scopeFilter('mediation.read', mediationCases.placePath)];
    if (q.status === 'open') f.push(inArray(mediationCases.status, [...OPEN_CASE_STATUSES]));
    else if (q.status) f.push(eq(mediationCases.status, q.status));
    if (q.level) f.push(eq(mediationCases.level, q.level));
    if (q.category) f.push(eq(mediationCases.category, q.category));
    if (q.risk) f.push(eq(mediationCases.riskFlag, true));
    if (q.overNorm)
      f.push(
        sql`${mediationCases.acceptedAt} is not null and coalesce(${mediationCases.resolvedAt}, ${clock.now()}) - ${mediationCases.acceptedAt} > make_interval(days => ${CASE_NORM_DAYS + 1})`,
      );
    if (q.placeId) {
      const p = await org.places.visible(ctx, q.placeId, 'mediation.read');
      f.push(sql`${mediationCases.placePath} like ${`${escapeLike(p.path)}%`}`);
    }
    if (q.mine)
      f.push(
        sql`exists (select 1 from mediation_assignments a join mediation_members m on m.id = a.member_id where a.case_id = mediation_cases.id and m.user_id = ${ctx.actor!.userId})`,
      );
    if (q.q) {
      const like = `%${escapeLike(q.q)}%`;
      f.push(
        or(
          ilike(mediationCases.title, like),
          ilike(mediationCases.no, like),
          sql`exists (select 1 from mediation_parties p where p.case_id = mediation_cases.id and p.name ilike ${like})`,
        )!,
      );
    }
    return and(...f)!;
  }

  async function list(ctx: Ctx, q: z.infer<typeof caseListQuery>) {
    const where = await filtersOf(ctx, q);
    const items = await db
      .select({ ...rowColumns, total: sql<number>`(count(*) over ())::int` })
      .from(mediationCases)
      .where(where)
      .orderBy(desc(mediationCases.createdAt), desc(mediationCases.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize);
    const total =
      items[0]?.total ??
      (await db.select({ total: sql<number>`count(*)::int` }).from(mediationCases).where(where))[0].total;
    const now = clock.now();
    return { items: items.map((r) => rowView(r as Row, now)), total, page: q.page, pageSize: q.pageSize };
  }

  /** All rows matching the list's filters, for the xlsx export (at most `max`). */
  async function exportRows(ctx: Ctx, q: Partial<z.infer<typeof caseListQuery>>, max: number) {
    const where = await filtersOf(ctx, q);
    const found = await db
      .select(rowColumns)
      .from(mediationCases)
      .where(where)
      .orderBy(desc(mediationCases.createdAt))
      .limit(max + 1);
    if (found.length > max) throw badRequest(`符合条件的案件超过 ${max} 件，请缩小范围后再导出`);
    const now = clock.now();
    return found.map((r) => rowView(r as Row, now));
  }

  async function loadFile(c: CaseRow) {
    const [parties, sessions, followups, documents] = await Promise.all([
      db
        .select()
        .from(mediationParties)
        .where(eq(mediationParties.caseId, c.id))
        .orderBy(asc(mediationParties.sortOrder)),
      db
        .select()
        .from(mediationSessions)
        .where(eq(mediationSessions.caseId, c.id))
        .orderBy(asc(mediationSessions.heldAt)),
      db
        .select()
        .from(mediationFollowups)
        .where(eq(mediationFollowups.caseId, c.id))
        .orderBy(asc(mediationFollowups.dueOn)),
      db
        .select({
          id: mediationDocuments.id,
          kind: mediationDocuments.kind,
          description: mediationDocuments.description,
          uploadedBy: mediationDocuments.uploadedBy,
          createdAt: mediationDocuments.createdAt,
          fileId: files.id,
          name: files.name,
          size: files.size,
          sha256: files.sha256,
        })
        .from(mediationDocuments)
        .innerJoin(files, eq(files.id, mediationDocuments.fileId))
        .where(eq(mediationDocuments.caseId, c.id))
        .orderBy(asc(mediationDocuments.createdAt)),
    ]);
    return { parties, sessions, followups, documents };
  }

  function missingOf(c: CaseRow, f: Awaited<ReturnType<typeof loadFile>>) {
    return missingItems({
      status: c.status,
      outcome: c.outcome,
      acceptedAt: c.acceptedAt,
      rightsNotifiedAt: c.rightsNotifiedAt,
      parties: f.parties,
      documentKinds: f.documents.map((d) => d.kind),
      sessions: f.sessions.length,
      agreement: c.agreement as AgreementContent | null,
      agreementSignedOn: c.agreementSignedOn,
      partiesSigned: c.partiesSigned,
      mediatorSigned: c.mediatorSigned,
      sealed: c.sealed,
      oralContent: c.oralContent,
      referral: c.referral,
      referralDestination: c.referralDestination,
      followupsDone: f.followups.filter((x) => x.doneAt).length,
      judicialStatus: c.judicialStatus,
      explanations: c.explanations as Record<string, string>,
    });
  }

  /** 回避: a mediator who is a party, or lives in the same house as a party. */
  async function mediatorsOf(c: CaseRow) {
    const found = await rows<{
      member_id: string;
      name: string;
      role: string;
      lead: boolean;
      person_id: string | null;
      party_name: string | null;
      same_house_party: string | null;
    }>(
      db,
      sql`select m.id as member_id, m.name, m.role, a.lead, m.person_id,
            (select p.name from mediation_parties p where p.case_id = a.case_id and p.person_id = m.person_id limit 1) as party_name,
            (select p.name from mediation_parties p
               join people pp on pp.id = p.person_id
               join people me on me.id = m.person_id
              where p.case_id = a.case_id and pp.house_id is not null and pp.house_id = me.house_id
                and pp.id <> me.id limit 1) as same_house_party
          from mediation_assignments a join mediation_members m on m.id = a.member_id
          where a.case_id = ${c.id}
          order by a.lead desc, m.sort_order`,
    );
    return found.map((m) => ({
      memberId: m.member_id,
      name: m.name,
      role: m.role as CommitteeMemberRole,
      lead: m.lead,
      recusal: m.party_name
        ? `本人是当事人（${m.party_name}），应当回避`
        : m.same_house_party
          ? `与当事人${m.same_house_party}同住一户，应当回避`
          : null,
    }));
  }

  /** The time the case spent at each level, from its timeline. */
  async function levelsOf(c: CaseRow) {
    const moves = await db
      .select({ at: mediationSteps.at, data: mediationSteps.data })
      .from(mediationSteps)
      .where(and(eq(mediationSteps.caseId, c.id), eq(mediationSteps.action, 'transfer_up')))
      .orderBy(asc(mediationSteps.seq));
    const end = c.resolvedAt ?? c.closedAt ?? null;
    const out: { level: CaseLevel; from: string; to: string | null; days: number }[] = [];
    let from = c.createdAt;
    for (const m of moves) {
      const d = m.data as { fromLevel: CaseLevel };
      out.push({
        level: d.fromLevel,
        from: from.toISOString(),
        to: m.at.toISOString(),
        days: elapsedDays(from, m.at),
      });
      from = m.at;
    }
    out.push({
      level: c.level as CaseLevel,
      from: from.toISOString(),
      to: end?.toISOString() ?? null,
      days: elapsedDays(from, end ?? clock.now()),
    });
    return out;
  }

  function judicialOf(c: CaseRow, today: string) {
    const deadline =
      c.outcome === 'written' && c.agreementSignedOn
        ? addCalendarDays(c.agreementSignedOn, JUDICIAL_WINDOW_DAYS)
        : null;
    return {
      status: c.judicialStatus as 'none',
      appliedOn: c.judicialAppliedOn,
      deadline,
      daysLeft: deadline && c.judicialStatus === 'none' ? Math.max(0, daysBetween(today, deadline)) : null,
    };
  }

  const needsLead = (c: CaseRow) =>
    (c.scale !== 'individual' || c.riskLevel === 'high') &&
    OPEN_CASE_STATUSES.includes(c.status as CaseStatus) &&
    !(c.leadLeader && c.leadHandler && c.leadPlan && c.leadDeadline);

  async function detail(ctx: Ctx, id: string) {
    const c = await caseFor(ctx, id);
    const [[row], f, mediators, levels, steps, event] = await Promise.all([
      db.select(rowColumns).from(mediationCases).where(eq(mediationCases.id, id)),
      loadFile(c),
      mediatorsOf(c),
      levelsOf(c),
      db.select().from(mediationSteps).where(eq(mediationSteps.caseId, id)).orderBy(asc(mediationSteps.seq)),
      c.eventId ? rows<{ no: string }>(db, sql`select no from events where id = ${c.eventId}`) : [],
    ]);
    const now = clock.now();
    const today = shanghaiDate(now);
    const resolved = c.status === 'agreed' || c.status === 'failed';
    const a = (c.agreement ?? {}) as Partial<AgreementContent>;
    return {
      ...rowView(row as Row, now),
      description: c.description,
      subcategory: c.subcategory,
      riskNote: c.riskNote,
      committeeId: c.committeeId,
      eventId: c.eventId,
      eventNo: event[0]?.no ?? null,
      sweepId: c.sweepId,
      declineReason: c.declineReason,
      declineReferral: c.declineReferral,
      oralContent: c.oralContent,
      referral: c.referral as Referral | null,
      referralDestination: c.referralDestination,
      closedAt: c.closedAt?.toISOString() ?? null,
      rightsNotifiedAt: c.rightsNotifiedAt?.toISOString() ?? null,
      parties: f.parties.map((p) => ({
        id: p.id,
        side: p.side as 'applicant',
        personId: p.personId,
        name: p.name,
        gender: p.gender as 'male' | null,
        birthDate: p.birthDate,
        ethnicity: p.ethnicity,
        occupation: p.occupation,
        address: p.address,
        idMasked: p.idMasked,
        phoneMasked: p.phoneMasked,
        representative: p.representative,
        representativeRole: p.representativeRole,
      })),
      mediators,
      sessions: f.sessions.map((s) => ({
        id: s.id,
        heldAt: s.heldAt.toISOString(),
        place: s.place,
        attendees: s.attendees,
        record: s.record,
        recordedBy: s.recordedBy,
      })),
      followups: f.followups.map((x) => ({
        id: x.id,
        dueOn: x.dueOn,
        doneAt: x.doneAt?.toISOString() ?? null,
        method: x.method as 'visit' | null,
        note: x.note,
        byName: x.byName,
        overdue: !x.doneAt && x.dueOn < today,
      })),
      documents: f.documents.map((d) => ({
        id: d.id,
        kind: d.kind as DocumentKind,
        name: d.name,
        size: d.size,
        sha256: d.sha256,
        description: d.description,
        uploadedBy: d.uploadedBy,
        createdAt: d.createdAt.toISOString(),
      })),
      agreement: {
        content: {
          facts: a.facts ?? '',
          disputes: a.disputes ?? '',
          responsibilities: a.responsibilities ?? '',
          terms: a.terms ?? '',
          performanceManner: a.performanceManner ?? '',
          performancePlace: a.performancePlace ?? '',
          performanceDeadline: a.performanceDeadline ?? null,
          copies: a.copies ?? null,
        },
        signedOn: c.agreementSignedOn,
        partiesSigned: c.partiesSigned,
        mediatorSigned: c.mediatorSigned,
        sealed: c.sealed,
      },
      judicial: judicialOf(c, today),
      performance: { status: c.performanceStatus as PerformanceStatus | null, note: c.performanceNote },
      lead: { leader: c.leadLeader, handler: c.leadHandler, plan: c.leadPlan, deadline: c.leadDeadline },
      needsLead: needsLead(c),
      emergency: {
        startedAt: c.emergencyStartedAt?.toISOString() ?? null,
        departments: (c.emergencyDepartments ?? []) as { name: string; contact: string }[],
      },
      explanations: c.explanations as Record<string, string>,
      levels,
      steps: steps.map((s) => ({
        at: s.at.toISOString(),
        action: s.action,
        label: STEP_LABELS[s.action] ?? s.action,
        actorName: s.actorName,
        fromStatus: s.fromStatus,
        toStatus: s.toStatus,
        level: s.level as CaseLevel,
        note: s.note,
      })),
      allowed: [...CASE_TRANSITIONS[c.status as CaseStatus]],
      missing: resolved ? missingOf(c, f) : [],
    };
  }

  async function update(ctx: Ctx, id: string, body: z.infer<typeof updateCaseBody>) {
    const c = await caseFor(ctx, id, 'mediation.work');
    if (c.status === 'closed' || c.status === 'declined')
      throw conflict('CASE_CLOSED', '案件已结案，不能再修改');
    const category = body.category ?? c.category;
    const sub = body.subcategory === undefined ? c.subcategory : body.subcategory;
    if (sub && !(sub.startsWith(category) && sub.length === 4))
      throw badRequest('纠纷小类与大类不一致', { subcategory: '请重新选择纠纷小类' });
    const set: Partial<CaseRow> = { ...body, subcategory: sub, updatedAt: clock.now() };
    if (body.scale === 'major_group' || body.riskLevel === 'high') set.riskFlag = true;
    await db.transaction(async () => {
      await db.update(mediationCases).set(set).where(eq(mediationCases.id, id));
      await record(ctx, c, 'update', body, {
        title: c.title,
        category: c.category,
        scale: c.scale,
        amount: c.amount,
        riskFlag: c.riskFlag,
        riskLevel: c.riskLevel,
      });
      await step(c, ctx, 'note', { note: '修改案件信息' });
      if (body.scale === 'major_group' && c.scale !== 'major_group' && !c.emergencyStartedAt)
        await startEmergency(ctx, { ...c, ...set } as CaseRow);
    });
  }

  async function scheduleFollowups(c: CaseRow, from: string) {
    await db
      .delete(mediationFollowups)
      .where(and(eq(mediationFollowups.caseId, c.id), isNull(mediationFollowups.doneAt)));
    await db.insert(mediationFollowups).values(
      FOLLOWUP_AFTER_DAYS.map((d) => ({
        caseId: c.id,
        placePath: c.placePath,
        dueOn: addCalendarDays(from, d),
      })),
    );
  }

  async function act(ctx: Ctx, id: string, body: z.infer<typeof caseActionBody>) {
    const c = await caseFor(ctx, id, 'mediation.work');
    if (body.action === 'transfer_up' && !ctx.actor!.inScope('mediation.manage', c.placePath))
      throw forbidden('上交上一级调委会需要调委会管理权限，请联系调委会主任或社区');
    const from = c.status as CaseStatus;
    const action = body.action as CaseAction;
    const allowed = CASE_TRANSITIONS[from];
    if (!allowed.includes(action)) {
      const names = allowed.map((a) => STEP_LABELS[a]).join('、') || '无';
      throw new AppError(
        409,
        'ILLEGAL_TRANSITION',
        `案件当前为“${CASE_STATUSES[from]}”，不能${STEP_LABELS[action]}。可以进行：${names}`,
        {
          allowed: allowed.join(','),
        },
      );
    }
    const now = clock.now();
    const set: Partial<CaseRow> = { updatedAt: now };
    let to: CaseStatus = from;
    let toLevel: CaseLevel | null = null;
    let followupsFrom: string | null = null;
    switch (action) {
      case 'accept':
        to = 'mediating';
        set.acceptedAt = now;
        break;
      case 'decline':
        if (!body.note.trim() || !body.declineReferral?.trim())
          throw badRequest('不予受理需要说明理由，并告诉当事人可以去哪里解决', {
            ...(body.note.trim() ? {} : { note: '请填写不予受理的理由' }),
            ...(body.declineReferral?.trim() ? {} : { declineReferral: '请填写建议当事人前往的单位或途径' }),
          });
        to = 'declined';
        Object.assign(set, {
          declineReason: body.note,
          declineReferral: body.declineReferral,
          closedAt: now,
        });
        break;
      case 'transfer_up': {
        const up = LEVEL_ABOVE[c.level as CaseLevel];
        if (!up)
          throw conflict(
            'TOP_LEVEL',
            '案件已在街道调委会，没有更上一级的人民调委会，调解不成请引导诉讼、仲裁等途径',
          );
        const chain = await chainOf(db, c.placePath);
        const upPlace = chain.find((p) => p.kind === up);
        const target = upPlace
          ? (
              await db.select().from(mediationCommittees).where(eq(mediationCommittees.placeId, upPlace.id))
            )[0]
          : undefined;
        if (!target)
          throw conflict(
            'NO_COMMITTEE',
            `${upPlace?.name ?? CASE_LEVELS[up]}尚未设立人民调解委员会，无法上交`,
          );
        toLevel = up;
        Object.assign(set, { level: up, levelSince: now, committeeId: target.id });
        break;
      }
      case 'agree': {
        if (!body.outcome) throw badRequest('请选择书面协议或口头协议', { outcome: '请选择协议形式' });
        if (body.outcome === 'oral' && !body.oralContent?.trim())
          throw badRequest('口头协议需要记录协议内容（人民调解法第二十八条）', {
            oralContent: '请填写口头协议内容',
          });
        to = 'agreed';
        Object.assign(set, {
          outcome: body.outcome,
          oralContent: body.outcome === 'oral' ? body.oralContent : null,
          resolvedAt: now,
          performanceStatus: 'pending',
        });
        followupsFrom = (body.outcome === 'written' && c.agreementSignedOn) || shanghaiDate(now);
        break;
      }
      case 'fail':
        if (!body.referral || !body.referralDestination?.trim())
          throw badRequest('调解不成需要记录引导当事人的去向', {
            ...(body.referral ? {} : { referral: '请选择去向' }),
            ...(body.referralDestination?.trim() ? {} : { referralDestination: '请填写去向单位' }),
          });
        to = 'failed';
        Object.assign(set, {
          outcome: 'failed',
          referral: body.referral,
          referralDestination: body.referralDestination,
          resolvedAt: now,
        });
        break;
      case 'close': {
        const missing = missingOf(c, await loadFile(c));
        if (missing.length)
          throw new AppError(
            409,
            'FILE_INCOMPLETE',
            `卷宗不完整，不能结案。缺少：${missing.map((m) => m.label).join('、')}`,
            Object.fromEntries(missing.map((m) => [m.item, m.hint])),
          );
        to = 'closed';
        set.closedAt = now;
        break;
      }
      case 'note':
        if (!body.note.trim()) throw badRequest('请填写备注内容', { note: '请填写备注' });
        break;
    }
    if (to !== from) set.status = to;
    await db.transaction(async () => {
      const done = await db
        .update(mediationCases)
        .set(set)
        .where(
          and(eq(mediationCases.id, id), eq(mediationCases.status, from), eq(mediationCases.level, c.level)),
        )
        .returning({ id: mediationCases.id });
      if (done.length === 0) throw conflict('CASE_CHANGED', '案件刚被其他人处理过，请刷新后再试');
      const note =
        action === 'fail'
          ? `${REFERRALS[body.referral!]}：${body.referralDestination}${body.note ? `。${body.note}` : ''}`
          : action === 'decline'
            ? `${body.note}。建议：${body.declineReferral}`
            : action === 'transfer_up'
              ? `由${CASE_LEVELS[c.level as CaseLevel]}上交${CASE_LEVELS[toLevel!]}${body.note ? `：${body.note}` : ''}`
              : body.note;
      await step(c, ctx, action, {
        from,
        to,
        note,
        level: toLevel ?? c.level,
        data: toLevel ? { fromLevel: c.level, toLevel } : null,
      });
      await record(
        ctx,
        c,
        action,
        { status: to, level: toLevel ?? c.level, note: body.note },
        { status: from, level: c.level },
      );
      if (followupsFrom) await scheduleFollowups(c, followupsFrom);
    });
    if (toLevel) {
      const chain = await chainOf(db, c.placePath);
      const targets = await holdersAt(
        db,
        chain.filter((p) => p.kind === toLevel).map((p) => p.id),
        'mediation.manage',
      );
      if (targets.length)
        await notifications.send(targets, {
          kind: 'mediation.transferred',
          title: `调解案件上交：${c.title}`,
          body: `${c.no} 由${CASE_LEVELS[c.level as CaseLevel]}上交${CASE_LEVELS[toLevel]}，请受理。`,
          link: `/mediation/cases/${c.id}`,
          targetType: 'mediation_case',
          targetId: c.id,
        });
    }
    return { status: to, missing: [] };
  }

  function assertOpenForRecords(c: CaseRow) {
    if (c.status === 'closed' || c.status === 'declined')
      throw conflict('CASE_CLOSED', '案件已结案，卷宗不能再修改');
  }

  async function addParty(ctx: Ctx, id: string, body: PartyInput) {
    const c = await caseFor(ctx, id, 'mediation.work');
    assertOpenForRecords(c);
    const [{ n }] = await rows<{ n: number }>(
      db,
      sql`select coalesce(max(sort_order) + 1, 0)::int as n from mediation_parties where case_id = ${id}`,
    );
    const [row] = await partyRows(id, [body], n);
    return db.transaction(async () => {
      const [p] = await db.insert(mediationParties).values(row).returning({ id: mediationParties.id });
      await record(ctx, c, 'party.add', { name: row.name, side: row.side });
      return p.id;
    });
  }

  async function removeParty(ctx: Ctx, id: string, partyId: string) {
    const c = await caseFor(ctx, id, 'mediation.work');
    assertOpenForRecords(c);
    await db.transaction(async () => {
      const gone = await db
        .delete(mediationParties)
        .where(and(eq(mediationParties.id, partyId), eq(mediationParties.caseId, id)))
        .returning({ name: mediationParties.name });
      if (gone.length === 0) throw notFound('当事人不存在');
      await record(ctx, c, 'party.remove', undefined, { name: gone[0].name });
    });
  }

  async function revealParty(ctx: Ctx, id: string, partyId: string, body: z.infer<typeof revealBody>) {
    const c = await caseFor(ctx, id);
    if (!ctx.actor!.inScope('pii.reveal', c.placePath)) throw notFound('当事人不存在或无权访问');
    const [p] = await db
      .select()
      .from(mediationParties)
      .where(and(eq(mediationParties.id, partyId), eq(mediationParties.caseId, id)));
    if (!p) throw notFound('当事人不存在');
    const value = await reveal(ctx, {
      targetType: 'mediation_party',
      targetId: p.id,
      placeId: c.placeId,
      placePath: c.placePath,
      field: body.field,
      reason: body.reason,
      ciphertext: body.field === 'idNumber' ? p.idEnc : p.phoneEnc,
    });
    return { value };
  }

  async function setMediators(ctx: Ctx, id: string, body: z.infer<typeof mediatorsBody>) {
    const c = await caseFor(ctx, id, 'mediation.work');
    assertOpenForRecords(c);
    const ids = [...new Set(body.memberIds)];
    if (!ids.includes(body.leadId))
      throw badRequest('主办调解员必须在所选调解员之中', { leadId: '请重新选择主办调解员' });
    const members = await db
      .select({
        id: mediationMembers.id,
        name: mediationMembers.name,
        path: mediationMembers.placePath,
        active: mediationMembers.active,
      })
      .from(mediationMembers)
      .where(inArray(mediationMembers.id, ids));
    // A mediator from the case's committee or one above it (a case passed up keeps its helpers).
    const chainPaths = (await chainOf(db, c.placePath)).map((p) => p.path);
    const usable = members.filter((m) => m.active && chainPaths.some((p) => m.path === p));
    if (usable.length !== ids.length)
      throw badRequest('所选调解员不属于本案所在地的调解委员会，或已停用', { memberIds: '请重新选择调解员' });
    await db.transaction(async () => {
      await db.delete(mediationAssignments).where(eq(mediationAssignments.caseId, id));
      await db
        .insert(mediationAssignments)
        .values(ids.map((m) => ({ caseId: id, memberId: m, lead: m === body.leadId })));
      await step(c, ctx, 'assign', { note: usable.map((m) => m.name).join('、') });
      await record(ctx, c, 'assign', { mediators: usable.map((m) => m.name) });
    });
    const userIds = (
      await db
        .select({ userId: mediationMembers.userId })
        .from(mediationMembers)
        .where(inArray(mediationMembers.id, ids))
    )
      .map((m) => m.userId)
      .filter((u): u is string => !!u && u !== ctx.actor!.userId);
    if (userIds.length)
      await notifications.send(userIds, {
        kind: 'mediation.assigned',
        title: `您被指派调解：${c.title}`,
        body: `${c.no}，请及时联系当事人。`,
        link: `/mediation/cases/${c.id}`,
        targetType: 'mediation_case',
        targetId: c.id,
      });
    return mediatorsOf(c);
  }

  async function addSession(ctx: Ctx, id: string, body: z.infer<typeof sessionBody>) {
    const c = await caseFor(ctx, id, 'mediation.work');
    if (c.status !== 'mediating' && c.status !== 'agreed' && c.status !== 'failed')
      throw conflict('NOT_MEDIATING', '案件受理后才能记录调解');
    const heldAt = new Date(body.heldAt);
    if (heldAt.getTime() > clock.now().getTime() + 3_600_000)
      throw badRequest('调解时间不能晚于现在', { heldAt: '请填写实际调解的时间' });
    return db.transaction(async () => {
      const [s] = await db
        .insert(mediationSessions)
        .values({
          caseId: id,
          heldAt,
          place: body.place,
          attendees: body.attendees,
          record: body.record,
          recordedBy: ctx.actor!.displayName,
        })
        .returning({ id: mediationSessions.id });
      await step(c, ctx, 'session', { note: `${body.place}，参加：${body.attendees}` });
      await record(ctx, c, 'session', { heldAt: body.heldAt, place: body.place });
      return s.id;
    });
  }

  async function saveAgreement(ctx: Ctx, id: string, body: z.infer<typeof agreementBody>) {
    const c = await caseFor(ctx, id, 'mediation.work');
    if (c.status !== 'mediating' && !(c.status === 'agreed' && c.outcome === 'written'))
      throw conflict('NOT_MEDIATING', '只有调解中或已达成书面协议的案件可以编辑协议书');
    if (body.signedOn && body.signedOn > shanghaiDate(clock.now()))
      throw badRequest('签订日期不能晚于今天', { signedOn: '请填写实际签订的日期' });
    await db.transaction(async () => {
      await db
        .update(mediationCases)
        .set({
          agreement: body.content,
          agreementSignedOn: body.signedOn,
          partiesSigned: body.partiesSigned,
          mediatorSigned: body.mediatorSigned,
          sealed: body.sealed,
          updatedAt: clock.now(),
        })
        .where(eq(mediationCases.id, id));
      await step(c, ctx, 'agreement', { note: body.signedOn ? `签订日期 ${body.signedOn}` : '' });
      await record(ctx, c, 'agreement', { ...body.content, signedOn: body.signedOn }, c.agreement);
      // The follow-ups count from the day it was signed once that is known.
      if (c.status === 'agreed' && body.signedOn && body.signedOn !== c.agreementSignedOn)
        await scheduleFollowups(c, body.signedOn);
    });
  }

  async function setLead(ctx: Ctx, id: string, body: z.infer<typeof leadBody>) {
    const c = await caseFor(ctx, id, 'mediation.manage');
    assertOpenForRecords(c);
    await db.transaction(async () => {
      await db
        .update(mediationCases)
        .set({
          leadLeader: body.leader,
          leadHandler: body.handler,
          leadPlan: body.plan,
          leadDeadline: body.deadline,
          updatedAt: clock.now(),
        })
        .where(eq(mediationCases.id, id));
      await step(c, ctx, 'lead', {
        note: `包案领导 ${body.leader}，专人 ${body.handler}，时限 ${body.deadline}`,
      });
      await record(ctx, c, 'lead', body);
    });
  }

  async function addResponse(ctx: Ctx, id: string, body: z.infer<typeof responseBody>) {
    const c = await caseFor(ctx, id, 'mediation.work');
    if (!c.emergencyStartedAt) throw conflict('NO_EMERGENCY', '本案未启动应急联动（仅重大群体性纠纷启动）');
    await db.transaction(async () => {
      await step(c, ctx, 'response', {
        note: `${EMERGENCY_RESPONSES[body.kind]}：${body.note}`,
        data: { kind: body.kind },
      });
      await record(ctx, c, 'response', body);
    });
  }

  async function recordFollowup(
    ctx: Ctx,
    id: string,
    followupId: string,
    body: z.infer<typeof followupBody>,
  ) {
    const c = await caseFor(ctx, id, 'mediation.work');
    const [f] = await db
      .select()
      .from(mediationFollowups)
      .where(and(eq(mediationFollowups.id, followupId), eq(mediationFollowups.caseId, id)));
    if (!f) throw notFound('回访不存在');
    if (f.doneAt) throw conflict('ALREADY_DONE', '该次回访已记录');
    await db.transaction(async () => {
      await db
        .update(mediationFollowups)
        .set({ doneAt: clock.now(), method: body.method, note: body.note, byName: ctx.actor!.displayName })
        .where(eq(mediationFollowups.id, followupId));
      await step(c, ctx, 'followup', { note: body.note });
      await record(ctx, c, 'followup', { dueOn: f.dueOn, ...body });
    });
  }

  async function progress(ctx: Ctx, id: string, body: z.infer<typeof progressBody>) {
    const c = await caseFor(ctx, id, 'mediation.work');
    assertOpenForRecords(c);
    const set: Partial<CaseRow> = { updatedAt: clock.now() };
    const notes: string[] = [];
    if (body.rightsNotified !== undefined) {
      set.rightsNotifiedAt = body.rightsNotified ? (c.rightsNotifiedAt ?? clock.now()) : null;
      notes.push(body.rightsNotified ? '已告知当事人权利义务' : '撤销权利义务告知');
    }
    if (body.judicialStatus !== undefined || body.judicialAppliedOn !== undefined) {
      if (c.outcome !== 'written') throw conflict('NO_AGREEMENT', '只有书面调解协议可以申请司法确认');
      const status = body.judicialStatus ?? c.judicialStatus;
      const appliedOn = body.judicialAppliedOn === undefined ? c.judicialAppliedOn : body.judicialAppliedOn;
      if (status !== 'none' && !appliedOn)
        throw badRequest('请填写申请司法确认的日期', { judicialAppliedOn: '请填写申请日期' });
      if (appliedOn && c.agreementSignedOn && appliedOn < c.agreementSignedOn)
        throw badRequest('申请日期不能早于协议签订日期', { judicialAppliedOn: '请检查日期' });
      Object.assign(set, { judicialStatus: status, judicialAppliedOn: status === 'none' ? null : appliedOn });
      notes.push(`司法确认：${status}`);
    }
    if (body.performanceStatus !== undefined || body.performanceNote !== undefined) {
      if (c.status !== 'agreed') throw conflict('NO_AGREEMENT', '达成协议后才能记录履行情况');
      if (body.performanceStatus) set.performanceStatus = body.performanceStatus;
      if (body.performanceNote !== undefined) set.performanceNote = body.performanceNote;
      notes.push('履行情况');
    }
    await db.transaction(async () => {
      await db.update(mediationCases).set(set).where(eq(mediationCases.id, id));
      await step(
        c,
        ctx,
        body.performanceStatus ? 'performance' : body.judicialStatus ? 'judicial' : 'rights',
        {
          note: notes.join('；'),
        },
      );
      await record(ctx, c, 'progress', body);
    });
  }

  async function explain(ctx: Ctx, id: string, body: z.infer<typeof explanationBody>) {
    const c = await caseFor(ctx, id, 'mediation.work');
    assertOpenForRecords(c);
    const explanations = { ...(c.explanations as Record<string, string>) };
    if (body.text.trim()) explanations[body.item] = body.text;
    else delete explanations[body.item];
    await db.transaction(async () => {
      await db
        .update(mediationCases)
        .set({ explanations, updatedAt: clock.now() })
        .where(eq(mediationCases.id, id));
      await step(c, ctx, 'explain', { note: body.text });
      await record(ctx, c, 'explain', body);
    });
  }

  async function addDocument(
    ctx: Ctx,
    id: string,
    bytes: Buffer,
    q: { kind: DocumentKind; name: string; description?: string },
  ) {
    const c = await caseFor(ctx, id, 'mediation.work');
    assertOpenForRecords(c);
    if (bytes.length > EVIDENCE_MAX_BYTES)
      throw new AppError(400, 'FILE_TOO_LARGE', `证据文件不能超过 ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB`);
    const type = sniffEvidence(bytes, q.name);
    if (!type)
      throw new AppError(400, 'UNSUPPORTED_FILE_TYPE', `不支持的文件类型，可以上传：${EVIDENCE_TYPES_LABEL}`);
    // The file's row is written in the same transaction as the document: a refused upload leaves no trace.
    let savedId: string | null = null;
    try {
      return await db.transaction(async () => {
        const meta = await fileService.saveFile(bytes, {
          name: q.name,
          contentType: type,
          maxBytes: EVIDENCE_MAX_BYTES,
          createdBy: ctx.actor!.userId,
          placePath: c.placePath,
        });
        savedId = meta.id;
        await fileService.attach([meta.id], {
          ownerType: 'mediation_case',
          ownerId: c.id,
          placePath: c.placePath,
        });
        const [d] = await db
          .insert(mediationDocuments)
          .values({
            caseId: id,
            fileId: meta.id,
            kind: q.kind,
            description: q.description ?? '',
            uploadedBy: ctx.actor!.displayName,
          })
          .returning({ id: mediationDocuments.id });
        await step(c, ctx, 'evidence', {
          note: `${DOCUMENT_KINDS[q.kind]}：${meta.name}（SHA-256 ${meta.sha256.slice(0, 16)}…）`,
        });
        await record(ctx, c, 'document', {
          kind: q.kind,
          name: meta.name,
          sha256: meta.sha256,
          size: meta.size,
        });
        return { id: d.id, sha256: meta.sha256, size: meta.size };
      });
    } catch (error) {
      if (savedId) await fileService.store.delete(savedId).catch(() => {});
      throw error;
    }
  }

  /** A document of a case the caller may read; the file id for the platform to send. */
  async function documentFile(ctx: Ctx, id: string, documentId: string) {
    await caseFor(ctx, id);
    const [d] = await db
      .select({ fileId: mediationDocuments.fileId })
      .from(mediationDocuments)
      .where(and(eq(mediationDocuments.id, documentId), eq(mediationDocuments.caseId, id)));
    if (!d) throw notFound('材料不存在');
    return d.fileId;
  }

  /** 预警: open cases flagged at risk, the highest first, with whether 包案 is still missing. */
  async function warnings(ctx: Ctx) {
    const found = await db
      .select({ ...rowColumns, riskNote: mediationCases.riskNote, full: mediationCases })
      .from(mediationCases)
      .where(
        and(
          ctx.actor!.scopeFilter('mediation.read', mediationCases.placePath),
          eq(mediationCases.riskFlag, true),
          inArray(mediationCases.status, [...OPEN_CASE_STATUSES]),
        ),
      )
      .orderBy(
        sql`case ${mediationCases.riskLevel} when 'high' then 0 when 'medium' then 1 else 2 end`,
        asc(mediationCases.createdAt),
      )
      .limit(200);
    const now = clock.now();
    return {
      items: found.map((r) => ({
        ...rowView(r as unknown as Row, now),
        riskNote: r.riskNote,
        needsLead: needsLead(r.full),
        leadDeadline: r.full.leadDeadline,
        emergency: r.full.emergencyStartedAt !== null,
      })),
    };
  }

  /** Follow-ups due (today or overdue) on the cases the caller may work on. */
  async function dueFollowups(ctx: Ctx) {
    const today = shanghaiDate(clock.now());
    const found = await db
      .select({
        id: mediationFollowups.id,
        caseId: mediationCases.id,
        caseNo: mediationCases.no,
        caseTitle: mediationCases.title,
        dueOn: mediationFollowups.dueOn,
      })
      .from(mediationFollowups)
      .innerJoin(mediationCases, eq(mediationCases.id, mediationFollowups.caseId))
      .where(
        and(
          ctx.actor!.scopeFilter('mediation.read', mediationFollowups.placePath),
          isNull(mediationFollowups.doneAt),
          sql`${mediationFollowups.dueOn} <= ${addCalendarDays(today, 3)}`,
          eq(mediationCases.status, 'agreed'),
        ),
      )
      .orderBy(asc(mediationFollowups.dueOn))
      .limit(200);
    return { items: found.map((f) => ({ ...f, overdue: f.dueOn < today })) };
  }

  /** Daily: tells the assigned mediators of follow-ups due today, once each. */
  async function remindFollowups() {
    const today = shanghaiDate(clock.now());
    const due = await rows<{ id: string; case_id: string; no: string; title: string; users: string[] }>(
      db,
      sql`select f.id, c.id as case_id, c.no, c.title,
            coalesce(array_agg(m.user_id) filter (where m.user_id is not null), '{}') as users
          from mediation_followups f
          join mediation_cases c on c.id = f.case_id
          left join mediation_assignments a on a.case_id = c.id
          left join mediation_members m on m.id = a.member_id
          where f.done_at is null and f.reminded_at is null and f.due_on <= ${today} and c.status = 'agreed'
          group by f.id, c.id`,
    );
    for (const f of due) {
      if (f.users.length)
        await notifications.send(f.users, {
          kind: 'mediation.followup',
          title: `回访提醒：${f.title}`,
          body: `${f.no} 今天应回访当事人，了解协议履行情况。`,
          link: `/mediation/cases/${f.case_id}`,
          targetType: 'mediation_case',
          targetId: f.case_id,
        });
      await db
        .update(mediationFollowups)
        .set({ remindedAt: clock.now() })
        .where(eq(mediationFollowups.id, f.id));
    }
    return due.length;
  }

  return {
    caseFor,
    create,
    list,
    exportRows,
    detail,
    update,
    act,
    addParty,
    removeParty,
    revealParty,
    setMediators,
    addSession,
    saveAgreement,
    setLead,
    addResponse,
    recordFollowup,
    progress,
    explain,
    addDocument,
    documentFile,
    warnings,
    dueFollowups,
    remindFollowups,
    loadFile,
    mediatorsOf,
  };
}

export type CasesService = ReturnType<typeof createCasesService>;
