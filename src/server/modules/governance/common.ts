import type { Db } from '../../db/index.js';
import type { AuditService } from '../../platform/audit/service.js';
import type { Clock } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import type { Files } from '../../platform/files/index.js';
import type { OrgService } from '../org/service.js';
import type { RegistryService } from '../registry/service.js';

/** What a published vote result hands to the notices module, when one is wired (app.ts). */
export interface ResultNoticeInput {
  estateId: string;
  voteId: string;
  title: string;
  body: string;
  /** The public page of the result notice (/gov/notices/…). */
  link: string;
}

/**
 * Publishes a notice through the notices module. Optional: without it the result notice is only this
 * module's own record and public page (see votes.publish).
 */
export type PublishNotice = (ctx: Ctx, input: ResultNoticeInput) => Promise<{ id: string } | null>;

export interface GovernanceDeps {
  db: Db;
  clock: Clock;
  audit: AuditService;
  org: OrgService;
  registry: RegistryService;
  files: Files;
  notifications: {
    send(
      userIds: readonly string[],
      n: {
        kind: string;
        title: string;
        body?: string;
        link?: string | null;
        targetType?: string;
        targetId?: string;
      },
    ): Promise<number>;
  };
  publishNotice?: PublishNotice;
}

export type GovPermission = 'governance.read' | 'governance.manage';

/** An estate the caller may act on under `permission`; anything else is absent. */
export async function estateFor(deps: GovernanceDeps, ctx: Ctx, estateId: string, permission: GovPermission) {
  const p = await deps.org.places.visible(ctx, estateId, permission);
  if (p.kind !== 'estate') throw notFound('小区不存在或无权访问');
  return p;
}

/** A row of this module the caller may act on; out of scope looks absent. */
export function inScopeOr404<T extends { placePath: string }>(
  ctx: Ctx,
  row: T | undefined,
  permission: GovPermission,
  message: string,
): T {
  if (!row || !ctx.actor!.inScope(permission, row.placePath)) throw notFound(message);
  return row;
}

export const actorName = (ctx: Ctx) => ctx.actor?.displayName ?? ctx.actorLabel ?? '系统';

/** Asia/Shanghai wall time of an instant, as people read it: '2026-11-23 10:00'. */
export function shanghaiText(d: Date): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}
