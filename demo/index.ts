import { sql } from 'drizzle-orm';
import type { Services } from '../src/server/app.js';
import { places, roles, userRoles, users } from '../src/server/db/schema.js';
import { hashPassword } from '../src/server/platform/auth/password.js';
import { systemCtx } from '../src/server/platform/context.js';
import { maskPhone } from '../src/server/platform/pii/index.js';
import { loadFireDemo } from './fire.js';
import { loadGovernanceDemo } from './governance.js';
import { loadGridDemo } from './grid.js';
import { loadLegalDemo } from './legal.js';
import { loadMediationDemo } from './mediation.js';
import { loadNoticesDemo } from './notices.js';
import { buildDemoPlaces, DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoPlaces } from './org.js';
import { seededRandom } from './random.js';
import { loadRegistryDemo, shanghaiToday } from './registry.js';
import { loadVolunteersDemo } from './volunteers.js';

export { DEMO_ACCOUNTS, DEMO_PASSWORD } from './org.js';

export const DEMO_SEED = 20261122;

/** The demo street as it is generated: deterministic, so tests may name its places. */
export function demoPlaces(): DemoPlaces {
  return buildDemoPlaces(seededRandom(DEMO_SEED));
}

/** The registry's own generator: a second seed, so adding people never moves the places. */
export function demoRegistryRandom() {
  return seededRandom(DEMO_SEED + 1);
}

/**
 * Loads 古南街道 and its demo accounts in one transaction. Later capabilities add their records
 * here, after the places they hang on.
 */
export async function loadDemo(
  services: Pick<Services, 'db' | 'pii' | 'audit' | 'clock' | 'files'>,
): Promise<DemoPlaces> {
  const { db, pii, audit, clock, files } = services;
  const demo = demoPlaces();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async () => {
    for (let i = 0; i < demo.all.length; i += 500) {
      await db.insert(places).values(demo.all.slice(i, i + 500));
    }
    const roleRows = await db.select({ id: roles.id, code: roles.code }).from(roles);
    const roleId = new Map(roleRows.map((r) => [r.code, r.id]));
    for (const a of DEMO_ACCOUNTS) {
      const [u] = await db
        .insert(users)
        .values({
          username: a.username,
          displayName: a.displayName,
          phoneEnc: pii.encrypt(a.phone),
          phoneIndex: pii.blindIndex('phone', a.phone),
          phoneMasked: maskPhone(a.phone),
          passwordHash,
          // Demo accounts skip the first-login password change (the start-up log says so).
          mustChangePassword: false,
          isDemo: true,
        })
        .returning({ id: users.id });
      await db.insert(userRoles).values({
        userId: u.id,
        roleId: roleId.get(a.role)!,
        placeId: a.place ? demo[a.place].id : null,
      });
    }
    // Dates in the registry (tenancies, visits due) are relative to the day the demo is loaded.
    const registry = await loadRegistryDemo(db, pii, demo, shanghaiToday(clock.now()), demoRegistryRandom());
    const grid = await loadGridDemo(db, pii, demo, clock.now(), seededRandom(DEMO_SEED + 2));
    const governance = await loadGovernanceDemo(db, files, demo, clock.now(), seededRandom(DEMO_SEED + 7));
    const { patrolTeamId, ...volunteers } = await loadVolunteersDemo(
      db,
      pii,
      demo,
      clock.now(),
      seededRandom(DEMO_SEED + 6),
    );
    const notices = await loadNoticesDemo(
      db,
      pii,
      demo,
      clock.now(),
      seededRandom(DEMO_SEED + 5),
      patrolTeamId,
    );
    const legal = await loadLegalDemo(db, pii, demo, clock.now(), seededRandom(DEMO_SEED + 4));
    const mediation = await loadMediationDemo(db, demo, clock.now(), seededRandom(DEMO_SEED + 3));
    const fire = await loadFireDemo(db, pii, demo, clock.now(), seededRandom(DEMO_SEED + 8));
    await audit.record(systemCtx('演示数据'), {
      action: 'demo.load',
      after: {
        ...{ places: demo.all.length, users: DEMO_ACCOUNTS.length, ...registry, ...grid },
        ...volunteers,
        ...notices,
        ...mediation,
        ...legal,
        ...governance,
        ...fire,
      },
    });
  });
  return demo;
}

export async function isEmpty(services: Pick<Services, 'db'>): Promise<boolean> {
  const [{ n }] = await services.db.select({ n: sql<number>`count(*)::int` }).from(users);
  return n === 0;
}
