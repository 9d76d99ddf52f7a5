import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  BookOutlined,
  BuildOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  CloudUploadOutlined,
  ContactsOutlined,
  EditOutlined,
  FileSearchOutlined,
  FireOutlined,
  FlagOutlined,
  FundOutlined,
  HeartOutlined,
  HomeOutlined,
  IdcardOutlined,
  KeyOutlined,
  PartitionOutlined,
  ProfileOutlined,
  SafetyCertificateOutlined,
  SafetyOutlined,
  ScheduleOutlined,
  SettingOutlined,
  SolutionOutlined,
  TeamOutlined,
  TrophyOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Permission } from '../../shared/permissions.js';

// The menu, grouped by capability as UI.md lists them. A capability adds its group here when it
// lands; a group shows only when the user holds the permission of at least one of its items.
export interface NavItem {
  path: string;
  label: string;
  icon: ReactNode;
  permission?: Permission;
  description: string;
}

export interface NavGroup {
  key: string;
  label: string;
  icon: ReactNode;
  items: NavItem[];
}

export const HOME_ITEM: NavItem = {
  path: '/',
  label: '首页',
  icon: <HomeOutlined />,
  description: '工作概览',
};

export const NAV_GROUPS: NavGroup[] = [
  {
    key: 'registry',
    label: '以房管人',
    icon: <BankOutlined />,
    items: [
      {
        path: '/registry/houses',
        label: '楼盘表',
        icon: <BuildOutlined />,
        permission: 'registry.read',
        description: '按楼栋查看每层每户的用途、住户与出租情况',
      },
      {
        path: '/registry/people',
        label: '实有人口',
        icon: <IdcardOutlined />,
        permission: 'registry.read',
        description: '人员登记与综合查询：姓名、拼音、证件号、手机号、地址',
      },
      {
        path: '/registry/tenancies',
        label: '出租房屋',
        icon: <KeyOutlined />,
        permission: 'registry.read',
        description: '出租登记、即将到期合同与未登记流动人口',
      },
      {
        path: '/registry/special',
        label: '特殊人群',
        icon: <AlertOutlined />,
        permission: 'registry.special',
        description: '刑满释放、社区矫正、严重精神障碍等人员的帮教与走访',
      },
      {
        path: '/registry/care',
        label: '关爱对象',
        icon: <HeartOutlined />,
        permission: 'registry.read',
        description: '低保、残疾、空巢独居老人、留守儿童的星级服务与走访',
      },
      {
        path: '/registry/stats',
        label: '统计分析',
        icon: <BarChartOutlined />,
        permission: 'registry.read',
        description: '房屋、人口、出租与列管率统计',
      },
      {
        path: '/registry/import',
        label: '数据导入',
        icon: <CloudUploadOutlined />,
        permission: 'registry.import',
        description: '用 Excel 批量导入房屋、人口与出租登记',
      },
    ],
  },
  {
    key: 'grid',
    label: '网格化管理',
    icon: <PartitionOutlined />,
    items: [
      {
        path: '/grid/my-day',
        label: '我的今日',
        icon: <CalendarOutlined />,
        permission: 'grid.work',
        description: '签到、今日待走访、待办事件与民情日记',
      },
      {
        path: '/grid/events',
        label: '事件列表',
        icon: <ProfileOutlined />,
        permission: 'grid.read',
        description: '上报、受理、处置、办结、回访与归档',
      },
      {
        path: '/grid/report',
        label: '上报事件',
        icon: <EditOutlined />,
        permission: 'grid.report',
        description: '拍照上报巡查发现的问题和居民反映的事',
      },
      {
        path: '/grid/diary',
        label: '民情日记',
        icon: <BookOutlined />,
        permission: 'grid.read',
        description: '网格员入户走访和巡查记录',
      },
      {
        path: '/grid/members',
        label: '网格成员',
        icon: <ContactsOutlined />,
        permission: 'grid.read',
        description: '网格长、网格员、楼栋长与服务名片',
      },
      {
        path: '/grid/campaigns',
        label: '专项行动',
        icon: <FlagOutlined />,
        permission: 'grid.read',
        description: '矛盾纠纷大排查等专项行动的进度',
      },
      {
        path: '/grid/metrics',
        label: '三率统计',
        icon: <FundOutlined />,
        permission: 'grid.read',
        description: '响应率、按期办结率、满意率与办理量',
      },
      {
        path: '/grid/scores',
        label: '月考评',
        icon: <TrophyOutlined />,
        permission: 'grid.read',
        description: '网格员每月走访、上报、办结与满意度得分',
      },
    ],
  },
  {
    key: 'fire',
    label: '消防安全',
    icon: <FireOutlined />,
    items: [
      {
        path: '/fire/hazards',
        label: '火灾隐患',
        icon: <AlertOutlined />,
        permission: 'fire.read',
        description: '隐患整改：发现、整改、复查、销号，逾期自动升级',
      },
      {
        path: '/fire/inspections',
        label: '防火检查',
        icon: <CheckSquareOutlined />,
        permission: 'fire.read',
        description: '月度防火检查表，手机上逐项检查',
      },
      {
        path: '/fire/equipment',
        label: '消防器材',
        icon: <SafetyOutlined />,
        permission: 'fire.read',
        description: '灭火器、消火栓、烟感等，即将到期和已过期提醒',
      },
      {
        path: '/fire/drills',
        label: '演练与预案',
        icon: <ScheduleOutlined />,
        permission: 'fire.read',
        description: '消防演练培训、应急预案联系人与义务消防队',
      },
    ],
  },
  {
    key: 'mediation',
    label: '矛盾调处',
    icon: <SolutionOutlined />,
    items: [
      {
        path: '/mediation/cases',
        label: '调解案件',
        icon: <SolutionOutlined />,
        permission: 'mediation.read',
        description: '纠纷登记、受理、调解、协议书、回访与结案归档',
      },
      {
        path: '/mediation/warnings',
        label: '纠纷预警',
        icon: <WarningOutlined />,
        permission: 'mediation.read',
        description: '有激化风险的案件、包案与应急联动，近期待回访',
      },
      {
        path: '/mediation/sweeps',
        label: '矛盾排查',
        icon: <FileSearchOutlined />,
        permission: 'mediation.read',
        description: '定期排查发现的纠纷逐条立案',
      },
      {
        path: '/mediation/committees',
        label: '调解委员会',
        icon: <TeamOutlined />,
        permission: 'mediation.read',
        description: '调委会成员、组成合法性与应急联动部门',
      },
      {
        path: '/mediation/stats',
        label: '调解统计',
        icon: <BarChartOutlined />,
        permission: 'mediation.read',
        description: '按层级、类别、结果统计成功率与用时',
      },
    ],
  },
  {
    key: 'legal',
    label: '法律服务',
    icon: <BookOutlined />,
    items: [
      {
        path: '/legal/requests',
        label: '法律服务',
        icon: <ProfileOutlined />,
        permission: 'legal.read',
        description: '法律咨询、法律援助、劳动维权与便民诉讼指引的受理与答复',
      },
      {
        path: '/legal/duty',
        label: '值班表',
        icon: <CalendarOutlined />,
        permission: 'legal.read',
        description: '法律顾问按周、按地点值班',
      },
      {
        path: '/legal/contacts',
        label: '法律明白人',
        icon: <ContactsOutlined />,
        permission: 'legal.read',
        description: '各楼栋的法律明白人，公示在网格公示牌上',
      },
      {
        path: '/legal/agreements',
        label: '顾问协议',
        icon: <SafetyCertificateOutlined />,
        permission: 'legal.read',
        description: '法律顾问协议的期限、服务内容与即将到期提醒',
      },
      {
        path: '/legal/articles',
        label: '知识库',
        icon: <BookOutlined />,
        permission: 'legal.read',
        description: '法律解读、常见问题与以案说法，居民可在手机上查看',
      },
      {
        path: '/legal/boards',
        label: '宣传专栏',
        icon: <FlagOutlined />,
        permission: 'legal.read',
        description: '各小区宣传专栏的当前内容与本月未更换提醒',
      },
      {
        path: '/legal/school',
        label: '法治夜校',
        icon: <TeamOutlined />,
        permission: 'legal.read',
        description: '每月课程、扫码报名签到与参学统计',
      },
      {
        path: '/legal/stats',
        label: '服务统计',
        icon: <BarChartOutlined />,
        permission: 'legal.read',
        description: '按类型、月份与小区统计法律服务',
      },
    ],
  },
  {
    key: 'governance',
    label: '业主自治',
    icon: <TeamOutlined />,
    items: [
      {
        // Every signed-in user may be an owner: the server shows only votes of houses they own.
        path: '/owner/votes',
        label: '我的表决',
        icon: <AuditOutlined />,
        description: '我名下房屋正在进行的业主表决，在手机上投票',
      },
      {
        path: '/gov/committee',
        label: '业主委员会',
        icon: <TeamOutlined />,
        permission: 'governance.read',
        description: '业委会成员与任期、物业服务企业、业主身份核验',
      },
      {
        path: '/gov/meetings',
        label: '会议与议事',
        icon: <CalendarOutlined />,
        permission: 'governance.read',
        description: '月例会、联席会、协调会、季度议事会、业主大会：议程、纪要与决定',
      },
      {
        path: '/gov/tasks',
        label: '决定事项督办',
        icon: <FlagOutlined />,
        permission: 'governance.read',
        description: '会议决定形成的任务，逾期清单与整改销号',
      },
      {
        path: '/gov/votes',
        label: '业主表决',
        icon: <AuditOutlined />,
        permission: 'governance.read',
        description: '按民法典第278条计票的表决与选举：进度、纸质票录入、结果公告',
      },
      {
        path: '/gov/rules',
        label: '规约与章程',
        icon: <BookOutlined />,
        permission: 'governance.read',
        description: '管理规约、议事规则、业委会章程及其历次版本',
      },
      {
        path: '/gov/lists',
        label: '四张清单',
        icon: <ProfileOutlined />,
        permission: 'governance.read',
        description: '党支部、业委会、物业、社会组织四张清单与物业服务清单',
      },
    ],
  },
  {
    key: 'notices',
    label: '通知公告',
    icon: <AlertOutlined />,
    items: [
      {
        path: '/notices/items',
        label: '通知公告',
        icon: <ProfileOutlined />,
        permission: 'notices.read',
        description: '定向发布通知，查看阅读回执与各渠道推送情况',
      },
      {
        path: '/notices/templates',
        label: '通知模板',
        icon: <EditOutlined />,
        permission: 'notices.read',
        description: '每周平安提示等常用通知的模板与占位符',
      },
      {
        path: '/notices/channels',
        label: '推送渠道',
        icon: <SettingOutlined />,
        permission: 'notices.channels',
        description: '企业微信、钉钉、飞书群机器人与短信网关（地址与密钥加密保存）',
      },
    ],
  },
  {
    key: 'volunteers',
    label: '志愿服务',
    icon: <HeartOutlined />,
    items: [
      {
        path: '/volunteers/teams',
        label: '志愿者队伍',
        icon: <TeamOutlined />,
        permission: 'volunteers.read',
        description: '队伍、队员、排班、活动与服务时长',
      },
      {
        path: '/volunteers/log',
        label: '登记服务',
        icon: <FlagOutlined />,
        permission: 'volunteers.read',
        description: '队长在手机上登记一次巡逻或活动的服务时长',
      },
      {
        path: '/volunteers/applications',
        label: '报名审核',
        icon: <IdcardOutlined />,
        permission: 'volunteers.read',
        description: '居民在公开页面的报名，审核通过即入队',
      },
    ],
  },
  {
    key: 'system',
    label: '系统管理',
    icon: <SettingOutlined />,
    items: [
      {
        path: '/org/places',
        label: '区域架构',
        icon: <ApartmentOutlined />,
        permission: 'org.place.read',
        description: '街道、社区、小区、网格、楼栋、单元的层级与编码',
      },
      {
        path: '/org/users',
        label: '用户管理',
        icon: <TeamOutlined />,
        permission: 'org.user.read',
        description: '账号、角色授权与管辖区域',
      },
      {
        path: '/org/roles',
        label: '角色管理',
        icon: <SafetyCertificateOutlined />,
        permission: 'org.role.manage',
        description: '角色及其权限',
      },
      {
        path: '/audit/events',
        label: '审计日志',
        icon: <AuditOutlined />,
        permission: 'audit.read',
        description: '谁在何时做了什么，防篡改校验',
      },
    ],
  },
];

export function visibleGroups(can: (permission: Permission) => boolean): NavGroup[] {
  return NAV_GROUPS.map((group) => ({
    ...group,
    items: group.items.filter((item) => !item.permission || can(item.permission)),
  })).filter((group) => group.items.length > 0);
}

/** The breadcrumb trail for a path: 首页 › group › item. */
export function trailFor(pathname: string): { label: string; path?: string }[] {
  if (pathname === '/') return [{ label: HOME_ITEM.label }];
  if (pathname === '/change-password') return [{ label: HOME_ITEM.label, path: '/' }, { label: '修改密码' }];
  if (pathname === '/notifications') return [{ label: HOME_ITEM.label, path: '/' }, { label: '我的通知' }];
  if (pathname.startsWith('/notices/received/'))
    return [
      { label: HOME_ITEM.label, path: '/' },
      { label: '我的通知', path: '/notifications' },
      { label: '通知' },
    ];
  for (const group of NAV_GROUPS) {
    const item = group.items.find((i) => pathname === i.path || pathname.startsWith(`${i.path}/`));
    if (item) return [{ label: HOME_ITEM.label, path: '/' }, { label: group.label }, { label: item.label }];
  }
  return [{ label: HOME_ITEM.label, path: '/' }, { label: '页面不存在' }];
}

export function findNavItem(pathname: string): NavItem | undefined {
  for (const group of NAV_GROUPS) {
    const item = group.items.find((i) => pathname === i.path || pathname.startsWith(`${i.path}/`));
    if (item) return item;
  }
  return undefined;
}
