// Code lists of volunteer teams (志愿服务). The team kinds are those of the seeds: 000 (平安志愿者、
// 平安嫂、义务消防队), 003 (红袖套), 004 (six teams of 11: 义务巡逻队、义务消防队、护校队、法制宣传队、
// 民事调解队、扶贫帮困队 …).

const labels = <const T extends Record<string, string>>(map: T) => map;

export const TEAM_KINDS = labels({
  safety: '平安志愿者',
  sister: '平安嫂',
  armband: '红袖套',
  patrol: '义务巡逻队',
  fire: '义务消防队',
  school: '护校队',
  legal: '法制宣传队',
  mediation: '民事调解队',
  poverty: '扶贫帮困队',
  ringworm: '除癣队',
  ten_household: '十户联防组',
  other: '其他',
});
export type TeamKind = keyof typeof TEAM_KINDS;

export const VOLUNTEER_ROLES = labels({ leader: '队长', member: '队员' });
export type VolunteerRole = keyof typeof VOLUNTEER_ROLES;

export const WEEKDAYS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'] as const;

export const APPLICATION_STATUSES = labels({ pending: '待审核', approved: '已通过', rejected: '未通过' });
export type ApplicationStatus = keyof typeof APPLICATION_STATUSES;

/** Sign-ups kept per IP and hour from the public page. */
export const SIGNUP_LIMIT_PER_HOUR = 5;
/** One record is at most a day's service. */
export const RECORD_MAX_HOURS = 24;
