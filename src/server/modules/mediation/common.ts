import type { Db } from '../../db/index.js';
import type { AuditService } from '../../platform/audit/service.js';
import type { Clock } from '../../platform/clock.js';
import type { Files } from '../../platform/files/index.js';
import type { PiiCipher } from '../../platform/pii/index.js';
import type { NotificationsPort } from '../grid/service.js';
import type { OrgService } from '../org/service.js';

export interface MediationDeps {
  db: Db;
  clock: Clock;
  audit: AuditService;
  pii: PiiCipher;
  org: OrgService;
  files: Files;
  notifications: NotificationsPort;
}

const DAY = 86_400_000;

/** Whole days from one YYYY-MM-DD day to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

/** Elapsed days between two instants, one decimal. */
export const elapsedDays = (from: Date, to: Date) =>
  Math.round(((to.getTime() - from.getTime()) / DAY) * 10) / 10;
