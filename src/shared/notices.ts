// Code lists of notices (通知公告) and their delivery channels. Stored values are English codes;
// labels are what pages show.

const labels = <const T extends Record<string, string>>(map: T) => map;

export const NOTICE_KINDS = labels({
  notice: '通知',
  announcement: '公告',
  safety: '平安提示',
  meeting: '会议通知',
  result: '结果公示',
  other: '其他',
});
export type NoticeKind = keyof typeof NOTICE_KINDS;

export const NOTICE_STATUSES = labels({ published: '已发布', withdrawn: '已撤回' });
export type NoticeStatus = keyof typeof NOTICE_STATUSES;

/** Who a notice goes to. */
export const AUDIENCE_KINDS = labels({
  place: '整个小区/社区（住户与工作人员）',
  buildings: '指定楼栋',
  team: '志愿者队伍',
  role: '指定角色',
  users: '指定人员',
});
export type AudienceKind = keyof typeof AUDIENCE_KINDS;

export const CHANNEL_KINDS = labels({
  wecom: '企业微信群机器人',
  dingtalk: '钉钉群机器人',
  feishu: '飞书群机器人',
  sms: '短信网关',
});
export type ChannelKind = keyof typeof CHANNEL_KINDS;

/** Kinds that sign every request with a shared secret: saving one without it is refused. */
export const SIGNED_CHANNEL_KINDS: readonly ChannelKind[] = ['dingtalk', 'feishu'];

export const CHANNEL_FORMATS = labels({ markdown: 'Markdown', text: '纯文本' });
export type ChannelFormat = keyof typeof CHANNEL_FORMATS;

export const DELIVERY_STATUSES = labels({
  queued: '排队中',
  retrying: '重试中',
  sent: '已送达',
  failed: '发送失败',
  skipped: '未发送',
});
export type DeliveryStatus = keyof typeof DELIVERY_STATUSES;

/** Placeholders every template may use; others are filled in by hand when sending. */
export const BUILTIN_PLACEHOLDERS = labels({
  小区: '发布地点名称（小区/社区/街道）',
  日期: '发送当天日期',
  星期: '发送当天星期',
  发布人: '发布人姓名',
});

export const NOTICE_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;
export const NOTICE_ATTACHMENT_TYPES = {
  'application/pdf': '.pdf',
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': '.docx',
} as const;

/** `{{名称}}` placeholders of a template text, each once, in order. */
export function placeholdersOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\{\{\s*([^{}\s]{1,20})\s*\}\}/g)) if (!out.includes(m[1])) out.push(m[1]);
  return out;
}

/** Fills `{{名称}}` placeholders; unknown ones are left as they are (the caller checks first). */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{\s*([^{}\s]{1,20})\s*\}\}/g, (all, name: string) =>
    Object.hasOwn(values, name) ? values[name] : all,
  );
}
