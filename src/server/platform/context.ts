import type { Actor } from './access/actor.js';

/** Who is acting and from where: what every write and reveal needs for the audit trail. */
export interface Ctx {
  actor: Actor | null;
  ip?: string;
  userAgent?: string;
  requestId?: string;
  /** For entries made without a signed-in actor (a failed login, the command line). */
  actorLabel?: string;
}

export const systemCtx = (label: string): Ctx => ({ actor: null, actorLabel: label });
