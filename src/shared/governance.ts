// Code lists of self-governance (自治): the owners' committee, meetings, owners' votes under
// 民法典第二百七十八条, estate rules and the four lists. Stored values are English codes; labels are
// what pages, notices and prints show.

const labels = <const T extends Record<string, string>>(map: T) => map;

export const COMMITTEE_POSTS = labels({ director: '主任', deputy: '副主任', member: '委员' });
export type CommitteePost = keyof typeof COMMITTEE_POSTS;

/** 003 "四个会" plus the 000 月例会 and the building meeting. */
export const MEETING_KINDS = labels({
  monthly: '月例会',
  joint: '联席会',
  coordination: '协调会',
  quarterly: '季度议事会',
  assembly: '业主大会',
  building: '楼栋会',
});
export type MeetingKind = keyof typeof MEETING_KINDS;

export const MEETING_STATUSES = labels({ planned: '待召开', held: '已召开', cancelled: '已取消' });
export type MeetingStatus = keyof typeof MEETING_STATUSES;

export const TASK_STATUSES = labels({ open: '办理中', done: '已销号' });
export type TaskStatus = keyof typeof TASK_STATUSES;

/**
 * The matters of 民法典第二百七十八条第一款, in its order. Items 6–8 need three quarters of the
 * participating area and owners; every other item more than half (第二款).
 */
export const VOTE_MATTERS = labels({
  assembly_rules: '（一）制定和修改业主大会议事规则',
  management_rules: '（二）制定和修改管理规约',
  committee: '（三）选举业主委员会或者更换业主委员会成员',
  property_company: '（四）选聘和解聘物业服务企业或者其他管理人',
  use_fund: '（五）使用建筑物及其附属设施的维修资金',
  raise_fund: '（六）筹集建筑物及其附属设施的维修资金',
  rebuild: '（七）改建、重建建筑物及其附属设施',
  common_use: '（八）改变共有部分的用途或者利用共有部分从事经营活动',
  other: '（九）有关共有和共同管理权利的其他重大事项',
});
export type VoteMatter = keyof typeof VOTE_MATTERS;

/** 第二百七十八条第二款: items 6–8 (筹集维修资金, 改建重建, 改变共有部分用途) need ≥ 3/4. */
export const SUPERMAJORITY_MATTERS: readonly VoteMatter[] = ['raise_fund', 'rebuild', 'common_use'];

export const VOTE_RULES = labels({
  majority: '过半数（参与表决专有部分面积过半数且参与表决人数过半数）',
  supermajority: '四分之三以上（参与表决专有部分面积四分之三以上且参与表决人数四分之三以上）',
});
export type VoteRule = keyof typeof VOTE_RULES;

export const voteRuleOf = (matter: VoteMatter): VoteRule =>
  SUPERMAJORITY_MATTERS.includes(matter) ? 'supermajority' : 'majority';

export const VOTE_KINDS = labels({ matter: '事项表决', election: '选举' });
export type VoteKind = keyof typeof VOTE_KINDS;

/** What an election fills. */
export const ELECTION_POSTS = labels({
  committee_member: '业主委员会成员',
  building_head: '楼栋长',
  owner_rep: '业主代表',
});
export type ElectionPost = keyof typeof ELECTION_POSTS;

export const VOTE_STATUSES = labels({
  draft: '草稿',
  open: '表决中',
  closed: '已计票',
  published: '已公告',
});
export type VoteStatus = keyof typeof VOTE_STATUSES;

export const CHOICES = labels({ yes: '同意', no: '反对', abstain: '弃权' });
export type Choice = keyof typeof CHOICES;

export const BALLOT_CHANNELS = labels({ online: '线上投票', paper: '纸质表决票' });
export type BallotChannel = keyof typeof BALLOT_CHANNELS;

export const RULE_KINDS = labels({
  management_rules: '管理规约',
  assembly_rules: '业主大会议事规则',
  committee_charter: '业主委员会章程',
});
export type RuleKind = keyof typeof RULE_KINDS;

/** 003 "四张清单", plus the property company's published 物业服务清单 (002). */
export const LIST_KINDS = labels({
  party: '党支部责任清单',
  committee: '业委会工作清单',
  property: '物业履职清单',
  social: '社会组织活动清单',
  property_service: '物业服务清单',
});
export type ListKind = keyof typeof LIST_KINDS;
export const FOUR_LISTS: readonly ListKind[] = ['party', 'committee', 'property', 'social'];

/** 0.01 m² integers ("cents" of area) ↔ the decimal text people read: 8950n ↔ '89.50'. */
export function areaText(cents: bigint | string): string {
  const v = typeof cents === 'bigint' ? cents : BigInt(cents);
  const neg = v < 0n;
  const a = neg ? -v : v;
  const whole = a / 100n;
  const frac = (a % 100n).toString().padStart(2, '0');
  return `${neg ? '-' : ''}${whole}.${frac}`;
}
