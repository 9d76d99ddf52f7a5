import { describe, expect, it } from 'vitest';
import { Actor, type Grant } from './actor.js';

const grant = (permissions: string[], path: string | null): Grant => ({
  roleId: 'r',
  roleCode: 'x',
  roleName: 'x',
  permissions: new Set(permissions),
  place: path === null ? null : { id: path, name: path, kind: 'community', path },
});

describe('Actor scope', () => {
  it('limits each permission to the places where a role grants it', () => {
    const a = new Actor('u', 'u', 'U', false, [
      grant(['org.place.read', 'org.user.manage'], '/s/c1/'),
      grant(['org.place.read'], '/s/c2/g1/'),
    ]);
    expect(a.scope('org.place.read')).toEqual(['/s/c1/', '/s/c2/g1/']);
    expect(a.scope('org.user.manage')).toEqual(['/s/c1/']);
    expect(a.inScope('org.user.manage', '/s/c2/g1/b1/')).toBe(false);
    expect(a.inScope('org.place.read', '/s/c2/g1/b1/')).toBe(true);
    expect(a.inScope('org.place.read', '/s/c2/')).toBe(false);
    expect(a.can('audit.read')).toBe(false);
  });

  it('drops paths already covered by a wider one', () => {
    const a = new Actor('u', 'u', 'U', false, [
      grant(['org.place.read'], '/s/c1/e1/'),
      grant(['org.place.read'], '/s/c1/'),
    ]);
    expect(a.scope('org.place.read')).toEqual(['/s/c1/']);
  });

  it('a role held without a place reaches everywhere', () => {
    const a = new Actor('u', 'u', 'U', false, [grant(['audit.read'], null)]);
    expect(a.scope('audit.read')).toBe('all');
    expect(a.global).toBe(true);
    expect(a.inScope('audit.read', null)).toBe(true);
  });

  it('a path that merely shares a prefix of characters is not inside', () => {
    const a = new Actor('u', 'u', 'U', false, [grant(['org.place.read'], '/s/c1/')]);
    expect(a.inScope('org.place.read', '/s/c10/')).toBe(false);
  });

  it('out of scope throws a 404, never a 403', () => {
    const a = new Actor('u', 'u', 'U', false, []);
    expect(() => a.assertInScope('org.place.read', '/s/')).toThrow(expect.objectContaining({ status: 404 }));
  });
});
