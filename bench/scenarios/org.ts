// org: the place tree (街道 → 社区 → 小区 → 网格 → 微网格 → 楼栋 → 单元), staff accounts and their roles,
// and the org and session API calls. Until the registry lands, the tree is derived from the size's
// people and house counts (see deriveCounts).
import type { Random } from '../../demo/random.js';
import { createPiiCipher, maskPhone } from '../../src/server/platform/pii/index.js';
import type { PlaceKind } from '../../src/shared/places.js';
import { col } from '../lib/bulk.js';
import {
  COMMUNITY_WORDS,
  cnNumber,
  ESTATE_PREFIXES,
  ESTATE_SUFFIXES,
  personName,
  STREET_WORDS,
  spread,
  uniqueNames,
} from '../lib/names.js';
import type { SizeSpec } from '../lib/sizes.js';
import { defineModule, type GenContext, need } from '../lib/types.js';

export interface PlaceRef {
  id: string;
  parentId: string | null;
  kind: PlaceKind;
  code: string;
  name: string;
  path: string;
  depth: number;
}

export interface UserRef {
  id: string;
  username: string;
  displayName: string;
  role: string;
  /** Where the role is held; null for the system administrator. */
  place: PlaceRef | null;
  phoneMasked: string;
}

export interface OrgFixtures {
  counts: OrgCounts;
  all: PlaceRef[];
  streets: PlaceRef[];
  communities: PlaceRef[];
  estates: PlaceRef[];
  /** Grids directly under an estate; 微网格 (grids under grids) are in microGrids. */
  grids: PlaceRef[];
  microGrids: PlaceRef[];
  buildings: PlaceRef[];
  /** Where the registry will hang its houses. */
  units: PlaceRef[];
  users: UserRef[];
  /** Who and what the scenarios use: one street of the size, its admin, one of its grids and its worker. */
  bench: {
    street: PlaceRef;
    streetAdmin: UserRef;
    grid: PlaceRef;
    gridWorker: UserRef;
  };
}

declare module '../lib/types.js' {
  interface Fixtures {
    org: OrgFixtures;
  }
}

export interface OrgCounts {
  houses: number;
  buildings: number;
  grids: number;
  estates: number;
  communities: number;
  streets: number;
  users: number;
}

/** The foundation's tree and staff from a size's people and houses (ratios of a typical Chinese city). */
export function deriveCounts(size: Pick<SizeSpec, 'people' | 'houses'>): OrgCounts {
  const houses = size.houses;
  const estates = Math.max(1, Math.round(houses / 1_500));
  return {
    houses,
    buildings: Math.max(1, Math.round(houses / 60)),
    grids: Math.max(1, Math.round(houses / 300)),
    estates,
    communities: Math.max(1, Math.round(estates / 5)),
    streets: Math.max(1, Math.round(houses / 30_000)),
    users: Math.max(1, Math.round(size.people / 400)),
  };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function buildTree(rnd: Random, counts: OrgCounts, now: Date) {
  const all: PlaceRef[] = [];
  const byKind = {
    street: [] as PlaceRef[],
    community: [] as PlaceRef[],
    estate: [] as PlaceRef[],
    grid: [] as PlaceRef[],
    micro: [] as PlaceRef[],
    building: [] as PlaceRef[],
    unit: [] as PlaceRef[],
  };
  const rows: unknown[][] = [];
  const add = (parent: PlaceRef | null, kind: PlaceKind, code: string, name: string, sortOrder: number) => {
    const id = rnd.uuid();
    const p: PlaceRef = {
      id,
      parentId: parent?.id ?? null,
      kind,
      code,
      name,
      path: `${parent?.path ?? '/'}${id}/`,
      depth: (parent?.depth ?? -1) + 1,
    };
    // Places were set up over the last two years.
    const created = new Date(now.getTime() - (400 + rnd.int(0, 330)) * 86_400_000);
    rows.push([p.id, p.parentId, kind, code, name, sortOrder, p.path, p.depth, created, created]);
    all.push(p);
    return p;
  };

  const streetName = uniqueNames(rnd, STREET_WORDS);
  const communityName = uniqueNames(rnd, COMMUNITY_WORDS);
  const estatePrefix = uniqueNames(rnd, ESTATE_PREFIXES);
  const usedEstateNames = new Map<string, number>();

  // Each level is spread over the one above, with realistic unevenness; totals are exact.
  const communitiesPerStreet = spread(rnd, counts.communities, counts.streets);
  const estatesPerCommunity = spread(rnd, counts.estates, counts.communities);
  const gridsPerEstate = spread(rnd, counts.grids, counts.estates);
  const buildingsPerGrid = spread(rnd, counts.buildings, counts.grids);
  let c = 0;
  let e = 0;
  let g = 0;
  for (let s = 0; s < counts.streets; s++) {
    const street = add(null, 'street', `S${pad(s + 1, 2)}`, `${streetName()}街道`, s + 1);
    byKind.street.push(street);
    for (let ci = 0; ci < communitiesPerStreet[s]; ci++, c++) {
      const community = add(street, 'community', `C${pad(ci + 1, 2)}`, `${communityName()}社区`, ci + 1);
      byKind.community.push(community);
      for (let ei = 0; ei < estatesPerCommunity[c]; ei++, e++) {
        let name = `${estatePrefix().slice(0, 2)}${rnd.pick(ESTATE_SUFFIXES)}`;
        const seen = usedEstateNames.get(name) ?? 0;
        usedEstateNames.set(name, seen + 1);
        if (seen > 0) name = `${name}${cnNumber(seen + 1)}期`;
        const estate = add(community, 'estate', `E${pad(ei + 1, 3)}`, name, ei + 1);
        byKind.estate.push(estate);
        const short = name.slice(0, 2);
        let buildingNo = 1;
        for (let gi = 0; gi < gridsPerEstate[e]; gi++, g++) {
          const grid = add(estate, 'grid', `G${pad(gi + 1, 2)}`, `${short}第${cnNumber(gi + 1)}网格`, gi + 1);
          byKind.grid.push(grid);
          // 微网格: about two buildings each, buildings numbered through the estate.
          const buildings = buildingsPerGrid[g];
          const micros = Math.max(1, Math.ceil(buildings / 2));
          const perMicro = spread(rnd, buildings, micros, 0.5);
          for (let mi = 0; mi < micros; mi++) {
            const micro = add(grid, 'grid', `M${pad(mi + 1, 2)}`, `第${cnNumber(mi + 1)}微网格`, mi + 1);
            byKind.micro.push(micro);
            for (let bi = 0; bi < perMicro[mi]; bi++, buildingNo++) {
              const b = add(micro, 'building', `B${pad(buildingNo, 3)}`, `${buildingNo}栋`, buildingNo);
              byKind.building.push(b);
              const units = rnd.int(2, 4);
              for (let u = 1; u <= units; u++) byKind.unit.push(add(b, 'unit', `U${u}`, `${u}单元`, u));
            }
          }
        }
      }
    }
  }
  return { all, rows, byKind };
}

/** Staff per place, as a street is really staffed; the remainder of the people/400 budget goes to
 *  微网格员 (grid workers on sub-grids), then volunteers. Small sizes keep one of each post. */
function planStaff(rnd: Random, counts: OrgCounts, t: ReturnType<typeof buildTree>['byKind']) {
  const posts: { role: string; place: PlaceRef | null; prefix: string }[] = [];
  posts.push({ role: 'sysadmin', place: null, prefix: 'admin' });
  for (const s of t.street) {
    posts.push(
      { role: 'street_admin', place: s, prefix: 'jd' },
      { role: 'street_admin', place: s, prefix: 'jd' },
    );
    posts.push({ role: 'legal_advisor', place: s, prefix: 'fl' });
  }
  for (const c of t.community) {
    posts.push({ role: 'community_officer', place: c, prefix: 'sq' });
    posts.push({ role: 'community_officer', place: c, prefix: 'sq' });
    posts.push({ role: 'community_police', place: c, prefix: 'mj' });
    posts.push({ role: 'mediator', place: c, prefix: 'tj' });
  }
  for (const e of t.estate) {
    posts.push({ role: 'security_guard', place: e, prefix: 'ba' });
    posts.push({ role: 'owners_committee', place: e, prefix: 'yw' });
  }
  for (const g of t.grid) posts.push({ role: 'grid_worker', place: g, prefix: 'wg' });
  let left = counts.users - posts.length;
  const extra = sample(t.micro, Math.max(0, Math.min(left, t.micro.length)));
  for (const m of extra) posts.push({ role: 'grid_worker', place: m, prefix: 'wg' });
  left -= extra.length;
  for (; left > 0; left--) posts.push({ role: 'volunteer', place: rnd.pick(t.estate), prefix: 'zy' });
  return posts;
}

async function generate(ctx: GenContext): Promise<void> {
  const { rnd, now } = ctx;
  const counts = deriveCounts(ctx.size);
  const tree = buildTree(rnd, counts, now);
  await ctx.insert(
    'places',
    [
      col('id', 'uuid'),
      col('parent_id', 'uuid'),
      col('kind', 'text'),
      col('code', 'text'),
      col('name', 'text'),
      col('sort_order', 'int'),
      col('path', 'text'),
      col('depth', 'int'),
      col('created_at', 'timestamptz'),
      col('updated_at', 'timestamptz'),
    ],
    tree.rows,
  );
  ctx.log(`places ${tree.all.length}`);

  const roleRows = await ctx.sql.query<{ id: string; code: string }>('select id, code from roles');
  const roleId = new Map(roleRows.rows.map((r) => [r.code, r.id]));
  const pii = createPiiCipher(ctx.secretKey);
  const seq = new Map<string, number>();
  const users: UserRef[] = [];
  const userRows: unknown[][] = [];
  const grantRows: unknown[][] = [];
  for (const [i, post] of planStaff(rnd, counts, tree.byKind).entries()) {
    const n = (seq.get(post.prefix) ?? 0) + 1;
    seq.set(post.prefix, n);
    const username = post.prefix === 'admin' ? 'admin' : `${post.prefix}${pad(n, 4)}`;
    // 199-0xxx-xxxx: a range no real subscriber holds (as in the demo).
    const phone = `1990${pad(i + 1, 7)}`;
    const u: UserRef = {
      id: rnd.uuid(),
      username,
      displayName: personName(rnd),
      role: post.role,
      place: post.place,
      phoneMasked: maskPhone(phone),
    };
    users.push(u);
    const created = new Date(now.getTime() - rnd.int(60, 700) * 86_400_000);
    const lastLogin = new Date(now.getTime() - rnd.int(1, 72) * 3_600_000);
    userRows.push([
      u.id,
      username,
      u.displayName,
      pii.encrypt(phone),
      pii.blindIndex('phone', phone),
      u.phoneMasked,
      ctx.passwordHash,
      true,
      false,
      lastLogin,
      created,
      created,
    ]);
    const role = roleId.get(post.role);
    if (!role) throw new Error(`built-in role ${post.role} is missing`);
    grantRows.push([rnd.uuid(), u.id, role, post.place?.id ?? null, created]);
  }
  await ctx.insert(
    'users',
    [
      col('id', 'uuid'),
      col('username', 'text'),
      col('display_name', 'text'),
      col('phone_enc', 'text'),
      col('phone_index', 'text'),
      col('phone_masked', 'text'),
      col('password_hash', 'text'),
      col('active', 'bool'),
      col('must_change_password', 'bool'),
      col('last_login_at', 'timestamptz'),
      col('created_at', 'timestamptz'),
      col('updated_at', 'timestamptz'),
    ],
    userRows,
  );
  await ctx.insert(
    'user_roles',
    [
      col('id', 'uuid'),
      col('user_id', 'uuid'),
      col('role_id', 'uuid'),
      col('place_id', 'uuid'),
      col('created_at', 'timestamptz'),
    ],
    grantRows,
  );
  ctx.log(`users ${users.length}`);

  const street = tree.byKind.street[0];
  const streetAdmin = users.find((u) => u.role === 'street_admin' && u.place?.id === street.id)!;
  // A grid of that street with sub-grids: the worker's tree has three levels below it.
  const grid = tree.byKind.grid.find((g) => g.path.startsWith(street.path))!;
  const gridWorker = users.find((u) => u.role === 'grid_worker' && u.place?.id === grid.id)!;
  ctx.logins.street_admin = streetAdmin.username;
  ctx.logins.grid_worker = gridWorker.username;
  ctx.logins.sysadmin = 'admin';
  ctx.fixtures.org = {
    counts,
    all: tree.all,
    streets: tree.byKind.street,
    communities: tree.byKind.community,
    estates: tree.byKind.estate,
    grids: tree.byKind.grid,
    microGrids: tree.byKind.micro,
    buildings: tree.byKind.building,
    units: tree.byKind.unit,
    users,
    bench: { street, streetAdmin, grid, gridWorker },
  };
}

/** At most `n` items, evenly spaced through the list (deterministic). */
export function sample<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]);
}

const under = (p: PlaceRef) => (x: PlaceRef) => x.path.startsWith(p.path);
const q = encodeURIComponent;

function nonEmptyItems(body: unknown): string | undefined {
  const b = body as { items?: unknown[] };
  return Array.isArray(b.items) && b.items.length > 0 ? undefined : 'the answer has no items';
}

export default defineModule({
  name: 'org',
  generate,
  describe: (f) => {
    const o = need(f, 'org');
    return {
      '街道 streets': o.streets.length,
      '社区 communities': o.communities.length,
      '小区 estates': o.estates.length,
      '网格 grids': o.grids.length,
      '微网格 sub-grids': o.microGrids.length,
      '楼栋 buildings': o.buildings.length,
      '单元 units': o.units.length,
      '账号 accounts': o.users.length,
    };
  },
  scenarios: [
    {
      id: 'auth.me',
      title: '当前用户（会话解析）/ current user (session resolution)',
      as: 'street_admin',
      kind: 'session',
      paths: () => ['/api/v1/auth/me'],
    },
    {
      id: 'org.places.children',
      title: '区域树：小区的下级（街道管理员）/ tree: children of an estate (street admin)',
      as: 'street_admin',
      kind: 'list',
      paths: (f) => {
        const o = need(f, 'org');
        return sample(o.estates.filter(under(o.bench.street)), 50).map(
          (p) => `/api/v1/org/places?parentId=${p.id}`,
        );
      },
      check: nonEmptyItems,
    },
    {
      id: 'org.places.children.grid',
      title: '区域树：本网格的下级（网格员）/ tree: children within own grid (grid worker)',
      as: 'grid_worker',
      kind: 'list',
      paths: (f) => {
        const o = need(f, 'org');
        const g = o.bench.grid;
        const parents = [g, ...o.microGrids.filter((m) => m.parentId === g.id)];
        return parents.map((p) => `/api/v1/org/places?parentId=${p.id}`);
      },
      check: nonEmptyItems,
    },
    {
      id: 'org.places.search',
      title: '地点搜索：两个汉字（街道管理员）/ place search, 2 Chinese characters (street admin)',
      as: 'street_admin',
      kind: 'search',
      paths: (f) => {
        const o = need(f, 'org');
        const fragments = [
          ...new Set(o.estates.filter(under(o.bench.street)).map((e) => e.name.slice(0, 2))),
        ];
        return sample(fragments, 10).map((s) => `/api/v1/org/places?q=${q(s)}`);
      },
      check: nonEmptyItems,
    },
    {
      id: 'org.places.detail',
      title: '地点详情与上级链（网格员）/ place detail with ancestors (grid worker)',
      as: 'grid_worker',
      kind: 'detail',
      paths: (f) => {
        const o = need(f, 'org');
        const inGrid = under(o.bench.grid);
        const ids = [...o.buildings.filter(inGrid), ...o.units.filter(inGrid)];
        return sample(ids, 100).map((p) => `/api/v1/org/places/${p.id}`);
      },
    },
    {
      id: 'org.users.list',
      title: '用户列表第 1 页（街道管理员范围）/ user list, page 1 (street admin scope)',
      as: 'street_admin',
      kind: 'list',
      paths: () => ['/api/v1/org/users?page=1&pageSize=20'],
      check: nonEmptyItems,
    },
    {
      id: 'org.users.search',
      title: '用户搜索：姓名片段（街道管理员）/ user search by name fragment (street admin)',
      as: 'street_admin',
      kind: 'search',
      paths: (f) => {
        const o = need(f, 'org');
        const inStreet = o.users.filter((u) => u.place && under(o.bench.street)(u.place));
        const fragments = [...new Set(inStreet.map((u) => [...u.displayName].slice(0, 2).join('')))];
        return sample(fragments, 20).map((s) => `/api/v1/org/users?q=${q(s)}&page=1&pageSize=20`);
      },
      check: nonEmptyItems,
    },
  ],
});
