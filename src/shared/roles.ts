import { ALL_PERMISSIONS, type Permission } from './permissions.js';

export interface BuiltinRole {
  code: string;
  name: string;
  description: string;
  permissions: readonly Permission[];
}

// The built-in roles of DOMAIN.md. Their permission sets are synchronised into the database at
// start-up, so a capability that lands later widens them by editing this list, not by a migration.
export const BUILTIN_ROLES: readonly BuiltinRole[] = [
  {
    code: 'sysadmin',
    name: '系统管理员',
    description: '维护系统、账号、角色与审计',
    permissions: ALL_PERMISSIONS,
  },
  {
    code: 'street_admin',
    name: '街道管理员',
    description: '街道平安办/综治办：统筹各社区与小区',
    permissions: [
      'org.place.read',
      'org.place.manage',
      'org.user.read',
      'org.user.manage',
      'audit.read',
      'pii.reveal',
      'registry.read',
      'registry.manage',
      'registry.import',
      'registry.special',
      'grid.read',
      'grid.report',
      'grid.work',
      'grid.manage',
    ],
  },
  {
    code: 'community_officer',
    name: '社区综治专干',
    description: '社区综治专干/网格长：登记、网格、事件、调解与报表',
    permissions: [
      'org.place.read',
      'org.place.manage',
      'org.user.read',
      'pii.reveal',
      'registry.read',
      'registry.manage',
      'registry.import',
      'registry.special',
      'grid.read',
      'grid.report',
      'grid.work',
      'grid.manage',
    ],
  },
  {
    code: 'grid_worker',
    name: '网格员',
    description: '网格员/楼栋长/微网格员：巡查、民情日记、走访与上报',
    permissions: [
      'org.place.read',
      'registry.read',
      'registry.manage',
      'grid.read',
      'grid.report',
      'grid.work',
    ],
  },
  {
    code: 'security_guard',
    name: '物业保安',
    description: '物业保安/物管中心：巡逻、门岗登记、设备与消防器材',
    permissions: ['org.place.read', 'grid.read', 'grid.report'],
  },
  {
    code: 'mediator',
    name: '调解员',
    description: '调解委员会成员：纠纷案件、调解与回访',
    permissions: ['org.place.read'],
  },
  {
    code: 'legal_advisor',
    name: '法律顾问',
    description: '法律顾问/法律明白人/司法所：咨询、援助与法治夜校',
    permissions: ['org.place.read'],
  },
  {
    code: 'owners_committee',
    name: '业委会成员',
    description: '业主委员会：会议、表决与管理规约',
    permissions: ['org.place.read'],
  },
  {
    code: 'community_police',
    name: '社区民警',
    description: '警情通报、分色预警与重点人员',
    permissions: [
      'org.place.read',
      'pii.reveal',
      'registry.read',
      'registry.special',
      'grid.read',
      'grid.report',
    ],
  },
  {
    code: 'volunteer',
    name: '志愿者',
    description: '平安志愿者、平安嫂、义务消防队等：排班与巡逻',
    permissions: [],
  },
  {
    code: 'resident',
    name: '居民',
    description: '居民/业主/租户：诉求、法律帮助、课程、表决与通知',
    permissions: [],
  },
];

export const ADMIN_ROLE_CODE = 'sysadmin';
