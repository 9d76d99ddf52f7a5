import { sql } from 'drizzle-orm';
import { rows } from '../../db/sql.js';
import { endOfWeekShanghai, startOfDayShanghai } from '../../platform/calendar/index.js';
import type { GridDeps } from './common.js';
import { holdersAt } from './common.js';
import type { EventsService } from './events.js';

/** Monday 00:00 Asia/Shanghai of the week `now` falls in. */
export function startOfWeekShanghai(now: Date): Date {
  return new Date(endOfWeekShanghai(now).getTime() + 1 - 7 * 86_400_000);
}

interface Moved {
  id: string;
  no: string;
  title: string;
  assignee_place_id: string | null;
}

/**
 * 三清: what a grid has not closed by the end of the day it reached the grid goes into its
 * community's weekly book; what a community has not closed by the end of the week goes up to the
 * street. Each run is one transaction per step and idempotent: an event moves once per level.
 */
export function createEscalation(deps: GridDeps, eventsService: EventsService) {
  const { db, clock } = deps;

  async function lift(
    from: 'grid' | 'community',
    to: 'community' | 'street',
    cutoff: Date,
    note: string,
  ): Promise<Moved[]> {
    const kind = to === 'community' ? 'community' : 'street';
    const now = clock.now();
    return db.transaction(async () => {
      // The target place is the nearest community (or the street, the path's root) on the event's path.
      // The tree is street → community → …: the street is the path's first id, the community its second.
      const segment = to === 'community' ? 3 : 2;
      const moved = await rows<Moved>(
        db,
        sql`with due as (
              select e.id, e.status, e.assignee_label,
                split_part(e.place_path, '/', ${segment})::uuid as target
              from events e
              where e.level = ${from} and e.status in ('reported','accepted','in_progress')
                and e.level_since < ${cutoff}
              for update of e skip locked
            ), lifted as (
              update events e set
                level = ${to}, level_since = ${now}, updated_at = ${now},
                assignee_kind = ${kind}, assignee_user_id = null, assignee_outside = null,
                assignee_place_id = due.target, assignee_label = p.name
              from due join places p on p.id = due.target
              where e.id = due.id
              returning e.id, e.no, e.title, e.assignee_place_id, due.status, due.assignee_label as before
            ), steps as (
              insert into event_steps (event_id, at, action, actor_name, from_status, to_status, note, data)
              select id, ${now}, 'escalate', '系统', status, status, ${note},
                jsonb_build_object('from', ${from}::text, 'to', ${to}::text, 'before', before)
              from lifted
            )
            select id, no, title, assignee_place_id from lifted`,
      );
      // One notification per person per run, naming how many events reached them.
      const byPlace = new Map<string, Moved[]>();
      for (const m of moved) {
        if (!m.assignee_place_id) continue;
        const list = byPlace.get(m.assignee_place_id);
        if (list) list.push(m);
        else byPlace.set(m.assignee_place_id, [m]);
      }
      for (const [placeId, list] of byPlace) {
        const users = await holdersAt(db, [placeId], 'grid.manage');
        if (users.length === 0) continue;
        const first = list[0];
        await deps.notifications.send(users, {
          kind: 'event.escalated',
          title:
            list.length === 1
              ? `三清上报：${first.title}`
              : `三清上报：${list.length} 件事件转入${to === 'community' ? '社区' : '街道'}`,
          body: list
            .slice(0, 5)
            .map((m) => m.no)
            .join('、'),
          link: list.length === 1 ? `/grid/events/${first.id}` : `/grid/events?level=${to}&status=open`,
          targetType: 'event',
          targetId: first.id,
        });
      }
      return moved;
    });
  }

  return {
    /** Daily (after midnight): grid events not closed on the day they reached the grid. */
    async daily(): Promise<number> {
      const moved = await lift(
        'grid',
        'community',
        startOfDayShanghai(clock.now()),
        '网格当日未办结，转入社区周清台账',
      );
      return moved.length;
    },

    /** Weekly (Monday after midnight): community events not closed by the end of last week. */
    async weekly(): Promise<number> {
      const moved = await lift(
        'community',
        'street',
        startOfWeekShanghai(clock.now()),
        '社区本周未办结，上报街道',
      );
      return moved.length;
    },

    /** Marks open events past their deadline, once, and tells whoever holds them. */
    async overdue(): Promise<number> {
      const now = clock.now();
      return db.transaction(async () => {
        const marked = await rows<{
          id: string;
          no: string;
          title: string;
          assignee_kind: string;
          assignee_user_id: string | null;
          assignee_place_id: string | null;
        }>(
          db,
          sql`with due as (
                select id from events
                where status in ('reported','accepted','in_progress') and deadline_at < ${now}
                  and overdue_notified_at is null
                for update skip locked
              ), marked as (
                update events e set overdue_notified_at = ${now}
                from due where e.id = due.id
                returning e.id, e.no, e.title, e.status, e.assignee_kind, e.assignee_user_id, e.assignee_place_id
              ), steps as (
                insert into event_steps (event_id, at, action, actor_name, from_status, to_status, note)
                select id, ${now}, 'overdue', '系统', status, status, '已超过办理期限' from marked
              )
              select id, no, title, assignee_kind, assignee_user_id, assignee_place_id from marked`,
        );
        for (const m of marked) {
          const users = await eventsService.assigneeUsers({
            assigneeKind: m.assignee_kind,
            assigneeUserId: m.assignee_user_id,
            assigneePlaceId: m.assignee_place_id,
          });
          await eventsService.tell(users, m, 'event.overdue', `事件已超期：${m.title}`);
        }
        return marked.length;
      });
    },
  };
}

export type Escalation = ReturnType<typeof createEscalation>;
