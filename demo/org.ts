import type { PlaceKind } from '../src/shared/places.js';
import type { Random } from './random.js';

export interface DemoPlace {
  id: string;
  parentId: string | null;
  kind: PlaceKind;
  code: string;
  name: string;
  sortOrder: number;
  path: string;
  depth: number;
}

export const DEMO_PASSWORD = 'anju2026';

/** Named places later demo data and tests refer to. */
export interface DemoPlaces {
  all: DemoPlace[];
  street: DemoPlace;
  jinxiuCommunity: DemoPlace;
  jinxiuEstate: DemoPlace;
  jinxiuGrid1: DemoPlace;
  jinxiuGrid2: DemoPlace;
  yujiaCommunity: DemoPlace;
  yujiaEstate: DemoPlace;
  nanhuaCommunity: DemoPlace;
  nanhuaEstate: DemoPlace;
  /** 锦绣春天 1栋 1单元: where the demo resident lives. */
  residentUnit: DemoPlace;
}

const CN_NUM = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const cn = (n: number) =>
  n <= 10 ? CN_NUM[n] : n < 20 ? `十${CN_NUM[n - 10]}` : `${CN_NUM[Math.floor(n / 10)]}十${CN_NUM[n % 10]}`;

/**
 * 古南街道, after the seeds: 锦绣春天小区 (000: 6 buildings, 4 high-rise with lifts and 2 mid-rise,
 * 844 households), an open old estate like 于家一社区 (004: 2,612 households), and 南华社区 (003:
 * 28 sub-grids).
 */
export function buildDemoPlaces(rnd: Random): DemoPlaces {
  const all: DemoPlace[] = [];
  const add = (
    parent: DemoPlace | null,
    kind: PlaceKind,
    code: string,
    name: string,
    sortOrder = 0,
  ): DemoPlace => {
    const id = rnd.uuid();
    const p: DemoPlace = {
      id,
      parentId: parent?.id ?? null,
      kind,
      code,
      name,
      sortOrder,
      path: `${parent?.path ?? '/'}${id}/`,
      depth: (parent?.depth ?? -1) + 1,
    };
    all.push(p);
    return p;
  };
  const building = (parent: DemoPlace, no: number, units: number) => {
    const b = add(parent, 'building', `B${String(no).padStart(2, '0')}`, `${no}栋`, no);
    const list = [];
    for (let u = 1; u <= units; u++) list.push(add(b, 'unit', `U${u}`, `${u}单元`, u));
    return { b, units: list };
  };

  const street = add(null, 'street', 'GN', '古南街道');

  const jinxiuCommunity = add(street, 'community', 'JX', '锦绣社区', 1);
  const jinxiuEstate = add(jinxiuCommunity, 'estate', 'JXCT', '锦绣春天小区', 1);
  const jinxiuGrid1 = add(jinxiuEstate, 'grid', 'G01', '锦绣春天第一网格', 1);
  const jinxiuGrid2 = add(jinxiuEstate, 'grid', 'G02', '锦绣春天第二网格', 2);
  // 1–4栋 high-rise with 2 units each, 5–6栋 mid-rise with 3 units.
  const first = building(jinxiuGrid1, 1, 2);
  building(jinxiuGrid1, 2, 2);
  building(jinxiuGrid1, 3, 2);
  building(jinxiuGrid2, 4, 2);
  building(jinxiuGrid2, 5, 3);
  building(jinxiuGrid2, 6, 3);

  const yujiaCommunity = add(street, 'community', 'YJY', '于家一社区', 2);
  const yujiaEstate = add(yujiaCommunity, 'estate', 'YJY1', '于家一小区', 1);
  let no = 1;
  for (let g = 1; g <= 4; g++) {
    const grid = add(yujiaEstate, 'grid', `G${String(g).padStart(2, '0')}`, `于家一第${cn(g)}网格`, g);
    for (let i = 0; i < 6; i++, no++) building(grid, no, rnd.int(2, 4));
  }

  const nanhuaCommunity = add(street, 'community', 'NH', '南华社区', 3);
  const nanhuaEstate = add(nanhuaCommunity, 'estate', 'NHJY', '南华家园', 1);
  let bno = 1;
  let micro = 1;
  for (let g = 1; g <= 4; g++) {
    const grid = add(nanhuaEstate, 'grid', `G${String(g).padStart(2, '0')}`, `南华第${cn(g)}网格`, g);
    for (let m = 1; m <= 7; m++, micro++) {
      const mg = add(grid, 'grid', `M${String(micro).padStart(2, '0')}`, `第${cn(micro)}微网格`, m);
      building(mg, bno++, 2);
    }
  }

  return {
    all,
    street,
    jinxiuCommunity,
    jinxiuEstate,
    jinxiuGrid1,
    jinxiuGrid2,
    yujiaCommunity,
    yujiaEstate,
    nanhuaCommunity,
    nanhuaEstate,
    residentUnit: first.units[0],
  };
}

export interface DemoAccount {
  username: string;
  displayName: string;
  role: string;
  place: keyof Omit<DemoPlaces, 'all'> | null;
  phone: string;
}

// One account per role; phones are in 199-0000, a range no real subscriber holds in the demo.
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'admin', displayName: '系统管理员', role: 'sysadmin', place: null, phone: '19900000001' },
  { username: 'jiedao', displayName: '周建国', role: 'street_admin', place: 'street', phone: '19900000002' },
  {
    username: 'shequ',
    displayName: '李秀英',
    role: 'community_officer',
    place: 'jinxiuCommunity',
    phone: '19900000003',
  },
  {
    username: 'wangge',
    displayName: '王磊',
    role: 'grid_worker',
    place: 'jinxiuGrid1',
    phone: '19900000004',
  },
  {
    username: 'wangge2',
    displayName: '陈静',
    role: 'grid_worker',
    place: 'jinxiuGrid2',
    phone: '19900000005',
  },
  {
    username: 'baoan',
    displayName: '刘强',
    role: 'security_guard',
    place: 'jinxiuEstate',
    phone: '19900000006',
  },
  {
    username: 'tiaojie',
    displayName: '张桂芳',
    role: 'mediator',
    place: 'jinxiuCommunity',
    phone: '19900000007',
  },
  {
    username: 'lvshi',
    displayName: '杨律师',
    role: 'legal_advisor',
    place: 'jinxiuCommunity',
    phone: '19900000008',
  },
  {
    username: 'yeweihui',
    displayName: '赵志明',
    role: 'owners_committee',
    place: 'jinxiuEstate',
    phone: '19900000009',
  },
  {
    username: 'minjing',
    displayName: '黄警官',
    role: 'community_police',
    place: 'jinxiuCommunity',
    phone: '19900000010',
  },
  {
    username: 'zhiyuan',
    displayName: '吴秀兰',
    role: 'volunteer',
    place: 'jinxiuEstate',
    phone: '19900000011',
  },
  { username: 'jumin', displayName: '孙建华', role: 'resident', place: 'residentUnit', phone: '19900000012' },
];
