import { inArray } from 'drizzle-orm';
import type { Db } from '../src/server/db/index.js';
import {
  caseVisits,
  groupCases,
  houseOwners,
  houses,
  people,
  residencies,
  tenancies,
  tenancyTenants,
  users,
} from '../src/server/db/schema.js';
import { insertRows } from '../src/server/db/sql.js';
import { addressKey, nameFields, personPii } from '../src/server/modules/registry/text.js';
import { makeCitizenId, type PiiCipher } from '../src/server/platform/pii/index.js';
import {
  type AttentionLevel,
  CARE_LEVEL_VISIT_DAYS,
  type CareGroup,
  type Gender,
  type PopulationType,
  type Relation,
  type SpecialGroup,
} from '../src/shared/registry.js';
import {
  CHONGQING_ORIGINS,
  LOCAL,
  LOCAL_NEW_CODE,
  type Origin,
  OVERSEAS,
  pickEthnicity,
  pickFloatingOrigin,
  pickGivenName,
  pickSurname,
  ruralAddress,
  townAddress,
} from './names.js';
import type { DemoPlace, DemoPlaces } from './org.js';
import type { Random } from './random.js';

// The housing and population registry of 古南街道 (以房管人): houses, households, owners, tenancies,
// special and care groups, sized after the seeds (000: 锦绣春天 844 households, ~2,500 people; 004:
// 于家一 2,612 households, ~650 rented rooms, ~900 temporary residents; 003: 南华).

export type HouseInsert = typeof houses.$inferInsert & { id: string; placePath: string };
export type PersonInsert = typeof people.$inferInsert & { id: string; tags: string[] };
export type ResidencyInsert = typeof residencies.$inferInsert;
export type HouseOwnerInsert = typeof houseOwners.$inferInsert;
export type TenancyInsert = typeof tenancies.$inferInsert & { id: string };
export type TenancyTenantInsert = typeof tenancyTenants.$inferInsert;
export type GroupCaseInsert = typeof groupCases.$inferInsert & { id: string };
export type CaseVisitInsert = typeof caseVisits.$inferInsert;

/** Plain rows per table, in the order they are inserted. */
export interface RegistryDemo {
  houses: HouseInsert[];
  people: PersonInsert[];
  residencies: ResidencyInsert[];
  houseOwners: HouseOwnerInsert[];
  tenancies: TenancyInsert[];
  tenancyTenants: TenancyTenantInsert[];
  groupCases: GroupCaseInsert[];
  caseVisits: CaseVisitInsert[];
}
export type RegistryCounts = { [K in keyof RegistryDemo]: number };

/** Grid workers (网格员) by estate and grid order; 锦绣's two are the demo accounts wangge and wangge2. */
export const GRID_WORKERS = {
  jinxiu: ['王磊', '陈静'],
  yujia: ['刘洋', '杨帆', '黄丽', '周涛'],
  nanhua: ['何敏', '郭亮', '马红梅', '罗斌'],
} as const;

/**
 * People tests and the manual may name. Addresses are address keys within the estate
 * (楼栋-单元-房号). Random names never repeat these.
 */
export const DEMO_REGISTRY_PEOPLE = {
  /** The demo resident (account jumin, phone 19900000012): 户主 of 锦绣春天 1栋1单元801, owner 50 %. */
  resident: { name: '孙建华', estate: 'jinxiu', address: '1-1-801' },
  residentSpouse: { name: '刘晓梅', estate: 'jinxiu', address: '1-1-801' },
  residentChild: { name: '孙浩宇', estate: 'jinxiu', address: '1-1-801' },
  /** 社区矫正对象 (缓刑) in 锦绣 2栋 (G01, wangge): attention high, weekly visits, overdue. */
  correction: { name: '冉德文', estate: 'jinxiu', address: '2-1-1203' },
  /** 独居老人 (3 stars, visit every 7 days) in 锦绣 3栋 (G01). */
  elder: { name: '谭秀英', estate: 'jinxiu', address: '3-2-302' },
  /** 严重精神障碍患者, risk level 2, guardian his mother, in 锦绣 5栋 (G02, wangge2); visits on time. */
  mental: { name: '何志刚', estate: 'jinxiu', address: '5-2-301' },
  mentalGuardian: { name: '周桂兰', estate: 'jinxiu', address: '5-2-301' },
  /** 低保户 (2 stars, visit every 14 days, overdue) in 锦绣 6栋 (G02). */
  dibao: { name: '向永福', estate: 'jinxiu', address: '6-3-201' },
  /** 于家一: a tenant from 桐梓 whose contract ends within 30 days. */
  tenant: { name: '杨春燕', estate: 'yujia', address: '7-1-402' },
  /** 于家一: a relative from 岳池 staying with a family, on no tenancy (未登记流动人口). */
  lodger: { name: '罗小军', estate: 'yujia', address: '1-2-301' },
  lodgerHost: { name: '罗国平', estate: 'yujia', address: '1-2-301' },
} as const;

const RESIDENT_PHONE = '19900000012';

type EstateKey = keyof typeof GRID_WORKERS;
type HouseholdType =
  | 'single_young'
  | 'single_elder'
  | 'couple_young'
  | 'couple_elder'
  | 'couple_1'
  | 'couple_2'
  | 'single_parent'
  | 'three_gen'
  | 'couple_adult_child'
  | 'left_behind';
type Occupancy = 'self' | 'rent' | 'rent_unregistered' | 'vacant' | 'commercial';
type ContractState = 'active' | 'ending' | 'expired';

interface Layout {
  floors: number;
  perFloor: number;
  /** Area of each position on a floor, in hundredths of m² (a floor plan repeats up the building). */
  areas: number[];
}

interface EstateSpec {
  key: EstateKey;
  households: number;
  /** Houses let on a registered tenancy (its contract may have run out). */
  rented: number;
  expiredNotRenewed: number;
  unregisteredRent: number;
  commercial: number;
  /** Share of tenant households from outside 綦江 (流动). */
  floatingShare: number;
  /** Chance a family has a relative from elsewhere staying (借住, on no tenancy). */
  lodgerRate: number;
  weights: Record<HouseholdType, number>;
  /** Years since the first owners moved in. */
  age: number;
}

interface Estate {
  spec: EstateSpec;
  place: DemoPlace;
  name: string;
  houses: House[];
  residents: Person[];
  everyone: Person[];
}

interface House {
  row: HouseInsert;
  estate: Estate;
  building: DemoPlace;
  unit: DemoPlace;
  worker: string;
  /** 3栋2单元501 */
  address: string;
  occupancy: Occupancy;
  contract?: ContractState;
  householdType?: HouseholdType;
  members: Person[];
  moveIn: string | null;
  owners: Person[];
  firstTenancyStart?: string;
}

interface Person {
  row: PersonInsert;
  surname: string;
  estate: Estate;
  house: House | null;
  age: number;
  gender: Gender;
  relation: Relation | null;
  overseas: boolean;
  moveIn: string | null;
  special: boolean;
  care: boolean;
}

interface Member {
  relation: Relation;
  gender: Gender;
  age: number;
  pop: PopulationType;
  /** null: registered by passport. */
  origin: Origin | null;
  surname?: string;
  name?: string;
  birthDate?: string;
  phone?: string | null;
  tags?: string[];
  note?: string;
  overseas?: (typeof OVERSEAS)[number];
}

const DAY_MS = 86_400_000;
const dayNo = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
const isoOf = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);
const addDays = (iso: string, n: number) => isoOf(dayNo(iso) + n);
const maxIso = (a: string, b: string) => (a > b ? a : b);
const minIso = (a: string, b: string) => (a < b ? a : b);
const cents = (rnd: Random, lo: number, hi: number) => rnd.int(lo * 100, hi * 100);
const NAME_YEAR = 2026;

const ESTATES: Record<EstateKey, EstateSpec> = {
  // 000: 4 high-rise buildings with lifts (about 30 floors, 3 flats a floor per unit), 2 mid-rise.
  jinxiu: {
    key: 'jinxiu',
    households: 844,
    rented: 84,
    expiredNotRenewed: 1,
    unregisteredRent: 1,
    commercial: 3,
    floatingShare: 0.6,
    lodgerRate: 0.004,
    age: 12,
    weights: {
      single_young: 6,
      single_elder: 4,
      couple_young: 9,
      couple_elder: 9,
      couple_1: 30,
      couple_2: 14,
      single_parent: 4,
      three_gen: 15,
      couple_adult_child: 8,
      left_behind: 2,
    },
  },
  // 004: an old open estate of walk-ups, many flats let to people who came for work.
  yujia: {
    key: 'yujia',
    households: 2612,
    rented: 640,
    expiredNotRenewed: 6,
    unregisteredRent: 8,
    commercial: 12,
    floatingShare: 0.88,
    lodgerRate: 0.012,
    age: 30,
    weights: {
      single_young: 6,
      single_elder: 9,
      couple_young: 6,
      couple_elder: 16,
      couple_1: 22,
      couple_2: 10,
      single_parent: 4,
      three_gen: 12,
      couple_adult_child: 11,
      left_behind: 4,
    },
  },
  // 003: 28 buildings, one to each 微网格.
  nanhua: {
    key: 'nanhua',
    households: 585,
    rented: 48,
    expiredNotRenewed: 1,
    unregisteredRent: 1,
    commercial: 2,
    floatingShare: 0.7,
    lodgerRate: 0.003,
    age: 20,
    weights: {
      single_young: 4,
      single_elder: 7,
      couple_young: 6,
      couple_elder: 12,
      couple_1: 26,
      couple_2: 14,
      single_parent: 4,
      three_gen: 15,
      couple_adult_child: 9,
      left_behind: 4,
    },
  },
};

const SPECIAL_RATES: Record<Exclude<SpecialGroup, 'aids'>, number> = {
  released: 2.0,
  correction: 1.2,
  mental: 2.5,
  drug: 1.3,
  youth: 1.5,
  petition: 0.8,
};

const PLANS: Record<SpecialGroup, string[]> = {
  released: [
    '落实“一对一”帮教责任人，每月谈心谈话一次；协助办理就业登记，联系社区就业岗位',
    '安置帮教期内每月走访；协助申请临时救助，推荐参加职业技能培训',
  ],
  correction: [
    '司法所与社区共同监管，每周走访一次；督促每月提交思想汇报、按时参加集中学习和公益活动',
    '落实日常报告和外出请假制度；家属签订监护责任书，每周走访了解思想动态',
  ],
  mental: [
    '落实监护责任，督促按时服药；联系精防医生定期随访评估，按规定发放监护补贴',
    '“以奖代补”落实监护人责任；网格员、民警、精防医生、监护人“四位一体”管控',
  ],
  drug: [
    '签订社区康复协议，每月尿检；家属协助监督，帮助联系就业',
    '社区戒毒康复期内每月面谈；禁毒社工跟进心理疏导',
  ],
  aids: ['配合疾控中心定期随访，严格保护个人隐私；落实关怀救助政策'],
  youth: [
    '联系学校和家长共同帮教；安排志愿者结对，推荐参加职业技能培训',
    '法治副校长上门谈话；引导参加社区志愿服务，每月回访',
  ],
  petition: [
    '包案领导定期接访，依法分类处理诉求；每月回访，做好思想疏导',
    '法律顾问释法析理，引导通过法律途径解决；网格员日常关注动态',
  ],
};

const FINDINGS: Record<SpecialGroup | CareGroup, string[]> = {
  released: [
    '本人在家，已在附近工地务工，思想稳定',
    '与家人关系融洽，表示遵纪守法、好好生活',
    '暂无固定工作，已推荐参加技能培训',
  ],
  correction: [
    '本人按时到司法所报到，思想汇报按时提交，未发现违规情况',
    '在家中见到本人，工作稳定，家属反映表现良好',
    '参加了本月集中学习和公益活动，情绪稳定',
  ],
  mental: [
    '本人在家，情绪稳定，按时服药，监护人配合',
    '近期睡眠较差，已联系精防医生上门评估',
    '病情稳定，监护人反映按时复诊取药',
  ],
  drug: ['本人配合尿检，结果阴性，在物流公司上班', '家属反映本人作息规律，未与原涉毒人员来往'],
  aids: ['随访正常，按时服药，身体状况稳定'],
  youth: [
    '本人在家，已报名参加汽修技能培训',
    '与家长沟通了孩子近期在校表现，已有好转',
    '近期晚归较多，已与家长约定共同督促',
  ],
  petition: ['本人情绪平稳，表示等待处理结果，不再越级上访', '就诉求进展作了说明，本人表示理解'],
  dibao: ['家中生活困难，低保金按月到账', '家中老人患慢性病，医疗支出较大', '生活基本稳定，孩子上学正常'],
  disabled: [
    '本人身体状况稳定，家属照顾周到',
    '轮椅老化，已登记申请更换辅具',
    '已办理残疾人两项补贴，按月发放',
  ],
  elderly_alone: [
    '老人身体状况良好，独自在家，已提醒注意用火用电安全',
    '老人腿脚不便，子女在外务工，每周电话联系',
    '老人血压偏高，已联系家庭医生上门',
  ],
  hardship: ['家庭收入不稳定，已登记就业意向', '家中有重病患者，已协助申请医疗救助'],
  left_behind_child: [
    '孩子学习正常，与爷爷奶奶生活，父母每月视频联系',
    '孩子性格内向，已安排志愿者定期陪伴',
    '暑假期间提醒家长注意防溺水安全',
  ],
};

const HELP: Record<'special' | CareGroup, string[]> = {
  special: ['联系社区就业岗位', '协助申请临时救助', '讲解相关法律政策', '送法律知识读本', ''],
  dibao: ['中秋节送米面油', '协助申请低保', '春节送慰问金500元', '协助办理医疗救助'],
  disabled: ['协助办理残疾人两项补贴', '联系志愿者上门理发', '协助申请辅具适配', '中秋节送米面油'],
  elderly_alone: [
    '帮助代购药品',
    '检查燃气、电路安全',
    '联系家庭医生上门体检',
    '协助办理高龄津贴',
    '中秋节送米面油',
  ],
  hardship: ['联系社区就业岗位', '春节送慰问金500元', '协助申请临时救助'],
  left_behind_child: ['送学习用品', '辅导作业', '联系“四点半课堂”', '送防溺水安全手册'],
};

const CARE_PLANS: Record<CareGroup, string> = {
  dibao: '按月核实家庭收入变化，协助办理低保年审；节日走访慰问',
  disabled: '协助落实残疾人补贴和康复服务；楼栋长日常关注',
  elderly_alone: '结对志愿者每周电话问候，网格员定期上门；安装燃气报警器',
  hardship: '登记就业和救助需求，协调社区公益岗位；节日慰问',
  left_behind_child: '结对志愿者“代理家长”，联系学校关注学习和心理；假期安全教育',
};

/** Chongqing time: the calendar day the demo is generated for. */
export function shanghaiToday(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
}

/**
 * Builds the registry of the demo street: pure, deterministic for a given generator and `today`
 * (apart from the encrypted ID and phone columns, which carry a random IV).
 */
export function buildRegistryDemo(
  rnd: Random,
  demo: DemoPlaces,
  pii: PiiCipher,
  today: string,
): RegistryDemo {
  const out: RegistryDemo = {
    houses: [],
    people: [],
    residencies: [],
    houseOwners: [],
    tenancies: [],
    tenancyTenants: [],
    groupCases: [],
    caseVisits: [],
  };
  const todayNo = dayNo(today);
  // Version-4 shaped ids from the seeded generator, four 32-bit draws each.
  const word = () => ((rnd.next() * 0x100000000) >>> 0).toString(16).padStart(8, '0');
  const uuid = () => {
    const a = word();
    const b = word();
    const c = word();
    const d = word();
    const variant = ((Number.parseInt(c[0], 16) & 0x3) | 0x8).toString(16);
    return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
  };
  const nameCache = new Map<string, ReturnType<typeof nameFields>>();
  const nameColumns = (name: string) => {
    let f = nameCache.get(name);
    if (!f) {
      f = nameFields(name);
      nameCache.set(name, f);
    }
    return { ...f, nameGrams: [...f.nameGrams] };
  };
  const chance = (p: number) => rnd.next() < p;
  const shuffle = <T>(items: T[]): T[] => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(rnd.next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  };
  const dateBetween = (from: string, to: string) =>
    isoOf(rnd.int(dayNo(from), Math.max(dayNo(from), dayNo(to))));
  const weighted = <K extends string>(weights: Record<K, number>): K => {
    const entries = Object.entries(weights) as [K, number][];
    let x = rnd.next() * entries.reduce((a, [, w]) => a + w, 0);
    for (const [k, w] of entries) {
      x -= w;
      if (x < 0) return k;
    }
    return entries[0][0];
  };

  // ── places ──
  const byParent = new Map<string, DemoPlace[]>();
  for (const p of demo.all) {
    if (!p.parentId) continue;
    const list = byParent.get(p.parentId) ?? [];
    list.push(p);
    byParent.set(p.parentId, list);
  }
  const children = (p: DemoPlace, kind?: string) =>
    (byParent.get(p.id) ?? [])
      .filter((c) => !kind || c.kind === kind)
      .sort((a, b) => a.sortOrder - b.sortOrder);
  const under = (p: DemoPlace, kind: string) =>
    demo.all
      .filter((x) => x.kind === kind && x.path.startsWith(p.path))
      .sort((a, b) => a.sortOrder - b.sortOrder);

  // ── people ──
  const usedIds = new Set<string>();
  const usedPhones = new Set<string>([RESIDENT_PHONE]);
  const reserved = new Set<string>(Object.values(DEMO_REGISTRY_PEOPLE).map((p) => p.name));
  for (const o of OVERSEAS) reserved.add(o.name);

  const birthFor = (age: number) => isoOf(todayNo - Math.floor(age * 365.2425) - rnd.int(1, 364));
  const phoneFor = (age: number): string | null => {
    const p = age < 16 ? 0 : age < 70 ? 0.96 : age < 80 ? 0.7 : 0.35;
    const has = chance(p);
    // 1990010xxxx–1990019xxxx: the demo population's range (1990000xxxx and 1990001xxxx are taken).
    // A number is drawn either way, so the draws do not depend on the age.
    for (;;) {
      const phone = `199001${String(rnd.int(0, 99999)).padStart(5, '0')}`;
      if (!usedPhones.has(phone)) {
        usedPhones.add(phone);
        return has ? phone : null;
      }
    }
  };
  // Names follow the fashion of a birth year, counted from a fixed year rather than from `today`:
  // every draw from the generator must be the same whichever day the demo is loaded, or the
  // estates' totals would drift from day to day.
  const nameFor = (surname: string, gender: Gender, age: number) => {
    const year = NAME_YEAR - age;
    for (;;) {
      let given = pickGivenName(rnd, gender, year);
      // 张伟 and 王芳 are the names everyone searches for first (zhangwei, zw): keep a few of each.
      if (surname === '张' && gender === 'male' && year >= 1965 && year < 1995 && chance(0.04)) given = '伟';
      if (surname === '王' && gender === 'female' && year >= 1965 && year < 1995 && chance(0.04))
        given = '芳';
      const name = surname + given;
      if (!reserved.has(name)) return name;
    }
  };

  const makePerson = (m: Member, estate: Estate, house: House | null): Person => {
    const birthDate = m.birthDate ?? birthFor(m.age);
    const birthYear = Number(birthDate.slice(0, 4));
    const surname = m.surname ?? (m.name ? m.name.slice(0, 1) : pickSurname(rnd));
    const name = m.name ?? m.overseas?.name ?? nameFor(surname, m.gender, m.age);
    let idNumber: string;
    if (m.overseas) {
      idNumber = m.overseas.passport;
    } else {
      const origin = m.origin ?? LOCAL;
      const region = origin === LOCAL && birthYear >= 2012 ? LOCAL_NEW_CODE : origin.code;
      do {
        idNumber = makeCitizenId(region, birthDate, rnd.int(0, 499) * 2 + (m.gender === 'male' ? 1 : 0));
      } while (usedIds.has(idNumber));
    }
    usedIds.add(idNumber);
    const phone = m.phone !== undefined ? m.phone : phoneFor(m.age);
    const origin = m.origin ?? LOCAL;
    const hukouAddress = m.overseas
      ? ''
      : m.pop === 'floating'
        ? ruralAddress(rnd, origin)
        : house && m.relation !== 'tenant' && m.relation !== 'lodger'
          ? `重庆市綦江区古南街道${estate.name}${house.address}`
          : townAddress(rnd);
    const p: Person = {
      row: {
        id: uuid(),
        name,
        ...nameColumns(name),
        gender: m.gender,
        birthDate,
        idType: m.overseas ? 'passport' : 'resident_id',
        ...personPii(pii, idNumber, phone),
        ethnicity: m.overseas ? '' : pickEthnicity(rnd, origin),
        hukouAddress,
        populationType: m.pop,
        tags: [...(m.tags ?? [])],
        note: m.note ?? (m.overseas ? `国籍：${m.overseas.country}` : ''),
        houseId: house?.row.id ?? null,
        placeId: house ? house.row.unitId : estate.place.id,
        placePath: house ? house.row.placePath : estate.place.path,
        isDemo: true,
      },
      surname,
      estate,
      house,
      age: m.age,
      gender: m.gender,
      relation: house ? m.relation : null,
      overseas: Boolean(m.overseas),
      moveIn: null,
      special: false,
      care: false,
    };
    out.people.push(p.row);
    estate.everyone.push(p);
    if (house) {
      house.members.push(p);
      estate.residents.push(p);
    }
    return p;
  };

  const residency = (
    p: Person,
    house: House,
    relation: Relation,
    moveIn: string | null,
    moveOut: string | null,
  ) => {
    out.residencies.push({
      id: uuid(),
      personId: p.row.id,
      houseId: house.row.id,
      relation,
      moveIn,
      moveOut,
      placePath: house.row.placePath,
    });
  };

  // ── estates, buildings, houses ──
  const estates: Record<EstateKey, Estate> = {
    jinxiu: {
      spec: ESTATES.jinxiu,
      place: demo.jinxiuEstate,
      name: '',
      houses: [],
      residents: [],
      everyone: [],
    },
    yujia: {
      spec: ESTATES.yujia,
      place: demo.yujiaEstate,
      name: '',
      houses: [],
      residents: [],
      everyone: [],
    },
    nanhua: {
      spec: ESTATES.nanhua,
      place: demo.nanhuaEstate,
      name: '',
      houses: [],
      residents: [],
      everyone: [],
    },
  };
  const layoutsFor = (estate: Estate, buildings: DemoPlace[]): Layout[] => {
    // 锦绣春天 (000): 1–4栋 high-rise with lifts, 3 flats a floor per unit; 5–6栋 mid-rise.
    if (estate.spec.key === 'jinxiu') {
      return buildings.map((_, i) =>
        i < 4
          ? {
              floors: [33, 33, 32, 32][i],
              perFloor: 3,
              areas: [cents(rnd, 86, 92), cents(rnd, 108, 116), cents(rnd, 125, 136)],
            }
          : { floors: i === 4 ? 7 : 6, perFloor: 2, areas: [cents(rnd, 72, 80), cents(rnd, 95, 103)] },
      );
    }
    if (estate.spec.key === 'nanhua') {
      return buildings.map(() => ({
        floors: rnd.int(5, 6),
        perFloor: 2,
        areas: [cents(rnd, 78, 92), cents(rnd, 98, 121)],
      }));
    }
    // 于家一: 7–8 floor walk-ups, 4–6 flats a floor along an open corridor; enough for 2,612
    // households and the usual few per cent of empty flats.
    const list = buildings.map(() => ({
      floors: rnd.int(7, 8),
      perFloor: rnd.int(4, 5),
      areas: [] as number[],
    }));
    const unitsOf = buildings.map((b) => children(b, 'unit').length);
    const total = () => list.reduce((a, l, i) => a + l.floors * l.perFloor * unitsOf[i], 0);
    for (let i = 0; total() < 2720; i = (i + 7) % list.length) if (list[i].perFloor < 6) list[i].perFloor++;
    for (const l of list)
      l.areas = Array.from({ length: l.perFloor }, (_, k) =>
        k === 0 || k === l.perFloor - 1 ? cents(rnd, 62, 82) : cents(rnd, 45, 62),
      );
    return list;
  };

  for (const estate of Object.values(estates)) {
    estate.name = estate.place.name;
    const grids = children(estate.place, 'grid');
    const workerOf = new Map(grids.map((g, i) => [g.id, GRID_WORKERS[estate.spec.key][i]]));
    const buildings = under(estate.place, 'building');
    const layouts = layoutsFor(estate, buildings);
    buildings.forEach((building, bi) => {
      const layout = layouts[bi];
      const grid = grids.find((g) => building.path.startsWith(g.path))!;
      for (const unit of children(building, 'unit')) {
        for (let floor = 1; floor <= layout.floors; floor++) {
          for (let pos = 1; pos <= layout.perFloor; pos++) {
            const number = `${floor}${String(pos).padStart(2, '0')}`;
            const row: HouseInsert = {
              id: uuid(),
              unitId: unit.id,
              placePath: unit.path,
              floor,
              number,
              addressKey: addressKey(building.name, unit.name, number),
              area: (layout.areas[pos - 1] / 100).toFixed(2),
              use: 'self',
              tags: [],
              note: '',
              isDemo: true,
            };
            const house: House = {
              row,
              estate,
              building,
              unit,
              worker: workerOf.get(grid.id)!,
              address: `${building.name}${unit.name}${number}`,
              occupancy: 'self',
              members: [],
              moveIn: null,
              owners: [],
            };
            estate.houses.push(house);
            out.houses.push(row);
          }
        }
      }
    });
  }
  const houseAt = (estate: EstateKey, key: string) =>
    estates[estate].houses.find((h) => h.row.addressKey === key)!;

  // ── who lives where: the named households first, then everyone else ──
  const fixtureHouses = new Map<House, () => void>();
  const J = estates.jinxiu;
  const Y = estates.yujia;
  const named = new Map<string, Person>();
  const isNamed = (p: Person) => named.get(p.row.name) === p;
  const fixture = (
    estateKey: EstateKey,
    key: string,
    occupancy: Occupancy,
    members: Member[],
    moveIn: string,
    contract?: ContractState,
  ) => {
    const house = houseAt(estateKey, key);
    house.occupancy = occupancy;
    house.contract = contract;
    fixtureHouses.set(house, () => {
      house.moveIn = moveIn;
      for (const m of members) {
        const p = makePerson(m, estates[estateKey], house);
        p.moveIn = maxIso(moveIn, p.row.birthDate!);
        named.set(p.row.name, p);
      }
    });
  };
  const ageOn = (birth: string) => {
    const b = new Date(`${birth}T00:00:00Z`);
    const t = new Date(`${today}T00:00:00Z`);
    let a = t.getUTCFullYear() - b.getUTCFullYear();
    if (t.getUTCMonth() * 100 + t.getUTCDate() < b.getUTCMonth() * 100 + b.getUTCDate()) a--;
    return a;
  };
  const local = (
    relation: Relation,
    name: string,
    gender: Gender,
    birthDate: string,
    extra: Partial<Member> = {},
  ) =>
    ({
      relation,
      name,
      gender,
      birthDate,
      age: ageOn(birthDate),
      pop: 'registered',
      origin: LOCAL,
      ...extra,
    }) satisfies Member;
  const R = DEMO_REGISTRY_PEOPLE;
  fixture(
    'jinxiu',
    R.resident.address,
    'self',
    [
      local('head', R.resident.name, 'male', '1979-04-16', { phone: RESIDENT_PHONE, tags: ['党员'] }),
      local('spouse', R.residentSpouse.name, 'female', '1981-09-03'),
      local('child', R.residentChild.name, 'male', '2010-06-21'),
    ],
    '2016-05-01',
  );
  fixture(
    'jinxiu',
    R.correction.address,
    'self',
    [
      local('head', R.correction.name, 'male', '1985-02-11'),
      local('spouse', '陈丽', 'female', '1987-08-19'),
      local('child', '冉雨桐', 'female', '2014-03-02'),
    ],
    '2017-10-15',
  );
  fixture(
    'jinxiu',
    R.elder.address,
    'self',
    [local('head', R.elder.name, 'female', '1944-12-08', { tags: ['独居'], phone: null })],
    '2015-09-20',
  );
  fixture(
    'jinxiu',
    R.mental.address,
    'self',
    [
      local('head', R.mental.name, 'male', '1981-07-30'),
      local('parent', R.mentalGuardian.name, 'female', '1954-01-25'),
    ],
    '2016-03-12',
  );
  fixture(
    'jinxiu',
    R.dibao.address,
    'self',
    [
      local('head', R.dibao.name, 'male', '1967-11-05'),
      local('spouse', '田春兰', 'female', '1969-04-14', { origin: CHONGQING_ORIGINS[5] }),
    ],
    '2015-06-01',
  );
  const tongzi = pickFloatingOriginByCode('520322');
  fixture(
    'yujia',
    R.tenant.address,
    'rent',
    [
      {
        relation: 'tenant',
        name: R.tenant.name,
        gender: 'female',
        birthDate: '1996-10-09',
        age: ageOn('1996-10-09'),
        pop: 'floating',
        origin: tongzi,
      },
    ],
    today,
    'ending',
  );
  fixture(
    'yujia',
    R.lodger.address,
    'self',
    [
      local('head', R.lodgerHost.name, 'male', '1972-03-18'),
      local('spouse', '蒋晓红', 'female', '1974-12-01'),
      {
        relation: 'lodger',
        name: R.lodger.name,
        gender: 'male',
        birthDate: '2001-05-27',
        age: ageOn('2001-05-27'),
        pop: 'floating',
        origin: pickFloatingOriginByCode('511621'),
      },
    ],
    '2003-08-08',
  );

  // Occupancy: commercial on ground floors, the rest shuffled into lets, own homes and empty flats.
  for (const estate of Object.values(estates)) {
    const s = estate.spec;
    const fixed = estate.houses.filter((h) => fixtureHouses.has(h));
    const free = shuffle(estate.houses.filter((h) => !fixtureHouses.has(h)));
    const ground = free.filter((h) => h.row.floor === 1).slice(0, s.commercial);
    for (const h of ground) h.occupancy = 'commercial';
    const rest = free.filter((h) => h.occupancy !== 'commercial');
    const occupied = rest.slice(0, s.households - fixed.length);
    for (const h of rest.slice(s.households - fixed.length)) h.occupancy = 'vacant';
    const rentedFixed = fixed.filter((h) => h.occupancy === 'rent').length;
    let i = 0;
    for (; i < s.rented - rentedFixed; i++) {
      occupied[i].occupancy = 'rent';
      occupied[i].contract = i < s.expiredNotRenewed ? 'expired' : chance(0.08) ? 'ending' : 'active';
    }
    for (let k = 0; k < s.unregisteredRent; k++, i++) occupied[i].occupancy = 'rent_unregistered';
    for (const h of estate.houses) {
      h.row.use = h.occupancy === 'rent_unregistered' ? 'rent' : h.occupancy;
      if (h.occupancy === 'commercial') {
        h.row.note = `临街门面：${rnd.pick(['便利店', '药店', '快递驿站', '理发店', '早餐店', '五金店'])}`;
        h.row.area = (cents(rnd, 35, 120) / 100).toFixed(2);
      }
      if (h.occupancy === 'vacant' && chance(0.3)) h.row.note = '业主在外地工作，房屋空置';
    }
  }

  // Households.
  const overseasQueue = {
    spouse: [
      { estate: Y, who: OVERSEAS[0] },
      { estate: estates.nanhua, who: OVERSEAS[1] },
    ],
    tenant: [
      { estate: J, who: OVERSEAS[2] },
      { estate: Y, who: OVERSEAS[3] },
    ],
  };
  const takeOverseas = (kind: 'spouse' | 'tenant', estate: Estate) => {
    const i = overseasQueue[kind].findIndex((q) => q.estate === estate);
    if (i < 0) return undefined;
    return overseasQueue[kind].splice(i, 1)[0].who;
  };
  const origin = (estate: Estate): Origin =>
    chance(estate.spec.key === 'jinxiu' ? 0.3 : 0.15) ? rnd.pick(CHONGQING_ORIGINS.slice(0, 5)) : LOCAL;

  const selfHousehold = (estate: Estate, type: HouseholdType): Member[] => {
    const reg = (relation: Relation, gender: Gender, age: number, surname?: string): Member => ({
      relation,
      gender,
      age,
      pop: type === 'left_behind' ? 'left_behind' : 'registered',
      origin: relation === 'child' || relation === 'relative' ? LOCAL : origin(estate),
      surname,
    });
    const couple = (lo: number, hi: number, maleHead = 0.75) => {
      const head = reg('head', chance(maleHead) ? 'male' : 'female', rnd.int(lo, hi));
      head.surname = pickSurname(rnd);
      const diff = rnd.int(0, 5);
      const spouse = reg(
        'spouse',
        head.gender === 'male' ? 'female' : 'male',
        Math.max(20, head.gender === 'male' ? head.age - diff : head.age + diff),
      );
      spouse.surname = pickSurname(rnd);
      const fatherSurname = head.gender === 'male' ? head.surname : spouse.surname;
      const mother = head.gender === 'female' ? head : spouse;
      return { head, spouse, fatherSurname, mother };
    };
    const kids = (n: number, mother: Member, surname: string, lo: number, hi: number) =>
      Array.from({ length: n }, () =>
        reg(
          'child',
          chance(0.52) ? 'male' : 'female',
          rnd.int(lo, Math.max(lo, Math.min(hi, mother.age - 21))),
          surname,
        ),
      );
    switch (type) {
      case 'single_young':
        return [reg('head', chance(0.55) ? 'male' : 'female', rnd.int(23, 36))];
      case 'single_elder': {
        const h = reg('head', chance(0.35) ? 'male' : 'female', rnd.int(66, 92));
        h.tags = ['独居'];
        return [h];
      }
      case 'couple_young': {
        const c = couple(24, 38);
        return [c.head, c.spouse];
      }
      case 'couple_elder': {
        const c = couple(58, 86, 0.85);
        return [c.head, c.spouse];
      }
      case 'couple_1': {
        const c = couple(28, 52);
        return [c.head, c.spouse, ...kids(1, c.mother, c.fatherSurname, 0, 24)];
      }
      case 'couple_2': {
        const c = couple(31, 50);
        return [c.head, c.spouse, ...kids(2, c.mother, c.fatherSurname, 0, 22)];
      }
      case 'single_parent': {
        const h = reg('head', chance(0.7) ? 'female' : 'male', rnd.int(30, 50));
        h.surname = pickSurname(rnd);
        return [h, ...kids(1, h.gender === 'female' ? h : { ...h, age: h.age - 2 }, h.surname, 3, 18)];
      }
      case 'three_gen': {
        const c = couple(30, 46);
        const parents: Member[] = [];
        const parentAge = Math.min(94, c.head.age + rnd.int(24, 32));
        const both = chance(0.4);
        if (both || chance(0.4)) parents.push(reg('parent', 'male', parentAge, c.head.surname));
        if (both || parents.length === 0)
          parents.push(reg('parent', 'female', Math.max(50, parentAge - rnd.int(0, 4))));
        return [c.head, c.spouse, ...kids(rnd.int(1, 2), c.mother, c.fatherSurname, 0, 16), ...parents];
      }
      case 'couple_adult_child': {
        const c = couple(50, 66);
        return [c.head, c.spouse, ...kids(1, c.mother, c.fatherSurname, 20, 36)];
      }
      case 'left_behind': {
        // 留守: grandparents bringing up grandchildren while the parents work away.
        const head = reg('head', 'male', rnd.int(58, 76));
        head.surname = pickSurname(rnd);
        const list = [head];
        if (chance(0.8)) list.push(reg('spouse', 'female', head.age - rnd.int(0, 4)));
        for (let k = rnd.int(1, 2); k > 0; k--)
          list.push(reg('relative', chance(0.5) ? 'male' : 'female', rnd.int(3, 14), head.surname));
        return list;
      }
    }
  };

  const tenantHousehold = (estate: Estate, house: House): Member[] => {
    // Lets nobody registered (or renewed) are the 未登记流动人口 every estate has a few of.
    const unregistered = house.occupancy === 'rent_unregistered' || house.contract === 'expired';
    const float = chance(estate.spec.floatingShare) || unregistered;
    const who = () => (float ? pickFloatingOrigin(rnd) : LOCAL);
    const pop: PopulationType = float ? 'floating' : 'registered';
    // …and they are one or two people, not a flat-share: a handful of names, not a skewed rate.
    const x = unregistered ? 0.04 + rnd.next() * 0.84 : rnd.next();
    if (x < 0.04) {
      // 群租: co-workers sharing a flat, each from home.
      const n = rnd.int(3, 6);
      if (n >= 4) house.row.tags = ['群租'];
      return Array.from({ length: n }, () => {
        const o = float ? pickFloatingOrigin(rnd) : LOCAL;
        return {
          relation: 'tenant',
          gender: chance(0.7) ? 'male' : 'female',
          age: rnd.int(19, 45),
          pop,
          origin: o,
        };
      });
    }
    if (x < 0.72) {
      const overseas = takeOverseas('tenant', estate);
      if (overseas)
        return [
          {
            relation: 'tenant',
            gender: overseas.gender,
            age: rnd.int(30, 45),
            pop: 'overseas',
            origin: null,
            overseas,
          },
        ];
      return [
        {
          relation: 'tenant',
          gender: chance(0.62) ? 'male' : 'female',
          age: rnd.int(19, 50),
          pop,
          origin: who(),
        },
      ];
    }
    const o = who();
    const hs = pickSurname(rnd);
    const head: Member = {
      relation: 'tenant',
      gender: 'male',
      age: rnd.int(22, 48),
      pop,
      origin: o,
      surname: hs,
    };
    const wife: Member = {
      relation: 'tenant',
      gender: 'female',
      age: Math.max(20, head.age - rnd.int(0, 5)),
      pop,
      origin: chance(0.7) ? o : who(),
    };
    if (x < 0.92) return [head, wife];
    const n = rnd.int(1, 2);
    const kids: Member[] = Array.from({ length: n }, () => ({
      relation: 'child',
      gender: chance(0.52) ? 'male' : 'female',
      age: rnd.int(0, Math.max(0, Math.min(15, wife.age - 21))),
      pop,
      origin: o,
      surname: hs,
    }));
    return [head, wife, ...kids];
  };

  const heads: Record<EstateKey, Person[]> = { jinxiu: [], yujia: [], nanhua: [] };
  for (const estate of Object.values(estates)) {
    const s = estate.spec;
    const since = addDays(today, -Math.round(s.age * 365.25));
    for (const house of estate.houses) {
      const fix = fixtureHouses.get(house);
      if (fix) {
        fix();
        if (house.occupancy === 'self') heads[s.key].push(house.members[0]);
        continue;
      }
      if (house.occupancy === 'vacant' || house.occupancy === 'commercial') continue;
      if (house.occupancy === 'self') {
        const type = weighted(s.weights);
        house.householdType = type;
        const members = selfHousehold(estate, type);
        if (type === 'couple_young' || type === 'couple_1' || type === 'couple_2') {
          const overseas =
            members[0].gender === 'male' && members[0].age < 45 ? takeOverseas('spouse', estate) : undefined;
          if (overseas) Object.assign(members[1], { pop: 'overseas', origin: null, overseas });
        }
        if (chance(s.lodgerRate))
          members.push({
            relation: 'lodger',
            gender: chance(0.6) ? 'male' : 'female',
            age: rnd.int(18, 40),
            pop: 'floating',
            origin: pickFloatingOrigin(rnd),
          });
        house.moveIn = chance(0.05) ? null : dateBetween(since, addDays(today, -60));
        for (const m of members) {
          const p = makePerson(m, estate, house);
          const born = p.row.birthDate!;
          p.moveIn =
            m.relation === 'lodger'
              ? maxIso(addDays(today, -rnd.int(10, 400)), house.moveIn ?? born)
              : house.moveIn === null
                ? null
                : m.relation === 'parent' && chance(0.5)
                  ? dateBetween(house.moveIn, addDays(today, -30))
                  : maxIso(house.moveIn, born);
        }
        heads[s.key].push(house.members[0]);
      } else {
        for (const m of tenantHousehold(estate, house)) makePerson(m, estate, house);
      }
    }
  }
  // ── owners and tenancies ──
  const ownerPerson = (estate: Estate, gender: Gender, age: number) =>
    makePerson({ relation: 'other', gender, age, pop: 'registered', origin: origin(estate) }, estate, null);
  const landlordsFor = (estate: Estate, house: House): Person[] => {
    const pool = heads[estate.spec.key];
    if (chance(0.4) && pool.length > 0) {
      const p = rnd.pick(pool);
      if (p.age >= 30 && p.house !== house && p.row.populationType === 'registered' && !isNamed(p))
        return [p];
    }
    const a = ownerPerson(estate, chance(0.6) ? 'male' : 'female', rnd.int(35, 72));
    if (!chance(0.15)) return [a];
    return [
      a,
      ownerPerson(estate, a.gender === 'male' ? 'female' : 'male', Math.max(30, a.age - rnd.int(-3, 5))),
    ];
  };
  const contractLength = () => {
    const x = rnd.next();
    return x < 0.7 ? 365 : x < 0.85 ? 730 : 183;
  };
  const registeredAt = (start: string, worker: string) => {
    const day = minIso(addDays(start, rnd.int(0, 6)), addDays(today, -1));
    const hh = String(rnd.int(9, 17)).padStart(2, '0');
    const mm = String(rnd.int(0, 59)).padStart(2, '0');
    return { registeredAt: new Date(`${day}T${hh}:${mm}:00+08:00`), registeredByName: worker };
  };
  const addTenancy = (
    house: House,
    tenants: Person[],
    start: string,
    end: string,
    endedOn: string | null = null,
  ): TenancyInsert => {
    const landlord = house.owners[0];
    const t: TenancyInsert = {
      id: uuid(),
      houseId: house.row.id,
      landlordId: landlord.row.id,
      landlordName: landlord.row.name,
      startDate: start,
      endDate: end,
      endedOn,
      purpose: 'living',
      note: house.row.tags?.includes('群租') ? '多人合租，已提醒出租人落实消防安全责任' : '',
      ...registeredAt(start, house.worker),
      placePath: house.row.placePath,
      isDemo: true,
    };
    out.tenancies.push(t);
    for (const p of tenants) out.tenancyTenants.push({ tenancyId: t.id, personId: p.row.id });
    return t;
  };

  for (const estate of Object.values(estates)) {
    for (const house of estate.houses) {
      if (house.occupancy === 'self') {
        const [head, second] = house.members;
        // The named couples own their homes together (the demo resident holds 50 %).
        const joint = chance(0.4) || isNamed(head);
        if (second?.relation === 'spouse' && !second.overseas && joint) house.owners = [head, second];
        else house.owners = [head];
      } else {
        house.owners = landlordsFor(estate, house);
      }
      const share = house.owners.length === 1 ? '100.00' : '50.00';
      for (const o of house.owners)
        out.houseOwners.push({ houseId: house.row.id, personId: o.row.id, share });
    }

    for (const house of estate.houses) {
      if (house.occupancy !== 'rent' && house.occupancy !== 'rent_unregistered') continue;
      const len = contractLength();
      let end: string;
      if (house.contract === 'expired') end = addDays(today, -rnd.int(5, 60));
      else if (house.contract === 'ending') end = addDays(today, rnd.int(3, 29));
      else end = addDays(today, rnd.int(30, len - 1));
      let start = addDays(end, -(len - 1));
      if (house.occupancy === 'rent') {
        addTenancy(house, house.members, start, end);
        // Renewed contracts: the same tenants, the earlier term expired.
        if (house.contract !== 'expired' && chance(0.15)) {
          const prevEnd = addDays(start, -1);
          start = addDays(prevEnd, -364);
          addTenancy(house, house.members, start, prevEnd);
        }
      } else {
        start = addDays(today, -rnd.int(20, 400));
      }
      house.firstTenancyStart = start;
      for (const p of house.members) p.moveIn = minIso(addDays(start, rnd.int(0, 3)), today);
    }

    // Earlier tenants: most moved on to another flat here, a few left the estate.
    const lets = estate.houses.filter((h) => h.occupancy === 'rent');
    const reused = new Set<House>();
    for (const house of lets) {
      if (!chance(0.15)) continue;
      const prevEnd = addDays(house.firstTenancyStart!, -rnd.int(5, 60));
      const prevStart = addDays(prevEnd, -364);
      const early = chance(0.12);
      const endedOn = early ? addDays(prevEnd, -rnd.int(30, 150)) : null;
      const left = endedOn ?? prevEnd;
      const movedTo = chance(0.9)
        ? lets.find(
            (h) =>
              h !== house &&
              !reused.has(h) &&
              h.firstTenancyStart! > left &&
              h.members.every((p) => p.row.populationType === 'floating'),
          )
        : undefined;
      let tenants: Person[];
      if (movedTo) {
        reused.add(movedTo);
        tenants = movedTo.members;
      } else {
        const o = pickFloatingOrigin(rnd);
        tenants = [
          makePerson(
            {
              relation: 'tenant',
              gender: chance(0.6) ? 'male' : 'female',
              age: rnd.int(22, 45),
              pop: 'floating',
              origin: o,
            },
            estate,
            null,
          ),
        ];
      }
      addTenancy(house, tenants, prevStart, prevEnd, endedOn);
      for (const p of tenants) residency(p, house, 'tenant', prevStart, left);
    }
  }

  // ── residencies, and people who moved out ──
  for (const estate of Object.values(estates))
    for (const h of estate.houses) for (const p of h.members) residency(p, h, p.relation!, p.moveIn, null);

  for (const estate of Object.values(estates)) {
    const olderHeads = heads[estate.spec.key].filter((p) => p.age >= 50 && p.house?.moveIn);
    for (const head of heads[estate.spec.key]) {
      const house = head.house!;
      // A grown-up child who set up home in another flat of the estate.
      if (isNamed(head)) continue;
      if (head.age >= 24 && head.age <= 40 && head.moveIn && chance(0.15)) {
        const parents = olderHeads.find(
          (o) =>
            o.house !== house &&
            o.surname === head.surname &&
            o.age - head.age >= 22 &&
            o.house!.moveIn! < addDays(head.moveIn!, -365 * 3),
        );
        if (parents) {
          const moveIn = maxIso(parents.house!.moveIn!, head.row.birthDate!);
          residency(head, parents.house!, 'child', moveIn, addDays(head.moveIn, -rnd.int(0, 20)));
        }
      }
      // A child who moved away; their record stays with the estate.
      if (head.age >= 52 && house.moveIn && chance(0.12)) {
        const age = rnd.int(22, Math.min(40, head.age - 22));
        const child = makePerson(
          {
            relation: 'child',
            gender: chance(0.5) ? 'male' : 'female',
            age,
            pop: 'registered',
            origin: LOCAL,
            surname: head.gender === 'male' ? head.surname : undefined,
          },
          estate,
          null,
        );
        const adult = addDays(child.row.birthDate!, 366 * 18);
        const moveIn = maxIso(house.moveIn, child.row.birthDate!);
        const moveOut = dateBetween(maxIso(adult, addDays(moveIn, 30)), addDays(today, -30));
        const lately = addDays(today, -rnd.int(1, 30));
        residency(child, house, 'child', moveIn, moveOut > moveIn ? moveOut : lately);
      }
    }
  }

  // ── tags ──
  for (const estate of Object.values(estates)) {
    for (const p of estate.everyone) {
      if (p.age < 18 || p.overseas || isNamed(p)) continue;
      const reg = p.row.populationType !== 'floating';
      if (p.age >= 25 && chance(reg ? 0.07 : 0.02) && !p.row.tags.includes('党员')) p.row.tags.push('党员');
      if (p.house && p.age <= 70 && chance(reg ? 0.03 : 0.01)) p.row.tags.push('志愿者');
      if (reg && p.gender === 'male' && p.age >= 30 && p.age <= 75 && chance(0.02))
        p.row.tags.push('退役军人');
    }
    for (const building of under(estate.place, 'building')) {
      const candidates = estate.residents.filter(
        (p) =>
          p.house!.building === building &&
          p.age >= 38 &&
          p.age <= 70 &&
          p.row.populationType === 'registered',
      );
      if (candidates.length > 0) rnd.pick(candidates).row.tags.push('楼栋长');
    }
  }

  // ── special and care groups ──
  const workerVisits: Record<string, string> = {
    correction: '古南司法所 邓宏',
    mental: '精防医生 彭丽华',
  };
  const addCase = (
    p: Person,
    c: {
      kind: 'special' | 'care';
      group: SpecialGroup | CareGroup;
      attention?: AttentionLevel;
      level?: 1 | 2 | 3;
      details: Record<string, unknown>;
      plan: string;
      every: number;
      startedOn: string;
      endedOn?: string;
      endReason?: string;
      /** Days since the last visit; default: on schedule for most, overdue for about one in five. */
      lastAgo?: number;
    },
  ) => {
    const house = p.house!;
    const end = c.endedOn ?? today;
    const overdue = c.lastAgo === undefined ? chance(0.2) : c.lastAgo > c.every;
    const ago = c.lastAgo ?? (overdue ? c.every + rnd.int(1, 25) : rnd.int(0, c.every - 1));
    const visits: string[] = [];
    for (let v = addDays(end, -ago); v >= c.startedOn && visits.length < 6; ) {
      visits.push(v);
      v = addDays(v, -Math.max(1, c.every + rnd.int(-2, 2)));
    }
    const last = visits[0] ?? null;
    const gc: GroupCaseInsert = {
      id: uuid(),
      kind: c.kind,
      personId: p.row.id,
      group: c.group,
      attention: c.attention ?? null,
      level: c.level ?? null,
      details: c.details,
      responsibleName: house.worker,
      plan: c.plan,
      visitEveryDays: c.every,
      startedOn: c.startedOn,
      endedOn: c.endedOn ?? null,
      endReason: c.endReason ?? '',
      lastVisitOn: last,
      nextVisitDue: addDays(last ?? c.startedOn, c.every),
      placePath: p.row.placePath,
      isDemo: true,
    };
    out.groupCases.push(gc);
    for (const visitedOn of visits.reverse()) {
      const partner = workerVisits[c.group];
      out.caseVisits.push({
        id: uuid(),
        caseId: gc.id,
        visitedOn,
        visitorName:
          partner && chance(0.3) ? partner : c.group === 'petition' && chance(0.3) ? '黄警官' : house.worker,
        findings: rnd.pick(FINDINGS[c.group]),
        help: chance(c.kind === 'care' ? 0.6 : 0.2)
          ? rnd.pick(HELP[c.kind === 'care' ? (c.group as CareGroup) : 'special'])
          : '',
        placePath: p.row.placePath,
      });
    }
    if (c.kind === 'special') p.special = true;
    else p.care = true;
  };

  const CRIMES = [
    '盗窃罪',
    '诈骗罪',
    '故意伤害罪',
    '寻衅滋事罪',
    '开设赌场罪',
    '交通肇事罪',
    '抢劫罪',
    '非法拘禁罪',
  ];
  const CORRECTION_CRIMES = [
    '危险驾驶罪',
    '盗窃罪',
    '诈骗罪',
    '交通肇事罪',
    '帮助信息网络犯罪活动罪',
    '掩饰、隐瞒犯罪所得罪',
    '故意伤害罪',
  ];
  const special = (
    p: Person,
    group: SpecialGroup,
    over: {
      attention?: AttentionLevel;
      details?: Record<string, unknown>;
      every?: number;
      startedOn?: string;
      lastAgo?: number;
    } = {},
  ) => {
    const plan = rnd.pick(PLANS[group]);
    switch (group) {
      case 'released': {
        const releasedOn = addDays(today, -rnd.int(60, 1600));
        const recent = dayNo(releasedOn) > todayNo - 365;
        addCase(p, {
          kind: 'special',
          group,
          attention: recent ? 'high' : chance(0.5) ? 'medium' : 'low',
          details: { releasedOn, crime: rnd.pick(CRIMES) },
          plan,
          every: recent ? 30 : 60,
          startedOn: addDays(releasedOn, rnd.int(1, 10)),
          ...over,
        });
        return;
      }
      case 'correction': {
        const x = rnd.next();
        const correctionKind =
          x < 0.7
            ? 'probation'
            : x < 0.82
              ? 'parole'
              : x < 0.9
                ? 'outside'
                : x < 0.96
                  ? 'control'
                  : 'deprivation';
        const start = addDays(today, -rnd.int(30, 900));
        const details = {
          correctionKind,
          correctionStart: start,
          correctionEnd: addDays(start, rnd.int(6, 36) * 30),
          crime: rnd.pick(CORRECTION_CRIMES),
          ...over.details,
        };
        // A term that has run out is a closed case (解除矫正: 期满).
        const ended = details.correctionEnd < today;
        addCase(p, {
          kind: 'special',
          group,
          attention: correctionKind === 'probation' && chance(0.6) ? 'medium' : 'high',
          plan,
          every: 7,
          startedOn: details.correctionStart,
          ...(ended ? { endedOn: details.correctionEnd, endReason: '期满' } : {}),
          ...over,
          details,
        });
        return;
      }
      case 'mental': {
        const x = rnd.next();
        const riskLevel = x < 0.35 ? 0 : x < 0.65 ? 1 : x < 0.83 ? 2 : x < 0.93 ? 3 : x < 0.98 ? 4 : 5;
        const guardian = p.house!.members.find((m) => m !== p && m.age >= 18)?.row.name ?? '社区代管';
        addCase(p, {
          kind: 'special',
          group,
          attention: riskLevel >= 3 ? 'high' : riskLevel >= 1 ? 'medium' : 'low',
          details: { riskLevel, guardian },
          plan,
          every: [30, 30, 14, 14, 7, 7][riskLevel],
          startedOn: addDays(today, -rnd.int(100, 2500)),
          ...over,
        });
        return;
      }
      case 'youth': {
        const kinds =
          p.age < 16
            ? (['misconduct', 'inmate_child', 'other'] as const)
            : (['idle', 'idle', 'misconduct', 'serious', 'other'] as const);
        addCase(p, {
          kind: 'special',
          group,
          attention: chance(0.3) ? 'high' : chance(0.6) ? 'medium' : 'low',
          details: { youthKind: rnd.pick(kinds) },
          plan,
          every: 30,
          startedOn: addDays(today, -rnd.int(60, 700)),
          ...over,
        });
        return;
      }
      default: {
        const remarks: Record<string, string[]> = {
          drug: ['社区康复', '社区戒毒', '解除强制隔离戒毒后社区康复', '戒断三年未复吸'],
          aids: ['疾控中心定期随访'],
          petition: ['房屋征收补偿诉求', '劳动报酬纠纷', '物业服务纠纷', '医疗纠纷'],
        };
        addCase(p, {
          kind: 'special',
          group,
          attention:
            group === 'petition' && chance(0.5)
              ? 'high'
              : group === 'aids'
                ? 'medium'
                : chance(0.5)
                  ? 'medium'
                  : 'low',
          details: { remark: rnd.pick(remarks[group]) },
          plan,
          every: group === 'aids' ? 90 : 30,
          startedOn: addDays(today, -rnd.int(60, 1500)),
          ...over,
        });
      }
    }
  };
  const care = (p: Person, group: CareGroup, level: 1 | 2 | 3, lastAgo?: number) => {
    addCase(p, {
      kind: 'care',
      group,
      level,
      details: {},
      plan: CARE_PLANS[group],
      every: CARE_LEVEL_VISIT_DAYS[level],
      startedOn: addDays(today, -rnd.int(45, Math.max(60, Math.min(1800, p.age * 365)))),
      lastAgo,
    });
  };

  // The named cases first (wangge's and wangge2's grids each get both kinds).
  const n = (name: string) => named.get(name)!;
  // Their details are fixed too, so tests and the manual may rely on them.
  const correctionStart = addDays(today, -200);
  special(n(R.correction.name), 'correction', {
    attention: 'high',
    details: {
      correctionKind: 'probation',
      correctionStart,
      correctionEnd: addDays(correctionStart, 730),
      crime: '危险驾驶罪',
    },
    every: 7,
    startedOn: correctionStart,
    lastAgo: 12,
  });
  special(n(R.mental.name), 'mental', {
    attention: 'medium',
    details: { riskLevel: 2, guardian: R.mentalGuardian.name },
    every: 14,
    lastAgo: 5,
  });
  care(n(R.elder.name), 'elderly_alone', 3, 3);
  care(n(R.dibao.name), 'dibao', 2, 20);

  const eligible = (estate: Estate, test: (p: Person) => boolean) =>
    estate.residents.filter((p) => !p.overseas && !p.special && !isNamed(p) && test(p));
  const pickSome = (pool: Person[], count: number, maleBias = 0.5) => {
    const chosen: Person[] = [];
    const list = shuffle([...pool]);
    for (const p of list) {
      if (chosen.length >= count) break;
      if (p.gender === 'female' && maleBias > 0.5 && !chance((1 - maleBias) / maleBias)) continue;
      chosen.push(p);
    }
    return chosen;
  };
  const SPECIAL_RULES: Record<Exclude<SpecialGroup, 'aids'>, { min: number; max: number; male: number }> = {
    released: { min: 25, max: 65, male: 0.85 },
    correction: { min: 20, max: 65, male: 0.8 },
    mental: { min: 18, max: 75, male: 0.5 },
    drug: { min: 20, max: 55, male: 0.8 },
    youth: { min: 12, max: 24, male: 0.7 },
    petition: { min: 40, max: 78, male: 0.6 },
  };
  for (const estate of Object.values(estates)) {
    const residents = estate.residents.length;
    for (const [group, rate] of Object.entries(SPECIAL_RATES) as [Exclude<SpecialGroup, 'aids'>, number][]) {
      const rule = SPECIAL_RULES[group];
      const count = Math.max(1, Math.round((rate * residents) / 1000));
      const pool = eligible(estate, (p) => p.age >= rule.min && p.age <= rule.max);
      for (const p of pickSome(pool, count, rule.male)) special(p, group);
    }
    if (estate.spec.key !== 'jinxiu') {
      const [p] = pickSome(
        eligible(estate, (x) => x.age >= 25 && x.age <= 50),
        1,
      );
      special(p, 'aids');
    }
    // 重点关注 on the door of a few of the high-attention homes.
    const byId = new Map(estate.residents.map((r) => [r.row.id, r]));
    for (const gc of out.groupCases) {
      const p = byId.get(gc.personId);
      if (
        p &&
        gc.kind === 'special' &&
        gc.attention === 'high' &&
        chance(0.5) &&
        !p.house!.row.tags!.includes('重点关注')
      )
        p.house!.row.tags = [...p.house!.row.tags!, '重点关注'];
    }

    const careFree = (p: Person) => !p.care && !p.overseas && !isNamed(p);
    for (const h of estate.houses) {
      const head = h.members[0];
      if (!head || !careFree(head)) continue;
      if (h.householdType === 'single_elder' && chance(0.5))
        care(head, 'elderly_alone', head.age >= 80 ? 3 : 2);
      else if (h.householdType === 'couple_elder' && h.members.every((m) => m.age >= 70) && chance(0.15))
        care(head, 'elderly_alone', 1);
    }
    for (const p of estate.residents.filter(
      (x) => x.row.populationType === 'left_behind' && x.age <= 16 && careFree(x),
    ))
      care(p, 'left_behind_child', p.age <= 8 ? 3 : 2);
    const selfHeads = estate.houses.filter((h) => h.occupancy === 'self').map((h) => h.members[0]);
    for (const p of pickSome(selfHeads.filter(careFree), Math.round(residents * 0.006)))
      care(p, 'dibao', chance(0.3) ? 2 : 1);
    for (const p of pickSome(
      eligible(estate, (x) => x.age >= 5).filter(careFree),
      Math.round(residents * 0.007),
    )) {
      const level = chance(0.2) ? 3 : chance(0.5) ? 2 : 1;
      const kind = rnd.pick(['肢体', '视力', '听力', '智力', '言语']);
      p.row.note = `持残疾人证（${kind}${['', '四', '三', '二'][level]}级）`;
      care(p, 'disabled', level);
    }
    for (const p of pickSome(selfHeads.filter(careFree), Math.round(residents * 0.003)))
      care(p, 'hardship', chance(0.3) ? 2 : 1);
  }
  return out;

  function pickFloatingOriginByCode(code: string): Origin {
    for (let i = 0; i < 1000; i++) {
      const o = pickFloatingOrigin(rnd);
      if (o.code === code) return o;
    }
    throw new Error(`no origin ${code}`);
  }
}

/**
 * Inserts the registry inside loadDemo's transaction, in batches and in dependency order. Rows
 * that name a demo account (grid workers 王磊 and 陈静, 黄警官) are linked to that user.
 */
export async function loadRegistryDemo(
  db: Db,
  pii: PiiCipher,
  demo: DemoPlaces,
  today: string,
  rnd: Random,
): Promise<RegistryCounts> {
  const data = buildRegistryDemo(rnd, demo, pii, today);
  const accounts = await db
    .select({ id: users.id, name: users.displayName })
    .from(users)
    .where(inArray(users.username, ['wangge', 'wangge2', 'minjing']));
  const userId = new Map(accounts.map((a) => [a.name, a.id]));
  for (const t of data.tenancies) t.registeredBy = userId.get(t.registeredByName) ?? null;
  for (const c of data.groupCases) c.responsibleId = userId.get(c.responsibleName ?? '') ?? null;
  for (const v of data.caseVisits) v.visitorId = userId.get(v.visitorName) ?? null;

  await insertRows(db, houses, data.houses);
  await insertRows(db, people, data.people);
  await insertRows(db, residencies, data.residencies);
  await insertRows(db, houseOwners, data.houseOwners);
  await insertRows(db, tenancies, data.tenancies);
  await insertRows(db, tenancyTenants, data.tenancyTenants);
  await insertRows(db, groupCases, data.groupCases);
  await insertRows(db, caseVisits, data.caseVisits);
  return Object.fromEntries(Object.entries(data).map(([k, rows]) => [k, rows.length])) as RegistryCounts;
}
