import { z } from 'zod';
import {
  BALLOT_CHANNELS,
  CHOICES,
  COMMITTEE_POSTS,
  ELECTION_POSTS,
  LIST_KINDS,
  MEETING_KINDS,
  MEETING_STATUSES,
  RULE_KINDS,
  TASK_STATUSES,
  VOTE_KINDS,
  VOTE_MATTERS,
  VOTE_RULES,
  VOTE_STATUSES,
} from '../governance.js';
import { keysOf } from '../registry.js';
import { optionalText, paged, pageQuery, text, uuid } from './common.js';
import { isoDate } from './registry.js';

const en = <T extends Record<string, string>>(map: T, label: string) =>
  z.enum(keysOf(map), { error: `请选择${label}` });

export const committeePost = en(COMMITTEE_POSTS, '职务');
export const meetingKind = en(MEETING_KINDS, '会议类型');
export const meetingStatus = en(MEETING_STATUSES, '会议状态');
export const taskStatus = en(TASK_STATUSES, '办理状态');
export const voteMatter = en(VOTE_MATTERS, '表决事项类别');
export const voteRule = en(VOTE_RULES, '表决规则');
export const voteKind = en(VOTE_KINDS, '表决类型');
export const electionPost = en(ELECTION_POSTS, '选举职务');
export const voteStatus = en(VOTE_STATUSES, '表决状态');
export const choice = en(CHOICES, '表决意见');
export const ballotChannel = en(BALLOT_CHANNELS, '投票方式');
export const ruleKind = en(RULE_KINDS, '规约类型');
export const listKind = en(LIST_KINDS, '清单类型');

const dateTime = z.iso.datetime({ offset: true, error: '时间格式不正确' });
/** The service desk's published landline (or 400 number): never a person's mobile, it is shown publicly. */
const deskPhone = z
  .string()
  .trim()
  .regex(/^(0\d{2,3}-?\d{7,8}|400-?\d{3}-?\d{4}|)$/, {
    error: '请填写物业服务中心的座机或 400 电话（带区号）',
  });
export const estateQuery = z.strictObject({ estateId: uuid });

/** A scan of a signed paper ballot: base64 of a JPEG/PNG/WebP photo or a PDF, inside the JSON body. */
export const scanInput = z.strictObject({
  name: optionalText(100, '文件名').default('表决票.jpg'),
  data: z
    .string({ error: '扫描件数据必须是文字' })
    .min(8, { error: '请上传表决票扫描件' })
    .max(8_000_000, { error: '扫描件不能超过 5 MB' })
    .regex(/^[A-Za-z0-9+/=\s]*$/, { error: '扫描件数据格式不正确' }),
});

// ── committee, property company, lists ──
export const memberInput = z.strictObject({
  personId: uuid.nullable().default(null),
  name: text(32, '姓名'),
  post: committeePost,
  termStart: isoDate,
  termEnd: isoDate,
  duties: optionalText(200, '分工').default(''),
});
export const committeeBody = z.strictObject({
  estateId: uuid,
  name: text(60, '名称'),
  termStart: isoDate,
  termEnd: isoDate,
  note: optionalText(500, '备注').default(''),
  members: z.array(memberInput).max(30, { error: '成员最多 30 人' }).default([]),
});
export const membersBody = z.strictObject({
  members: z.array(memberInput).max(30, { error: '成员最多 30 人' }),
});
export const committeeMember = z.object({
  id: z.string(),
  personId: z.string().nullable(),
  name: z.string(),
  post: committeePost,
  termStart: z.string(),
  termEnd: z.string(),
  duties: z.string(),
});
export const committee = z.object({
  id: z.string(),
  estateId: z.string(),
  estateName: z.string(),
  name: z.string(),
  termStart: z.string(),
  termEnd: z.string(),
  current: z.boolean(),
  note: z.string(),
  members: z.array(committeeMember),
});
export const committeeList = z.object({ items: z.array(committee) });

export const propertyCompanyBody = z.strictObject({
  estateId: uuid,
  name: text(80, '企业名称'),
  contactName: optionalText(32, '联系人').default(''),
  contactPhone: deskPhone.default(''),
  contractStart: isoDate,
  contractEnd: isoDate,
});
export const propertyCompany = z.object({
  id: z.string(),
  estateId: z.string(),
  name: z.string(),
  contactName: z.string(),
  contactPhone: z.string(),
  contractStart: z.string(),
  contractEnd: z.string(),
  current: z.boolean(),
});
export const propertyCompanyList = z.object({ items: z.array(propertyCompany) });

export const listItem = z.strictObject({
  title: text(200, '事项'),
  detail: optionalText(1000, '内容与标准').default(''),
  responsible: optionalText(60, '责任人/责任方').default(''),
});
export const listBody = z.strictObject({
  estateId: uuid,
  kind: listKind,
  title: optionalText(80, '标题').default(''),
  items: z.array(listItem).min(1, { error: '清单至少一项' }).max(100, { error: '清单最多 100 项' }),
  changeNote: optionalText(300, '修订说明').default(''),
  changedOn: isoDate.optional(),
});
export const listItemView = z.object({ title: z.string(), detail: z.string(), responsible: z.string() });
export const listSummary = z.object({
  id: z.string(),
  estateId: z.string(),
  kind: listKind,
  title: z.string(),
  version: z.number().int(),
  changedOn: z.string(),
  items: z.array(listItemView),
});
export const listSummaries = z.object({ items: z.array(listSummary) });
export const listDetail = listSummary.extend({
  versions: z.array(
    z.object({
      version: z.number().int(),
      changedOn: z.string(),
      changedByName: z.string(),
      changeNote: z.string(),
      items: z.array(listItemView),
    }),
  ),
});

// ── meetings and tasks ──
export const invitee = z.strictObject({
  name: text(32, '姓名'),
  org: optionalText(60, '单位/身份').default(''),
});
export const attendee = invitee.extend({
  present: z.boolean({ error: '请选择是否出席' }),
  note: optionalText(100, '说明').default(''),
});
export const meetingBody = z.strictObject({
  estateId: uuid,
  kind: meetingKind,
  title: text(100, '会议名称'),
  heldAt: dateTime,
  location: optionalText(100, '地点').default(''),
  host: optionalText(32, '主持人').default(''),
  invitees: z.array(invitee).max(100, { error: '参会人员最多 100 人' }).default([]),
  agenda: z.array(text(300, '议题')).max(30, { error: '议题最多 30 项' }).default([]),
});
export const decisionInput = z.strictObject({
  content: text(300, '决定事项'),
  ownerName: text(32, '责任人'),
  dueOn: isoDate,
});
export const meetingRecordBody = z.strictObject({
  attendance: z.array(attendee).max(100, { error: '出席记录最多 100 人' }),
  minutes: text(20_000, '会议纪要'),
  decisions: z.array(decisionInput).max(30, { error: '决定事项最多 30 项' }).default([]),
});
export const meetingListQuery = z.strictObject({
  estateId: uuid,
  kind: meetingKind.optional(),
  status: meetingStatus.optional(),
  ...pageQuery,
});
export const meetingRow = z.object({
  id: z.string(),
  estateId: z.string(),
  kind: meetingKind,
  title: z.string(),
  heldAt: z.string(),
  location: z.string(),
  status: meetingStatus,
  decisionCount: z.number().int(),
  openTaskCount: z.number().int(),
});
export const meetingList = paged(meetingRow);
export const task = z.object({
  id: z.string(),
  estateId: z.string(),
  meetingId: z.string(),
  meetingTitle: z.string(),
  title: z.string(),
  ownerName: z.string(),
  dueOn: z.string(),
  status: taskStatus,
  overdue: z.boolean(),
  doneOn: z.string().nullable(),
  doneNote: z.string(),
  doneByName: z.string().nullable(),
});
export const meetingDetail = meetingRow.extend({
  estateName: z.string(),
  host: z.string(),
  invitees: z.array(z.object({ name: z.string(), org: z.string() })),
  attendance: z.array(
    z.object({ name: z.string(), org: z.string(), present: z.boolean(), note: z.string() }),
  ),
  minutes: z.string(),
  agenda: z.array(z.object({ seq: z.number().int(), content: z.string(), carriedTask: task.nullable() })),
  decisions: z.array(z.object({ seq: z.number().int(), content: z.string(), task: task.nullable() })),
});
export const taskListQuery = z.strictObject({
  estateId: uuid,
  status: taskStatus.optional(),
  overdue: z.enum(['true', 'false'], { error: '逾期筛选应为 true 或 false' }).optional(),
  ...pageQuery,
});
export const taskList = paged(task);
export const taskDoneBody = z.strictObject({
  note: text(500, '办结情况'),
  doneOn: isoDate.optional(),
});

// ── votes ──
export const candidateInput = z.strictObject({
  personId: uuid.nullable().default(null),
  name: text(32, '候选人姓名'),
  intro: optionalText(300, '简介').default(''),
});
export const voteBody = z.strictObject({
  estateId: uuid,
  kind: voteKind,
  matter: voteMatter,
  title: text(100, '表决事项'),
  description: optionalText(5000, '事项说明').default(''),
  startsAt: dateTime,
  endsAt: dateTime,
  post: electionPost.nullable().default(null),
  seats: z.number({ error: '席位数必须是数字' }).int().min(1).max(99).nullable().default(null),
  candidates: z.array(candidateInput).max(50, { error: '候选人最多 50 人' }).default([]),
});
export const voteListQuery = z.strictObject({
  estateId: uuid,
  status: voteStatus.optional(),
  ...pageQuery,
});
export const figure = z.object({ area: z.string(), heads: z.number().int(), houses: z.number().int() });
const thresholdView = z.object({ met: z.boolean(), areaMet: z.boolean(), headsMet: z.boolean() });
export const matterResult = z.object({
  kind: z.literal('matter'),
  rule: voteRule,
  total: figure,
  participating: figure,
  yes: figure,
  no: figure,
  abstain: figure,
  quorum: thresholdView,
  approval: thresholdView,
  passed: z.boolean(),
  mixedHeads: z.number().int(),
  shares: z.object({
    turnoutArea: z.string(),
    turnoutHeads: z.string(),
    yesArea: z.string(),
    yesHeads: z.string(),
  }),
});
export const electionResult = z.object({
  kind: z.literal('election'),
  rule: voteRule,
  seats: z.number().int(),
  total: figure,
  participating: figure,
  quorum: thresholdView,
  candidates: z.array(
    z.object({
      candidateId: z.string(),
      support: figure,
      approval: thresholdView,
      elected: z.boolean(),
      tiedForLastSeat: z.boolean(),
    }),
  ),
  elected: z.array(z.string()),
  unfilled: z.number().int(),
  passed: z.boolean(),
  shares: z.object({ turnoutArea: z.string(), turnoutHeads: z.string() }),
});
export const voteResult = z.discriminatedUnion('kind', [matterResult, electionResult]);
export const candidate = z.object({
  id: z.string(),
  personId: z.string().nullable(),
  name: z.string(),
  intro: z.string(),
});
export const voteRow = z.object({
  id: z.string(),
  estateId: z.string(),
  kind: voteKind,
  matter: voteMatter,
  rule: voteRule,
  title: z.string(),
  status: voteStatus,
  startsAt: z.string(),
  endsAt: z.string(),
  passed: z.boolean().nullable(),
});
export const voteList = paged(voteRow);
export const voteDetail = voteRow.extend({
  estateName: z.string(),
  description: z.string(),
  post: electionPost.nullable(),
  seats: z.number().int().nullable(),
  candidates: z.array(candidate),
  openedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  remindedAt: z.string().nullable(),
  /** While open (and after): turnout so far by area and headcount, from the snapshot. */
  progress: z
    .object({
      total: figure,
      voted: figure,
      turnoutArea: z.string(),
      turnoutHeads: z.string(),
      quorumArea: z.boolean(),
      quorumHeads: z.boolean(),
      online: z.number().int(),
      paper: z.number().int(),
    })
    .nullable(),
  result: voteResult.nullable(),
  noticeId: z.string().nullable(),
});
export const electorateQuery = z.strictObject({
  q: z.string().max(30).optional(),
  voted: z.enum(['true', 'false'], { error: '筛选应为 true 或 false' }).optional(),
  ...pageQuery,
});
export const electorateRow = z.object({
  houseId: z.string(),
  address: z.string(),
  area: z.string(),
  owners: z.array(z.object({ personId: z.string(), name: z.string() })),
  voterPersonId: z.string().nullable(),
  voterName: z.string().nullable(),
  voterBasis: z.enum(['default', 'designated']),
  voted: z.boolean(),
  channel: ballotChannel.nullable(),
  castAt: z.string().nullable(),
  hasScan: z.boolean(),
});
export const electorateList = paged(electorateRow);
export const houseParams = z.strictObject({ id: uuid, houseId: uuid });
export const designateBody = z.strictObject({ personId: uuid });
export const ballotChoice = z.strictObject({
  houseId: uuid,
  choice: choice.optional(),
  candidateIds: z.array(uuid).max(99).optional(),
});
export const paperBallotBody = ballotChoice.extend({ scan: scanInput });
export const ballotSaved = z.object({ houseId: z.string(), castAt: z.string() });
export const remindResult = z.object({ notified: z.number().int(), withoutAccount: z.number().int() });
export const recount = z.object({ result: voteResult, matches: z.boolean() });
export const resultNotice = z.object({
  id: z.string(),
  voteId: z.string(),
  estateName: z.string(),
  title: z.string(),
  body: z.string(),
  publishedAt: z.string(),
  publishedByName: z.string(),
  result: voteResult,
  voteTitle: z.string(),
  matter: voteMatter,
  candidates: z.array(candidate),
});

// ── residents ──
export const myVotes = z.object({
  verified: z.boolean(),
  personName: z.string().nullable(),
  items: z.array(
    voteRow.extend({
      estateName: z.string(),
      description: z.string(),
      seats: z.number().int().nullable(),
      candidates: z.array(candidate),
      houses: z.array(
        z.object({
          houseId: z.string(),
          address: z.string(),
          area: z.string(),
          /** False: a co-owned house whose co-owners named another voter. */
          isVoter: z.boolean(),
          voterName: z.string().nullable(),
          voted: z.boolean(),
          choice: choice.nullable(),
          candidateIds: z.array(z.string()).nullable(),
          castAt: z.string().nullable(),
        }),
      ),
    }),
  ),
});
export const ownerAccountBody = z.strictObject({
  username: text(64, '账号'),
  personId: uuid,
  note: optionalText(200, '核验说明').default(''),
});
export const ownerAccount = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  personId: z.string(),
  personName: z.string(),
  verifiedByName: z.string(),
  verifiedAt: z.string(),
  note: z.string(),
});
export const ownerAccountList = z.object({ items: z.array(ownerAccount) });
export const userParams = z.strictObject({ userId: uuid });

// ── rules ──
export const ruleVersionBody = z.strictObject({
  estateId: uuid,
  kind: ruleKind,
  title: optionalText(80, '标题').default(''),
  content: text(100_000, '条文'),
  changeNote: optionalText(500, '修订说明').default(''),
  effectiveOn: isoDate,
  adoptedByVoteId: uuid.nullable().default(null),
});
export const ruleVersion = z.object({
  id: z.string(),
  version: z.number().int(),
  content: z.string(),
  changeNote: z.string(),
  effectiveOn: z.string(),
  adoptedByVote: z.object({ id: z.string(), title: z.string(), closedAt: z.string().nullable() }).nullable(),
  createdByName: z.string(),
});
export const rule = z.object({
  id: z.string(),
  estateId: z.string(),
  kind: ruleKind,
  title: z.string(),
  current: ruleVersion.nullable(),
  versionCount: z.number().int(),
});
export const ruleList = z.object({ items: z.array(rule) });
export const ruleDetail = rule.extend({ estateName: z.string(), versions: z.array(ruleVersion) });

// ── public ──
export const publicEstate = z.object({
  estateId: z.string(),
  estateName: z.string(),
  committee: committee.omit({ estateId: true }).nullable(),
  propertyCompany: propertyCompany.omit({ estateId: true }).nullable(),
  lists: z.array(listSummary.omit({ estateId: true })),
  rules: z.array(rule.omit({ estateId: true })),
  notices: z.array(
    z.object({ id: z.string(), title: z.string(), publishedAt: z.string(), passed: z.boolean() }),
  ),
});
