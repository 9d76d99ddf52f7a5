import { eq, sql } from 'drizzle-orm';
import { ADMIN_ROLE_CODE } from '../../../shared/roles.js';
import type { Services } from '../../app.js';
import { hashPassword } from '../../platform/auth/password.js';
import { systemCtx } from '../../platform/context.js';
import { conflict } from '../../platform/errors.js';
import { roles, userRoles, users } from './schema.js';

/** Creates the first system administrator; refused once one exists. */
export async function createFirstAdmin(
  { db, audit }: Pick<Services, 'db' | 'audit'>,
  input: { username: string; displayName: string; password: string },
): Promise<string> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async () => {
    const [role] = await db.select().from(roles).where(eq(roles.code, ADMIN_ROLE_CODE));
    const [{ n }] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(userRoles)
      .where(eq(userRoles.roleId, role.id));
    if (n > 0) throw conflict('ADMIN_EXISTS', '系统管理员已存在，请用管理员账号登录后在“用户管理”中添加用户');
    const [u] = await db
      .insert(users)
      .values({
        username: input.username.toLowerCase(),
        displayName: input.displayName,
        passwordHash,
        mustChangePassword: true,
      })
      .returning({ id: users.id });
    await db.insert(userRoles).values({ userId: u.id, roleId: role.id, placeId: null });
    await audit.record(systemCtx('安装程序'), {
      action: 'user.create',
      targetType: 'user',
      targetId: u.id,
      after: { username: input.username, role: ADMIN_ROLE_CODE },
    });
    return u.id;
  });
}
