import { and, asc, count, desc, eq, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  meetingBody,
  meetingDetail,
  meetingListQuery,
  meetingRecordBody,
  task,
  taskDoneBody,
  taskListQuery,
} from '../../../shared/api/governance.js';
import type { MeetingKind, MeetingStatus, TaskStatus } from '../../../shared/governance.js';
import type { Ctx } from '../../platform/context.js';
import { badRequest, conflict } from '../../platform/errors.js';
import { today } from '../registry/service.js';
import { actorName, estateFor, type GovernanceDeps, type GovPermission, inScopeOr404 } from './common.js';
import { govMeetingItems, govMeetings, govTasks } from './schema.js';

type TaskView = z.infer<typeof task>;

/**
 * Meetings (月例会, 四个会, 楼栋会), their decisions as tasks followed to done (整改销号), and the
 * carry-over: a new meeting's agenda opens with every task of the estate still open.
 */
export function createMeetingsService(deps: GovernanceDeps) {
  const { db, audit, clock } = deps;

  const taskColumns = {
    id: govTasks.id,
    estateId: govTasks.estateId,
    meetingId: govTasks.meetingId,
    meetingTitle: govMeetings.title,
    title: govTasks.title,
    ownerName: govTasks.ownerName,
    dueOn: govTasks.dueOn,
    status: govTasks.status,
    doneOn: govTasks.doneOn,
    doneNote: govTasks.doneNote,
    doneByName: govTasks.doneByName,
  };
  const taskView = (r: Omit<TaskView, 'overdue' | 'status'> & { status: string }, day: string): TaskView => ({
    ...r,
    status: r.status as TaskStatus,
    // Overdue: still open after its deadline day (Asia/Shanghai).
    overdue: r.status === 'open' && r.dueOn < day,
  });

  async function meetingFor(ctx: Ctx, id: string, permission: GovPermission) {
    const [m] = await db.select().from(govMeetings).where(eq(govMeetings.id, id));
    return inScopeOr404(ctx, m, permission, '会议不存在或无权访问');
  }

  return {
    async list(ctx: Ctx, q: z.infer<typeof meetingListQuery>) {
      const estate = await estateFor(deps, ctx, q.estateId, 'governance.read');
      const filters: SQL[] = [eq(govMeetings.estateId, estate.id)];
      if (q.kind) filters.push(eq(govMeetings.kind, q.kind));
      if (q.status) filters.push(eq(govMeetings.status, q.status));
      const where = and(...filters);
      const [rows, [{ total }]] = await Promise.all([
        db
          .select({
            id: govMeetings.id,
            estateId: govMeetings.estateId,
            kind: govMeetings.kind,
            title: govMeetings.title,
            heldAt: govMeetings.heldAt,
            location: govMeetings.location,
            status: govMeetings.status,
            decisionCount: sql<number>`(select count(*)::int from gov_meeting_items i where i.meeting_id = ${govMeetings.id} and i.kind = 'decision')`,
            openTaskCount: sql<number>`(select count(*)::int from gov_tasks t where t.meeting_id = ${govMeetings.id} and t.status = 'open')`,
          })
          .from(govMeetings)
          .where(where)
          .orderBy(desc(govMeetings.heldAt))
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize),
        db.select({ total: count() }).from(govMeetings).where(where),
      ]);
      return {
        items: rows.map((r) => ({
          ...r,
          kind: r.kind as MeetingKind,
          status: r.status as MeetingStatus,
          heldAt: r.heldAt.toISOString(),
        })),
        total,
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    /** Calls a meeting; its agenda starts with the estate's open tasks (督办), then the new items. */
    async create(ctx: Ctx, body: z.infer<typeof meetingBody>) {
      const estate = await estateFor(deps, ctx, body.estateId, 'governance.manage');
      return db.transaction(async () => {
        const [m] = await db
          .insert(govMeetings)
          .values({
            estateId: estate.id,
            placePath: estate.path,
            kind: body.kind,
            title: body.title,
            heldAt: new Date(body.heldAt),
            location: body.location,
            host: body.host,
            invitees: body.invitees,
            createdBy: ctx.actor?.userId ?? null,
          })
          .returning({ id: govMeetings.id });
        const open = await db
          .select({
            id: govTasks.id,
            title: govTasks.title,
            ownerName: govTasks.ownerName,
            dueOn: govTasks.dueOn,
          })
          .from(govTasks)
          .where(and(eq(govTasks.estateId, estate.id), eq(govTasks.status, 'open')))
          .orderBy(asc(govTasks.dueOn), asc(govTasks.createdAt));
        const items = [
          ...open.map((t) => ({
            content: `督办：${t.title}（责任人 ${t.ownerName}，期限 ${t.dueOn}）`,
            taskId: t.id,
          })),
          ...body.agenda.map((content) => ({ content, taskId: null })),
        ];
        if (items.length)
          await db
            .insert(govMeetingItems)
            .values(items.map((it, i) => ({ meetingId: m.id, kind: 'agenda', seq: i + 1, ...it })));
        await audit.record(ctx, {
          action: 'governance.meeting.create',
          targetType: 'gov_meeting',
          targetId: m.id,
          placeId: estate.id,
          placePath: estate.path,
          after: { kind: body.kind, title: body.title, heldAt: body.heldAt, carried: open.length },
        });
        return m.id;
      });
    },

    async detail(ctx: Ctx, id: string): Promise<z.infer<typeof meetingDetail>> {
      const m = await meetingFor(ctx, id, 'governance.read');
      const estate = await deps.org.places.find(m.estateId);
      const items = await db
        .select()
        .from(govMeetingItems)
        .where(eq(govMeetingItems.meetingId, id))
        .orderBy(asc(govMeetingItems.kind), asc(govMeetingItems.seq));
      const taskIds = items.map((i) => i.taskId).filter((x): x is string => !!x);
      const day = today(clock);
      const tasks = taskIds.length
        ? await db
            .select(taskColumns)
            .from(govTasks)
            .innerJoin(govMeetings, eq(govMeetings.id, govTasks.meetingId))
            .where(inArray(govTasks.id, taskIds))
        : [];
      const taskOf = (tid: string | null) => {
        const t = tasks.find((x) => x.id === tid);
        return t ? taskView(t, day) : null;
      };
      const [counts] = await db
        .select({ open: sql<number>`count(*) filter (where ${govTasks.status} = 'open')::int` })
        .from(govTasks)
        .where(eq(govTasks.meetingId, id));
      const decisions = items.filter((i) => i.kind === 'decision');
      return {
        id: m.id,
        estateId: m.estateId,
        estateName: estate?.name ?? '',
        kind: m.kind as MeetingKind,
        title: m.title,
        heldAt: m.heldAt.toISOString(),
        location: m.location,
        host: m.host,
        status: m.status as MeetingStatus,
        invitees: m.invitees as { name: string; org: string }[],
        attendance: m.attendance as { name: string; org: string; present: boolean; note: string }[],
        minutes: m.minutes,
        decisionCount: decisions.length,
        openTaskCount: counts.open,
        agenda: items
          .filter((i) => i.kind === 'agenda')
          .map((i) => ({ seq: i.seq, content: i.content, carriedTask: taskOf(i.taskId) })),
        decisions: decisions.map((i) => ({ seq: i.seq, content: i.content, task: taskOf(i.taskId) })),
      };
    },

    /**
     * Records a held meeting in one step: attendance, minutes, and each decision as a task with its
     * owner and deadline. A meeting is recorded once; corrections go into the next meeting's minutes.
     */
    async record(ctx: Ctx, id: string, body: z.infer<typeof meetingRecordBody>) {
      const m = await meetingFor(ctx, id, 'governance.manage');
      const day = today(clock);
      for (const [i, d] of body.decisions.entries())
        if (d.dueOn < m.heldAt.toISOString().slice(0, 10))
          throw badRequest('完成期限不能早于会议日期', { [`decisions.${i}.dueOn`]: '期限不正确' });
      await db.transaction(async () => {
        const [locked] = await db.select().from(govMeetings).where(eq(govMeetings.id, id)).for('update');
        if (locked.status !== 'planned')
          throw conflict(
            locked.status === 'held' ? 'MEETING_RECORDED' : 'MEETING_CANCELLED',
            locked.status === 'held' ? '该会议已记录纪要，不能重复记录' : '该会议已取消',
          );
        await db
          .update(govMeetings)
          .set({ attendance: body.attendance, minutes: body.minutes, status: 'held', updatedAt: clock.now() })
          .where(eq(govMeetings.id, id));
        for (const [i, d] of body.decisions.entries()) {
          const [t] = await db
            .insert(govTasks)
            .values({
              estateId: m.estateId,
              placePath: m.placePath,
              meetingId: id,
              title: d.content,
              ownerName: d.ownerName,
              dueOn: d.dueOn,
            })
            .returning({ id: govTasks.id });
          await db
            .insert(govMeetingItems)
            .values({ meetingId: id, kind: 'decision', seq: i + 1, content: d.content, taskId: t.id });
        }
        await audit.record(ctx, {
          action: 'governance.meeting.record',
          targetType: 'gov_meeting',
          targetId: id,
          placeId: m.estateId,
          placePath: m.placePath,
          after: {
            present: body.attendance.filter((a) => a.present).length,
            decisions: body.decisions,
            recordedOn: day,
          },
        });
      });
    },

    async tasks(ctx: Ctx, q: z.infer<typeof taskListQuery>) {
      const estate = await estateFor(deps, ctx, q.estateId, 'governance.read');
      const day = today(clock);
      const filters: SQL[] = [eq(govTasks.estateId, estate.id)];
      if (q.status) filters.push(eq(govTasks.status, q.status));
      if (q.overdue === 'true') filters.push(eq(govTasks.status, 'open'), lt(govTasks.dueOn, day));
      if (q.overdue === 'false')
        filters.push(sql`not (${govTasks.status} = 'open' and ${govTasks.dueOn} < ${day})`);
      const where = and(...filters);
      const [rows, [{ total }]] = await Promise.all([
        db
          .select(taskColumns)
          .from(govTasks)
          .innerJoin(govMeetings, eq(govMeetings.id, govTasks.meetingId))
          .where(where)
          .orderBy(desc(sql`${govTasks.status} = 'open'`), asc(govTasks.dueOn), asc(govTasks.id))
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize),
        db.select({ total: count() }).from(govTasks).where(where),
      ]);
      return { items: rows.map((r) => taskView(r, day)), total, page: q.page, pageSize: q.pageSize };
    },

    /** 整改销号: the task is done, with what was done and when. */
    async done(ctx: Ctx, id: string, body: z.infer<typeof taskDoneBody>) {
      const [row] = await db.select().from(govTasks).where(eq(govTasks.id, id));
      const t = inScopeOr404(ctx, row, 'governance.manage', '任务不存在或无权访问');
      const doneOn = body.doneOn ?? today(clock);
      if (doneOn > today(clock)) throw badRequest('销号日期不能晚于今天', { doneOn: '日期不正确' });
      await db.transaction(async () => {
        const [locked] = await db.select().from(govTasks).where(eq(govTasks.id, id)).for('update');
        if (locked.status !== 'open') throw conflict('TASK_DONE', '该任务已销号');
        await db
          .update(govTasks)
          .set({
            status: 'done',
            doneOn,
            doneNote: body.note,
            doneByName: actorName(ctx),
            updatedAt: clock.now(),
          })
          .where(eq(govTasks.id, id));
        await audit.record(ctx, {
          action: 'governance.task.done',
          targetType: 'gov_task',
          targetId: id,
          placeId: t.estateId,
          placePath: t.placePath,
          after: { doneOn, note: body.note, late: t.dueOn < doneOn },
        });
      });
    },
  };
}
