// Every table, for drizzle-kit and the typed query builder.

export * from '../modules/fire/schema.js';
export * from '../modules/governance/schema.js';
export * from '../modules/grid/schema.js';
export * from '../modules/legal/schema.js';
export * from '../modules/mediation/schema.js';
export * from '../modules/notices/schema.js';
export * from '../modules/org/schema.js';
export * from '../modules/registry/schema.js';
export * from '../modules/requests/schema.js';
export * from '../modules/volunteers/schema.js';
export * from '../platform/audit/schema.js';
export * from '../platform/auth/schema.js';
export * from '../platform/files/schema.js';
export * from '../platform/jobs/schema.js';
export * from '../platform/notify/schema.js';
