// Every permission the platform knows, with the label the role editor shows.
// Capabilities add theirs here as they land; the menu and the authorization matrix read this list.
export const PERMISSIONS = {
  'org.place.read': '查看区域架构',
  'org.place.manage': '管理区域架构',
  'org.user.read': '查看用户',
  'org.user.manage': '管理用户与授权',
  'org.role.manage': '管理角色',
  'audit.read': '查看审计日志',
  'ops.jobs': '查看与重试后台任务',
  'pii.reveal': '查看完整个人信息',
  'registry.read': '查看房屋与人口',
  'registry.manage': '登记房屋、人口与出租',
  'registry.import': '批量导入房屋与人口',
  'registry.special': '特殊人群管理',
  'grid.read': '查看网格、事件与民情日记',
  'grid.report': '上报事件',
  'grid.work': '网格走访、签到与事件处置',
  'grid.manage': '网格成员、事件调度督办与专项行动',
  'requests.open311': '管理 Open311 接入密钥',
  'mediation.read': '查看矛盾纠纷与调解案件',
  'mediation.work': '受理、调解与回访案件',
  'mediation.manage': '调解委员会、排查、包案与应急联动',
  'fire.read': '查看消防设施、隐患与演练',
  'fire.manage': '消防设施、检查、隐患整改与演练管理',
  'legal.read': '查看法律服务、值班表与法治夜校',
  'legal.work': '办理法律咨询、援助与夜校签到',
  'legal.manage': '值班表、法律明白人、顾问协议、宣传专栏与夜校管理',
  'governance.read': '查看业委会、会议、表决与规约',
  'governance.manage': '组织会议、表决、选举与规约修订',
  'volunteers.read': '查看志愿者队伍与服务记录',
  'volunteers.manage': '管理志愿者队伍、排班与服务时长',
  'notices.read': '查看通知公告与送达情况',
  'notices.send': '发布通知公告',
  'notices.channels': '配置企业微信、钉钉、飞书与短信推送渠道',
} as const;

export type Permission = keyof typeof PERMISSIONS;
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(PERMISSIONS, value);
}
