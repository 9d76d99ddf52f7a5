import { timestamp } from 'drizzle-orm/pg-core';

// The timestamp columns every table writes the same way: UTC instants (shown in Asia/Shanghai).

/** When the row was made. */
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
/** When the row last changed (set by the service that changes it). */
export const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
/** An optional instant under its own column name. */
export const at = (name: string) => timestamp(name, { withTimezone: true });
