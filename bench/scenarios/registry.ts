// registry: the housing and population registry (以房管人) on top of the org generator's tree —
// houses under its units (floors × houses per floor; one building in twelve is a 33-floor tower),
// the people living in them (about 2.5 per house, sized to the size's people count exactly), their
// residencies (with some history), owners, tenancies, floating people without a home, special and
// care cases with visits — and the registry's search kinds, 楼盘表, scoped list and stats under
// the targets of issue #4 (4 concurrent clients; p95 ≤ 20 ms on PostgreSQL at the district size,
// ≤ 30 ms on PGlite; the 楼盘表 of a 33-floor building ≤ 50 ms).
//
// Derived columns come from the app's own code (src/server/modules/registry/text.ts): name grams
// and pinyin from nameFields, encrypted/indexed/masked ID and phone from personPii with the
// benchmark's secret key (every person gets the full set of pii_keys: ID, ID tails of 4–17 digits,
// phone, phone tail), address keys from addressKey.
import type { Random } from '../../demo/random.js';
import { addressKey, nameFields, personPii, piiQueryKeys } from '../../src/server/modules/registry/text.js';
import { createPiiCipher, makeCitizenId } from '../../src/server/platform/pii/index.js';
import { type BulkColumn, col } from '../lib/bulk.js';
import { defineModule, type GenContext, need, type Scenario } from '../lib/types.js';
import type { PlaceRef, UserRef } from './org.js';
import { sample } from './org.js';

// ── names ──────────────────────────────────────────────────────────────────────────────────────
// Surname frequencies per mille (2020 census ranking, rounded; a few two-character surnames kept
// rare). Given names: one or two characters from gendered pools with Zipf-like weights, so that a
// two-character fragment (surname + first given character, or a given name) matches a handful to a
// few hundred people in a district of a million — not thousands.
const SURNAMES_WEIGHTED =
  '王:71 李:70 张:67 刘:54 陈:46 杨:31 黄:25 赵:23 吴:20 周:19 徐:15 孙:15 马:13 朱:13 胡:13 郭:11 何:11 ' +
  '林:10 罗:10 高:10 郑:9 梁:8 谢:8 宋:6 唐:6 许:6 韩:6 冯:6 邓:6 曹:5 彭:6 曾:5 肖:5 田:5 董:5 袁:4 ' +
  '潘:4 于:4 蒋:4 蔡:4 余:4 杜:4 叶:4 程:4 苏:3 魏:3 吕:3 丁:3 任:3 沈:3 姚:3 卢:3 姜:3 崔:3 钟:3 ' +
  '谭:6 陆:3 汪:3 范:3 金:3 石:2 廖:2 贾:2 夏:2 韦:2 付:2 方:2 白:2 邹:2 孟:2 熊:4 秦:2 邱:2 江:2 尹:2 ' +
  '薛:2 段:2 雷:2 侯:2 龙:2 史:2 陶:2 黎:2 贺:2 顾:1 毛:1 郝:1 龚:1 邵:1 万:1 钱:1 严:1 覃:1 武:1 ' +
  '戴:1 莫:1 孔:1 向:4 汤:1 冉:3 牟:2 况:1 舒:1 游:1 母:1 欧阳:0.5 司马:0.3 上官:0.2 诸葛:0.1';

const GIVEN_MALE = Array.from(
  '伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆旭宁龙林阳建国志海东亮成文晓小永德春金荣庆兴福生新峰晨博' +
    '子轩然睿泽航豪熙铭宸皓逸凡墨嘉天佑昊霖瑞锦毅剑松源洪江山川远思诚安康乐君宏伦坤鸿振中方清彬立顺兵武雄' +
    '光辰翔宣胜森柏楠祥贵富发忠义仁礼智信良才',
);
const GIVEN_FEMALE = Array.from(
  '芳娜敏静丽艳娟霞秀英兰玲桂梅燕红琳婷雪慧颖倩洁莉丹萍蓉琴晶妍欣怡涵萱诗雨桐可馨思彤若汐佳语嫣紫梦琪沐晴' +
    '晓小春美玉珍凤华淑素云翠莲菊香月露瑶璐薇岚宁婉清雅文姗娴媛悦心诺一依然安乐蕾珊青秋冬柳荷彩虹嘉琦瑾瑜璇' +
    '蓓蕊芝芬茜菲蔓菁',
);

/** Cumulative weights for a weighted pick by binary search. */
function weighted<T>(items: readonly { v: T; w: number }[]) {
  const cum: number[] = [];
  let total = 0;
  for (const it of items) {
    total += it.w;
    cum.push(total);
  }
  return (rnd: Random): T => {
    const x = rnd.next() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo].v;
  };
}

const pickSurname = weighted(
  SURNAMES_WEIGHTED.split(' ').map((s) => {
    const [v, w] = s.split(':');
    return { v, w: Number(w) };
  }),
);
const zipf = (chars: readonly string[]) => weighted(chars.map((v, i) => ({ v, w: 1 / (i + 4) })));
const pickMale = zipf(GIVEN_MALE);
const pickFemale = zipf(GIVEN_FEMALE);

function personName(rnd: Random, gender: 'male' | 'female'): string {
  const pick = gender === 'male' ? pickMale : pickFemale;
  const first = pick(rnd);
  if (rnd.next() < 0.22) return `${pickSurname(rnd)}${first}`;
  let second = pick(rnd);
  while (second === first) second = pick(rnd);
  return `${pickSurname(rnd)}${first}${second}`;
}

/** nameFields (pinyin-pro) for repeated names once; bounded. */
const nameCache = new Map<string, ReturnType<typeof nameFields>>();
function fieldsOf(name: string) {
  let f = nameCache.get(name);
  if (!f) {
    if (nameCache.size > 200_000) nameCache.clear();
    f = nameFields(name);
    nameCache.set(name, f);
  }
  return f;
}

// ── identity numbers ─────────────────────────────────────────────────────────────────────────────
/** The local county (綦江, Chongqing) and where floating residents come from (GB/T 2260 codes). */
const LOCAL_REGIONS = ['500222', '500110', '500112'] as const;
const ORIGIN_REGIONS = [
  '500113',
  '510623',
  '511602',
  '520203',
  '430521',
  '420116',
  '410522',
  '341221',
  '360731',
  '450881',
  '530102',
  '610422',
  '370725',
  '511304',
  '522401',
  '510922',
] as const;
const REGIONS = [...LOCAL_REGIONS, ...ORIGIN_REGIONS];
const LOCAL_HUKOU = [
  '重庆市綦江区古南街道',
  '重庆市綦江区文龙街道',
  '重庆市綦江区三江街道',
  '重庆市万盛区万东镇',
];
const ORIGIN_HUKOU: Record<string, string> = {
  '500113': '重庆市巴南区',
  '510623': '四川省德阳市中江县',
  '511602': '四川省广安市广安区',
  '520203': '贵州省六盘水市六枝特区',
  '430521': '湖南省邵阳市邵东县',
  '420116': '湖北省武汉市黄陂区',
  '410522': '河南省安阳市安阳县',
  '341221': '安徽省阜阳市临泉县',
  '360731': '江西省赣州市于都县',
  '450881': '广西壮族自治区桂平市',
  '530102': '云南省昆明市五华区',
  '610422': '陕西省咸阳市三原县',
  '370725': '山东省潍坊市昌乐县',
  '511304': '四川省南充市嘉陵区',
  '522401': '贵州省毕节市七星关区',
  '510922': '四川省遂宁市射洪县',
};
const ETHNIC = weighted([
  { v: '汉族', w: 940 },
  { v: '土家族', w: 25 },
  { v: '苗族', w: 15 },
  { v: '回族', w: 6 },
  { v: '彝族', w: 5 },
  { v: '满族', w: 4 },
  { v: '壮族', w: 5 },
]);
const PHONE_PREFIXES = [
  '138',
  '139',
  '135',
  '136',
  '137',
  '150',
  '151',
  '152',
  '158',
  '159',
  '182',
  '183',
  '187',
  '188',
  '130',
  '131',
  '132',
  '155',
  '156',
  '185',
  '186',
  '133',
  '153',
  '180',
  '181',
  '189',
  '177',
  '166',
  '191',
  '173',
];

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const pad = (n: number, w: number) => String(n).padStart(w, '0');

// ── layout ───────────────────────────────────────────────────────────────────────────────────────
const TALL_FLOORS = 33;
/** One building in this many is a 33-floor tower (the first of each estate's run of twelve). */
const TALL_EVERY = 12;
const PER_FLOOR = 2;

type Use = 'self' | 'rent' | 'vacant' | 'commercial' | 'other';

export interface RegistryFixtures {
  houses: number;
  occupied: number;
  people: number;
  homeless: number;
  tenancies: number;
  cases: number;
  /** 33-floor buildings (all of them) and those of the bench street. */
  tallBuildings: number;
  benchTall: PlaceRef[];
  /** Query values taken from people and houses of the bench street (the street admin's scope). */
  search: {
    name2: string[];
    pinyin: string[];
    initials: string[];
    idTails: string[];
    phones: string[];
    /** '3栋2单元501' of occupied houses (people search) and of any house (house search). */
    personAddresses: string[];
    houseAddresses: string[];
  };
  /** Grids (网格, not 微网格) and estates of the bench street. */
  benchGrids: PlaceRef[];
  benchEstates: PlaceRef[];
}

declare module '../lib/types.js' {
  interface Fixtures {
    registry: RegistryFixtures;
  }
}

const HOUSE_COLUMNS: readonly BulkColumn[] = [
  col('id', 'uuid'),
  col('unit_id', 'uuid'),
  col('place_path', 'text'),
  col('floor', 'int'),
  col('number', 'text'),
  col('address_key', 'text'),
  col('area', 'numeric'),
  col('use', 'text'),
  col('tags', 'text[]'),
  col('created_at', 'timestamptz'),
  col('updated_at', 'timestamptz'),
];
const PEOPLE_COLUMNS: readonly BulkColumn[] = [
  col('id', 'uuid'),
  col('name', 'text'),
  col('name_grams', 'text[]'),
  col('name_pinyin', 'text'),
  col('name_initials', 'text'),
  col('gender', 'text'),
  col('birth_date', 'date'),
  col('id_type', 'text'),
  col('id_enc', 'text'),
  col('id_index', 'text'),
  col('id_masked', 'text'),
  col('phone_enc', 'text'),
  col('phone_masked', 'text'),
  col('pii_keys', 'text[]'),
  col('ethnicity', 'text'),
  col('hukou_address', 'text'),
  col('population_type', 'text'),
  col('tags', 'text[]'),
  col('house_id', 'uuid'),
  col('place_id', 'uuid'),
  col('place_path', 'text'),
  col('created_at', 'timestamptz'),
  col('updated_at', 'timestamptz'),
];
const RESIDENCY_COLUMNS: readonly BulkColumn[] = [
  col('id', 'uuid'),
  col('person_id', 'uuid'),
  col('house_id', 'uuid'),
  col('relation', 'text'),
  col('move_in', 'date'),
  col('move_out', 'date'),
  col('place_path', 'text'),
  col('created_at', 'timestamptz'),
  col('updated_at', 'timestamptz'),
];
const OWNER_COLUMNS: readonly BulkColumn[] = [
  col('house_id', 'uuid'),
  col('person_id', 'uuid'),
  col('share', 'numeric'),
  col('created_at', 'timestamptz'),
];
const TENANCY_COLUMNS: readonly BulkColumn[] = [
  col('id', 'uuid'),
  col('house_id', 'uuid'),
  col('landlord_id', 'uuid'),
  col('landlord_name', 'text'),
  col('start_date', 'date'),
  col('end_date', 'date'),
  col('ended_on', 'date'),
  col('purpose', 'text'),
  col('registered_by', 'uuid'),
  col('registered_by_name', 'text'),
  col('registered_at', 'timestamptz'),
  col('place_path', 'text'),
  col('updated_at', 'timestamptz'),
];
const TENANT_COLUMNS: readonly BulkColumn[] = [col('tenancy_id', 'uuid'), col('person_id', 'uuid')];
const CASE_COLUMNS: readonly BulkColumn[] = [
  col('id', 'uuid'),
  col('kind', 'text'),
  col('person_id', 'uuid'),
  col('group', 'text'),
  col('attention', 'text'),
  col('level', 'int'),
  col('details', 'jsonb'),
  col('responsible_id', 'uuid'),
  col('responsible_name', 'text'),
  col('plan', 'text'),
  col('visit_every_days', 'int'),
  col('started_on', 'date'),
  col('last_visit_on', 'date'),
  col('next_visit_due', 'date'),
  col('place_path', 'text'),
  col('created_at', 'timestamptz'),
  col('updated_at', 'timestamptz'),
];
const VISIT_COLUMNS: readonly BulkColumn[] = [
  col('id', 'uuid'),
  col('case_id', 'uuid'),
  col('visited_on', 'date'),
  col('visitor_id', 'uuid'),
  col('visitor_name', 'text'),
  col('findings', 'text'),
  col('help', 'text'),
  col('place_path', 'text'),
  col('created_at', 'timestamptz'),
];

const SPECIAL = weighted([
  { v: 'released', w: 30 },
  { v: 'correction', w: 20 },
  { v: 'mental', w: 25 },
  { v: 'drug', w: 10 },
  { v: 'aids', w: 3 },
  { v: 'youth', w: 7 },
  { v: 'petition', w: 5 },
]);
const FINDINGS = [
  '本人在家，情绪稳定，生活正常',
  '与家属沟通，近期无异常',
  '电话联系本人，按时报到',
  '家中无人，已与邻居了解情况',
  '身体状况良好，已提醒按时服药',
  '反映家中漏水，已联系物业',
];

/** A house being filled: what the people pass needs of it. */
interface HouseSlot {
  id: string;
  unit: PlaceRef;
  use: Use;
  address: string;
  bench: boolean;
}

const REGISTRY_TABLES = [
  'houses',
  'people',
  'residencies',
  'house_owners',
  'tenancies',
  'tenancy_tenants',
  'group_cases',
  'case_visits',
];

/**
 * Bulk loading the way a large import would: the tables' secondary indexes (not those behind
 * primary keys) are dropped first and rebuilt afterwards from their own definitions
 * (pg_indexes.indexdef), so the schema ends exactly as the migration made it. Building the GIN
 * indexes (name grams, ~17 blind-index keys per person) once is many times cheaper than
 * maintaining them row by row. A unique index that cannot be rebuilt fails the generation.
 */
async function withoutIndexes(ctx: GenContext, tables: readonly string[], fn: () => Promise<void>) {
  const { rows } = await ctx.sql.query<{ name: string; def: string }>(
    `select i.indexname as name, i.indexdef as def from pg_indexes i
      where i.schemaname = 'public' and i.tablename = any($1::text[])
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
      order by i.tablename, i.indexname`,
    [tables],
  );
  for (const r of rows) await ctx.sql.query(`drop index "${r.name.replace(/"/g, '""')}"`);
  await fn();
  const t = performance.now();
  for (const r of rows) {
    // PostgreSQL: one round trip on one pooled connection, with memory for the sort.
    await ctx.sql.query(
      ctx.driver === 'postgresql'
        ? `set maintenance_work_mem = '512MB'; ${r.def}; reset maintenance_work_mem`
        : r.def,
    );
  }
  ctx.log(`${rows.length} indexes rebuilt in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

async function generate(ctx: GenContext): Promise<void> {
  await withoutIndexes(ctx, REGISTRY_TABLES, () => fill(ctx));
}

async function fill(ctx: GenContext): Promise<void> {
  const { rnd, now } = ctx;
  const org = need(ctx.fixtures, 'org');
  const pii = createPiiCipher(ctx.secretKey);
  const benchStreet = org.bench.street;
  const inBench = (p: PlaceRef) => p.path.startsWith(benchStreet.path);

  // ── houses ──
  const unitsOf = new Map<string, PlaceRef[]>();
  for (const u of org.units) {
    const list = unitsOf.get(u.parentId!) ?? [];
    list.push(u);
    unitsOf.set(u.parentId!, list);
  }
  // Buildings are numbered through each estate (1栋, 2栋 …): the first of every twelve is a tower.
  const buildingNo = (b: PlaceRef) => Number(/^(\d+)/.exec(b.name)?.[1] ?? '1');
  const isTall = (b: PlaceRef) => (buildingNo(b) - 1) % TALL_EVERY === 0;
  const tall = org.buildings.filter(isTall);
  const low = org.buildings.filter((b) => !isTall(b));
  const tallHouses = tall.reduce((s, b) => s + unitsOf.get(b.id)!.length * TALL_FLOORS * PER_FLOOR, 0);
  const lowUnits = low.reduce((s, b) => s + unitsOf.get(b.id)!.length, 0);
  // The rest of the size's houses over the other buildings: 2 per floor, the floors they take.
  const perLowUnit = Math.max(PER_FLOOR, (ctx.size.houses - tallHouses) / Math.max(1, lowUnits));
  const floorsOf = new Map<string, number>();
  let carry = 0;
  for (const b of low) {
    const exact = perLowUnit / PER_FLOOR + carry + (rnd.next() - 0.5) * 4;
    const floors = Math.max(2, Math.min(18, Math.round(exact)));
    carry = exact - floors;
    floorsOf.set(b.id, floors);
  }
  for (const b of tall) floorsOf.set(b.id, TALL_FLOORS);

  const slots: HouseSlot[] = [];
  const created = (daysAgoMin: number, daysAgoMax: number) =>
    new Date(now.getTime() - rnd.int(daysAgoMin, daysAgoMax) * DAY);
  function* houseRows() {
    for (const b of org.buildings) {
      const floors = floorsOf.get(b.id)!;
      const units = unitsOf.get(b.id) ?? [];
      const areas = Array.from({ length: PER_FLOOR }, () => rnd.int(5_500, 14_000));
      const bench = inBench(b);
      for (const u of units) {
        for (let f = 1; f <= floors; f++) {
          for (let pos = 1; pos <= PER_FLOOR; pos++) {
            const r = rnd.next();
            const use: Use =
              f === 1 && r < 0.05
                ? 'commercial'
                : r < 0.09
                  ? 'vacant'
                  : r < 0.23
                    ? 'rent'
                    : r < 0.235
                      ? 'other'
                      : 'self';
            const number = `${f}${pad(pos, 2)}`;
            const id = rnd.uuid();
            slots.push({ id, unit: u, use, address: `${b.name}${u.name}${number}`, bench });
            const at = created(200, 900);
            const a = areas[pos - 1] + rnd.int(-200, 200);
            yield [
              id,
              u.id,
              u.path,
              f,
              number,
              addressKey(b.name, u.name, number),
              `${Math.floor(a / 100)}.${pad(a % 100, 2)}`,
              use,
              rnd.next() < 0.01 ? ['群租风险'] : [],
              at,
              at,
            ];
          }
        }
      }
    }
  }
  const houseCount = await ctx.insert('houses', HOUSE_COLUMNS, houseRows());
  ctx.log(`houses ${houseCount} (${tall.length} buildings of ${TALL_FLOORS} floors)`);

  // ── household sizes, exactly the size's people ──
  const homeless = Math.round(ctx.size.people * 0.012);
  const target = ctx.size.people - homeless;
  const sizes = new Uint8Array(slots.length);
  const occupiedIdx: number[] = [];
  const HOUSEHOLD = weighted([
    { v: 1, w: 15 },
    { v: 2, w: 30 },
    { v: 3, w: 29 },
    { v: 4, w: 16 },
    { v: 5, w: 7 },
    { v: 6, w: 3 },
  ]);
  let total = 0;
  for (const [i, s] of slots.entries()) {
    if (s.use === 'self' || s.use === 'rent') {
      sizes[i] = HOUSEHOLD(rnd);
      total += sizes[i];
      occupiedIdx.push(i);
    }
  }
  if (occupiedIdx.length === 0) throw new Error('registry: no occupied houses');
  for (let guard = 0; total !== target && guard < 50 * ctx.size.people; guard++) {
    const i = occupiedIdx[Math.floor(rnd.next() * occupiedIdx.length)];
    if (total < target && sizes[i] < 9) {
      sizes[i] += 1;
      total += 1;
    } else if (total > target && sizes[i] > 1) {
      sizes[i] -= 1;
      total -= 1;
    }
  }

  // ── who is responsible where: the grid worker of a person's 微网格 or 网格 ──
  const workerAt = new Map<string, UserRef>();
  for (const u of org.users) if (u.role === 'grid_worker' && u.place) workerAt.set(u.place.id, u);
  const fallbackWorker = org.bench.gridWorker;
  const workerCache = new Map<string, UserRef>();
  const workerFor = (path: string): UserRef => {
    let w = workerCache.get(path);
    if (!w) {
      const ids = path.split('/').filter(Boolean).reverse();
      w = ids.map((id) => workerAt.get(id)).find(Boolean) ?? fallbackWorker;
      workerCache.set(path, w);
    }
    return w;
  };

  // ── people, house by house ──
  const refYear = now.getUTCFullYear();
  const seqUsed = new Uint16Array(REGIONS.length * 2 * 366 * 110);
  const firstYear = refYear - 105;
  let personNo = 0;
  const search = {
    name2: [] as string[],
    pinyin: [] as string[],
    initials: [] as string[],
    idTails: [] as string[],
    phones: [] as string[],
    personAddresses: [] as string[],
    houseAddresses: [] as string[],
  };
  // Every k-th person of the bench street leaves its values for the search scenarios.
  const benchHouses = slots.filter((s) => s.bench).length;
  const benchPeopleEstimate = Math.max(1, (target * benchHouses) / slots.length);
  const stride = Math.max(1, Math.floor(benchPeopleEstimate / 300));
  let benchSeen = 0;
  const counts = { tenancies: 0, cases: 0, visits: 0, residencies: 0, owners: 0 };

  interface Person {
    id: string;
    name: string;
    gender: 'male' | 'female';
    birth: string;
    type: 'registered' | 'floating' | 'overseas' | 'left_behind';
  }

  // Rows of the current chunk, per table (inserted in FK order every CHUNK houses).
  let peopleRows: unknown[][] = [];
  let residencyRows: unknown[][] = [];
  let ownerRows: unknown[][] = [];
  let tenancyRows: unknown[][] = [];
  let tenantRows: unknown[][] = [];
  let caseRows: unknown[][] = [];
  let visitRows: unknown[][] = [];
  // Where the time goes: database inserts per table vs building the rows (names, encryption).
  const insertMs: Record<string, number> = {};
  let piiMs = 0;
  const timed = async (table: string, columns: readonly BulkColumn[], rows: unknown[][]) => {
    const t = performance.now();
    await ctx.insert(table, columns, rows);
    insertMs[table] = (insertMs[table] ?? 0) + performance.now() - t;
  };
  // One chunk is written (in FK order) while the next one is built: the database and the
  // encryption work overlap. At most one chunk is in flight, so memory stays bounded.
  let inFlight: Promise<void> = Promise.resolve();
  const flush = async () => {
    await inFlight;
    const [p, r, o, t, tt, c, v] = [
      peopleRows,
      residencyRows,
      ownerRows,
      tenancyRows,
      tenantRows,
      caseRows,
      visitRows,
    ];
    counts.residencies += r.length;
    counts.owners += o.length;
    inFlight = (async () => {
      await timed('people', PEOPLE_COLUMNS, p);
      await timed('residencies', RESIDENCY_COLUMNS, r);
      await timed('house_owners', OWNER_COLUMNS, o);
      await timed('tenancies', TENANCY_COLUMNS, t);
      await timed('tenancy_tenants', TENANT_COLUMNS, tt);
      await timed('group_cases', CASE_COLUMNS, c);
      await timed('case_visits', VISIT_COLUMNS, v);
    })();
    // A failed insert surfaces at the next flush (or the last one); never unhandled meanwhile.
    inFlight.catch(() => {});
    peopleRows = [];
    residencyRows = [];
    ownerRows = [];
    tenancyRows = [];
    tenantRows = [];
    caseRows = [];
    visitRows = [];
  };

  /** A birth date for an age in whole years. */
  const birthFor = (age: number) => {
    const y = refYear - Math.max(0, Math.min(104, age)) - 1;
    const start = Date.UTC(y, 0, 1);
    return iso(start + rnd.int(0, 364) * DAY);
  };
  /** A valid, unique citizen ID for a birth date, region and gender (and the date it carries). */
  const citizenId = (region: number, birth: string, gender: 'male' | 'female') => {
    let t = Date.parse(`${birth}T00:00:00Z`);
    for (;;) {
      const d = new Date(t);
      const slot =
        ((region * 110 + (d.getUTCFullYear() - firstYear)) * 366 + dayOfYear(d)) * 2 +
        (gender === 'male' ? 1 : 0);
      const k = seqUsed[slot];
      if (k < 500) {
        seqUsed[slot] = k + 1;
        const date = iso(t);
        // The k-th person of a county, day and sex gets a sequence spread over 000–999 (a start
        // derived from the slot, steps of 7: distinct for k < 500), as real sequence codes are —
        // so that ID tails (last 4–6 digits) are as selective as in real data.
        const spreadK = (((Math.imul(slot, 2_654_435_761) >>> 0) % 500) + k * 7) % 500;
        return { id: makeCitizenId(REGIONS[region], date, spreadK * 2 + (gender === 'male' ? 1 : 0)), date };
      }
      t += DAY; // 500 people of one sex born on one day in one county: the next day
    }
  };
  const phoneFor = (n: number) =>
    `${PHONE_PREFIXES[n % PHONE_PREFIXES.length]}${pad((n * 48_271 + 12_345) % 100_000_000, 8)}`;

  // Owners of houses they do not live in, and former homes: recent people and houses.
  const recentHeads: { id: string; name: string }[] = [];
  const recentHouses: { id: string; path: string }[] = [];

  const addPerson = (
    p: Person,
    home: { slot: HouseSlot; relation: string; moveIn: string } | null,
    place: PlaceRef,
  ) => {
    const no = personNo++;
    const age = refYear - Number(p.birth.slice(0, 4));
    const local = p.type === 'registered' || p.type === 'left_behind';
    let idType = 'resident_id';
    let idNumber: string | null = null;
    let region = 0;
    let birth = p.birth;
    if (p.type === 'overseas') {
      idType = 'passport';
      idNumber = `E${pad((no * 7_919) % 100_000_000, 8)}`;
    } else if (rnd.next() > 0.015) {
      region = local ? rnd.int(0, LOCAL_REGIONS.length - 1) : rnd.int(0, REGIONS.length - 1);
      const c = citizenId(region, p.birth, p.gender);
      idNumber = c.id;
      birth = c.date;
    }
    const hasPhone = age >= 14 && (age < 80 || rnd.next() < 0.5);
    const phone = hasPhone ? phoneFor(no) : null;
    const f = fieldsOf(p.name);
    const tPii = performance.now();
    const enc = personPii(pii, idNumber, phone);
    piiMs += performance.now() - tPii;
    const hukou = local
      ? rnd.pick(LOCAL_HUKOU)
      : p.type === 'overseas'
        ? ''
        : (ORIGIN_HUKOU[REGIONS[region]] ?? '四川省');
    const at = new Date(now.getTime() - rnd.int(10, 800) * DAY);
    const tags = rnd.next() < 0.02 ? ['党员'] : rnd.next() < 0.01 ? ['退役军人'] : [];
    peopleRows.push([
      p.id,
      p.name,
      f.nameGrams,
      f.namePinyin,
      f.nameInitials,
      p.gender,
      birth,
      idType,
      enc.idEnc,
      enc.idIndex,
      enc.idMasked,
      enc.phoneEnc,
      enc.phoneMasked,
      enc.piiKeys,
      p.type === 'overseas' ? '' : ETHNIC(rnd),
      hukou,
      p.type,
      tags,
      home?.slot.id ?? null,
      place.id,
      place.path,
      at,
      at,
    ]);
    if (home) {
      residencyRows.push([
        rnd.uuid(),
        p.id,
        home.slot.id,
        home.relation,
        home.moveIn,
        null,
        home.slot.unit.path,
        at,
        at,
      ]);
      // Some lived somewhere else in the registry before.
      if (recentHouses.length > 50 && rnd.next() < 0.04) {
        const prev = recentHouses[rnd.int(0, recentHouses.length - 1)];
        if (prev.id !== home.slot.id) {
          const out = Date.parse(`${home.moveIn}T00:00:00Z`) - rnd.int(1, 60) * DAY;
          residencyRows.push([
            rnd.uuid(),
            p.id,
            prev.id,
            home.relation === 'tenant' ? 'tenant' : 'relative',
            iso(out - rnd.int(200, 2_000) * DAY),
            iso(out),
            prev.path,
            at,
            at,
          ]);
        }
      }
      if (home.slot.bench && benchSeen++ % stride === 0) collect(p, f, idNumber, phone, home.slot);
    }
    addCases(p, age, place.path);
  };

  const collect = (
    p: Person,
    f: ReturnType<typeof nameFields>,
    idNumber: string | null,
    phone: string | null,
    slot: HouseSlot,
  ) => {
    const chars = Array.from(p.name);
    // What people type: surname + first given character, or a two-character given name.
    search.name2.push(
      chars.length >= 3 && rnd.next() < 0.4 ? chars.slice(-2).join('') : chars.slice(0, 2).join(''),
    );
    search.pinyin.push(f.namePinyin);
    search.initials.push(f.nameInitials);
    if (idNumber && /^\d{17}[\dX]$/.test(idNumber)) search.idTails.push(idNumber.slice(-rnd.int(4, 6)));
    if (phone) search.phones.push(phone);
    search.personAddresses.push(slot.address);
  };

  const addCases = (p: Person, age: number, path: string) => {
    const r = rnd.next();
    let kind: 'special' | 'care' | null = null;
    let group = '';
    if (age >= 18 && age < 65 && r < 0.003) {
      kind = 'special';
      group = SPECIAL(rnd);
    } else if (age >= 75 && r < 0.08) {
      kind = 'care';
      group = 'elderly_alone';
    } else if (r > 0.988) {
      kind = 'care';
      group = age < 16 ? 'left_behind_child' : rnd.pick(['dibao', 'disabled', 'hardship']);
    }
    if (!kind) return;
    const worker = workerFor(path);
    const id = rnd.uuid();
    const level = kind === 'care' ? rnd.int(1, 3) : null;
    const every =
      kind === 'care' ? ({ 1: 30, 2: 14, 3: 7 } as const)[level as 1 | 2 | 3] : rnd.pick([7, 14, 30]);
    const startedT = now.getTime() - rnd.int(60, 900) * DAY;
    const visits = rnd.int(0, 4);
    let last: number | null = null;
    for (let v = visits; v >= 1; v--) {
      const t = now.getTime() - (v * every + rnd.int(-2, 3)) * DAY;
      if (t < startedT) continue;
      last = t;
      visitRows.push([
        rnd.uuid(),
        id,
        iso(t),
        worker.id,
        worker.displayName,
        rnd.pick(FINDINGS),
        '',
        path,
        new Date(t),
      ]);
      counts.visits += 1;
    }
    const due = iso((last ?? startedT) + every * DAY);
    const at = new Date(startedT);
    caseRows.push([
      id,
      kind,
      p.id,
      group,
      kind === 'special' ? rnd.pick(['high', 'medium', 'low']) : null,
      level,
      {},
      worker.id,
      worker.displayName,
      '',
      every,
      iso(startedT),
      last === null ? null : iso(last),
      due,
      path,
      at,
      at,
    ]);
    counts.cases += 1;
  };

  const person = (type: Person['type'], gender: 'male' | 'female', age: number): Person => ({
    id: rnd.uuid(),
    name: personName(rnd, gender),
    gender,
    birth: birthFor(age),
    type,
  });

  const CHUNK = 2_000;
  const tPeople = performance.now();
  for (const [i, slot] of slots.entries()) {
    if (slot.bench && rnd.next() < 0.05) search.houseAddresses.push(slot.address);
    const n = sizes[i];
    const moveIn = iso(now.getTime() - rnd.int(30, 3_000) * DAY);
    if (slot.use === 'self') {
      // An owner family: head, spouse, children, a parent; now and then a relative staying over.
      const headAge = rnd.int(26, 78);
      const headGender = rnd.next() < 0.7 ? 'male' : 'female';
      const type = rnd.next() < 0.82 ? 'registered' : rnd.next() < 0.9 ? 'floating' : 'overseas';
      const head = person(type, headGender, headAge);
      addPerson(head, { slot, relation: 'head', moveIn }, slot.unit);
      ownerRows.push([slot.id, head.id, '100', new Date(now.getTime() - 900 * DAY)]);
      let left = n - 1;
      if (left > 0 && rnd.next() < 0.85) {
        const spouse = person(
          type === 'overseas' ? 'registered' : type,
          headGender === 'male' ? 'female' : 'male',
          headAge + rnd.int(-5, 4),
        );
        addPerson(spouse, { slot, relation: 'spouse', moveIn }, slot.unit);
        left -= 1;
      }
      while (left > 0) {
        const r = rnd.next();
        if (r < 0.12 && headAge < 60) {
          addPerson(
            person('registered', rnd.next() < 0.3 ? 'male' : 'female', headAge + rnd.int(24, 32)),
            { slot, relation: 'parent', moveIn },
            slot.unit,
          );
        } else if (r < 0.2) {
          addPerson(
            person('floating', rnd.next() < 0.5 ? 'male' : 'female', rnd.int(16, 60)),
            { slot, relation: 'lodger', moveIn },
            slot.unit,
          );
        } else {
          const childAge = Math.max(0, headAge - rnd.int(22, 34));
          const t = childAge < 16 && rnd.next() < 0.04 ? 'left_behind' : 'registered';
          addPerson(
            person(t, rnd.next() < 0.52 ? 'male' : 'female', childAge),
            { slot, relation: 'child', moveIn },
            slot.unit,
          );
        }
        left -= 1;
      }
      recentHeads.push({ id: head.id, name: head.name });
      if (recentHeads.length > 2_000) recentHeads.splice(0, 1_000);
    } else if (slot.use === 'rent') {
      // Tenants, mostly from elsewhere; the owner lives in another house (or is not in the registry).
      const owner = recentHeads.length && rnd.next() < 0.7 ? rnd.pick(recentHeads) : null;
      if (owner) ownerRows.push([slot.id, owner.id, '100', new Date(now.getTime() - 900 * DAY)]);
      const landlordName = owner?.name ?? personName(rnd, rnd.next() < 0.6 ? 'male' : 'female');
      const tenants: Person[] = [];
      const lead = person(
        rnd.next() < 0.8 ? 'floating' : 'registered',
        rnd.next() < 0.6 ? 'male' : 'female',
        rnd.int(20, 55),
      );
      tenants.push(lead);
      for (let k = 1; k < n; k++)
        tenants.push(
          person(lead.type, rnd.next() < 0.5 ? 'male' : 'female', k === 1 ? rnd.int(20, 55) : rnd.int(0, 30)),
        );
      const tStart = now.getTime() - rnd.int(10, 700) * DAY;
      for (const t of tenants) addPerson(t, { slot, relation: 'tenant', moveIn: iso(tStart) }, slot.unit);
      // 80 % on a registered tenancy in force, 8 % expired and not renewed, the rest never registered.
      const r = rnd.next();
      if (r < 0.88) {
        const expired = r >= 0.8;
        const start = expired ? tStart - 400 * DAY : tStart;
        const end = expired ? now.getTime() - rnd.int(5, 60) * DAY : now.getTime() + rnd.int(1, 500) * DAY;
        const worker = workerFor(slot.unit.path);
        const tid = rnd.uuid();
        tenancyRows.push([
          tid,
          slot.id,
          owner?.id ?? null,
          landlordName,
          iso(start),
          iso(end),
          null,
          rnd.next() < 0.95 ? 'living' : 'business',
          worker.id,
          worker.displayName,
          new Date(start + DAY),
          slot.unit.path,
          new Date(start + DAY),
        ]);
        for (const t of tenants) tenantRows.push([tid, t.id]);
        counts.tenancies += 1;
      }
    } else if (slot.use === 'vacant' && recentHeads.length && rnd.next() < 0.6) {
      ownerRows.push([slot.id, rnd.pick(recentHeads).id, '100', new Date(now.getTime() - 900 * DAY)]);
    }
    recentHouses.push({ id: slot.id, path: slot.unit.path });
    if (recentHouses.length > 2_000) recentHouses.splice(0, 1_000);
    if ((i + 1) % CHUNK === 0) {
      await flush();
      if ((i + 1) % (CHUNK * 25) === 0) ctx.log(`people ${personNo} (${i + 1} houses)`);
    } else if ((i + 1) % 100 === 0) {
      // Let the socket of the chunk in flight drain while this one is built.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  // Floating people registered at a 微网格 without a home here (staying at work sites, shops …).
  const micros = org.microGrids.length ? org.microGrids : org.grids;
  for (let k = 0; k < homeless; k++) {
    const place = micros[Math.floor(rnd.next() * micros.length)];
    addPerson(person('floating', rnd.next() < 0.65 ? 'male' : 'female', rnd.int(18, 60)), null, place);
    if (peopleRows.length >= 5_000) await flush();
  }
  await flush();
  await inFlight;
  const spentInserting = Object.values(insertMs).reduce((a, b) => a + b, 0);
  ctx.log(
    `people pass ${((performance.now() - tPeople) / 1000).toFixed(1)} s, of which inserts ` +
      `${(spentInserting / 1000).toFixed(1)} s (${Object.entries(insertMs)
        .map(([t, ms]) => `${t} ${(ms / 1000).toFixed(1)}`)
        .join(', ')}); personPii (AES-GCM ×2, ~17 HMAC blind keys) ${(piiMs / 1000).toFixed(1)} s`,
  );
  ctx.log(
    `people ${personNo}, residencies ${counts.residencies}, owners ${counts.owners}, tenancies ${counts.tenancies}, cases ${counts.cases}, visits ${counts.visits}`,
  );

  const occupied = occupiedIdx.length;
  ctx.fixtures.registry = {
    houses: houseCount,
    occupied,
    people: personNo,
    homeless,
    tenancies: counts.tenancies,
    cases: counts.cases,
    tallBuildings: tall.length,
    benchTall: tall.filter(inBench),
    search,
    benchGrids: org.grids.filter(inBench),
    benchEstates: org.estates.filter(inBench),
  };
}

function dayOfYear(d: Date): number {
  return Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY);
}

// ── scenarios ────────────────────────────────────────────────────────────────────────────────────
const q = encodeURIComponent;
/** Issue #4: four concurrent clients; p95 per driver. */
const CONNECTIONS = 4;
const SEARCH_P95 = { postgresql: 20, pglite: 30 };
const GRID_P95 = 50;

function nonEmptyItems(body: unknown): string | undefined {
  const b = body as { items?: unknown[] };
  return Array.isArray(b.items) && b.items.length > 0 ? undefined : 'the answer has no items';
}

/** Distinct values, evenly sampled. */
const pickValues = (values: readonly string[], n = 50) => sample([...new Set(values)], n);

function search(
  id: string,
  title: string,
  values: (s: RegistryFixtures['search']) => string[],
  route: 'people' | 'houses' = 'people',
): Scenario {
  return {
    id,
    title,
    as: 'street_admin',
    kind: 'search',
    connections: CONNECTIONS,
    p95: SEARCH_P95,
    paths: (f) =>
      pickValues(values(need(f, 'registry').search)).map(
        (v) => `/api/v1/registry/${route}?q=${q(v)}&pageSize=20`,
      ),
    check: nonEmptyItems,
  };
}

async function verify(ctx: GenContext): Promise<string> {
  const r = need(ctx.fixtures, 'registry');
  const n = async (text: string, params: unknown[] = []) =>
    Number((await ctx.sql.query<{ n: string | number }>(text, params)).rows[0].n);
  const people = await n('select count(*) as n from people');
  const houses = await n('select count(*) as n from houses');
  if (people !== ctx.size.people) throw new Error(`registry: ${people} people, expected ${ctx.size.people}`);
  const badPath = await n(
    'select count(*) as n from houses h join places u on u.id = h.unit_id where h.place_path <> u.path',
  );
  if (badPath) throw new Error(`registry: ${badPath} houses whose place_path is not their unit's path`);
  const tallOk = await n(
    `select count(*) as n from (select u.parent_id from houses h join places u on u.id = h.unit_id
       group by u.parent_id having max(h.floor) = ${TALL_FLOORS}) t`,
  );
  // How many rows the sample name searches match in the bench street (the street admin's scope).
  const street = need(ctx.fixtures, 'org').bench.street.path;
  const matches: number[] = [];
  for (const v of pickValues(r.search.name2, 20)) {
    matches.push(
      await n(
        `select count(*) as n from people where name_grams @> array[$1]::text[] and name like $2 and place_path like $3`,
        [v, `%${v}%`, `${street}%`],
      ),
    );
  }
  const pii = createPiiCipher(ctx.secretKey);
  const tails: number[] = [];
  for (const v of pickValues(r.search.idTails, 20)) {
    tails.push(
      await n(`select count(*) as n from people where pii_keys && $1::text[] and place_path like $2`, [
        piiQueryKeys(pii, v),
        `${street}%`,
      ]),
    );
  }
  const range = (xs: number[]) => {
    xs.sort((a, b) => a - b);
    return `${xs[0]}–${xs[xs.length - 1]} (median ${xs[Math.floor(xs.length / 2)]})`;
  };
  return (
    `registry: ${people} people, ${houses} houses, ${tallOk} buildings of ${TALL_FLOORS} floors; ` +
    `in the bench street, 2-character name searches match ${range(matches)}, ID-tail searches ${range(tails)}`
  );
}

export default defineModule({
  name: 'registry',
  after: ['org'],
  generate,
  verify,
  describe: (f): Record<string, number> => {
    const r = f.registry;
    if (!r) return {};
    return {
      '有人居住的房屋 occupied houses': r.occupied,
      '33 层楼栋 33-floor buildings': r.tallBuildings,
      '无房屋的流动人口 floating, no house': r.homeless,
      '出租登记 tenancies': r.tenancies,
      '特殊人群与关爱对象 special and care cases': r.cases,
    };
  },
  scenarios: [
    search(
      'registry.people.name2',
      '人员搜索：两个汉字（街道管理员）/ people search, 2 Chinese characters (street admin)',
      (s) => s.name2,
    ),
    search(
      'registry.people.pinyin',
      '人员搜索：全拼（街道管理员）/ people search, full pinyin (street admin)',
      (s) => s.pinyin,
    ),
    search(
      'registry.people.initials',
      '人员搜索：拼音首字母（街道管理员）/ people search, pinyin initials (street admin)',
      (s) => s.initials,
    ),
    search(
      'registry.people.idtail',
      '人员搜索：身份证号后 4–6 位（街道管理员）/ people search, last 4–6 ID digits (street admin)',
      (s) => s.idTails,
    ),
    search(
      'registry.people.phone',
      '人员搜索：手机号（街道管理员）/ people search, full phone number (street admin)',
      (s) => s.phones,
    ),
    search(
      'registry.people.address',
      '人员搜索：地址 3栋2单元501（街道管理员）/ people search by address (street admin)',
      (s) => s.personAddresses,
    ),
    search(
      'registry.houses.address',
      '房屋搜索：地址 3栋2单元501（街道管理员）/ house search by address (street admin)',
      (s) => s.houseAddresses,
      'houses',
    ),
    {
      id: 'registry.buildings.grid',
      title: '楼盘表：33 层楼栋（街道管理员）/ building grid of a 33-floor tower (street admin)',
      as: 'street_admin',
      kind: 'detail',
      connections: CONNECTIONS,
      p95: GRID_P95,
      paths: (f) =>
        sample(need(f, 'registry').benchTall, 30).map((b) => `/api/v1/registry/buildings/${b.id}/grid`),
      check: (body) => {
        const b = body as { floors?: number[]; houses?: unknown[] };
        if (!b.houses?.length) return 'the grid has no houses';
        return b.floors?.length === TALL_FLOORS ? undefined : `the grid has ${b.floors?.length} floors`;
      },
    },
    {
      id: 'registry.people.grid',
      title: '人员列表：一个网格第 1 页（街道管理员）/ people of a grid, page 1 (street admin)',
      as: 'street_admin',
      kind: 'list',
      connections: CONNECTIONS,
      paths: (f) =>
        sample(need(f, 'registry').benchGrids, 50).map(
          (g) => `/api/v1/registry/people?placeId=${g.id}&pageSize=20`,
        ),
      check: nonEmptyItems,
    },
    {
      id: 'registry.stats',
      title: '统计：一个小区（街道管理员）/ headline figures of an estate (street admin)',
      as: 'street_admin',
      kind: 'detail',
      connections: CONNECTIONS,
      paths: (f) =>
        sample(need(f, 'registry').benchEstates, 30).map((e) => `/api/v1/registry/stats?placeId=${e.id}`),
      check: (body) => ((body as { people?: number }).people ? undefined : 'no people counted'),
    },
  ],
});
