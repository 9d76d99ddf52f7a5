// Code lists of legal services (便民法律服务中心 / 法律之家), the knowledge base, the notice boards
// (宣传专栏) and the night school (法治夜校). Stored values are English codes; labels are what pages
// and exports show.

const labels = <const T extends Record<string, string>>(map: T) => map;

/** The kinds of help the 便民法律服务中心 gives (seed 000 §4). */
export const LEGAL_KINDS = labels({
  consult: '法律咨询',
  aid: '法律援助',
  labour: '劳动维权',
  litigation: '便民诉讼指引',
});
export type LegalKind = keyof typeof LEGAL_KINDS;

/** The unit each kind is counted in on the service log (调解纠纷 2 起, 法律援助 5 起, 劳动维权 2 件). */
export const LEGAL_KIND_UNITS: Record<LegalKind, string> = {
  consult: '次',
  aid: '起',
  labour: '件',
  litigation: '次',
};

export const LEGAL_STATUSES = labels({
  submitted: '待分派',
  assigned: '办理中',
  answered: '已答复',
  closed: '已办结',
});
export type LegalStatus = keyof typeof LEGAL_STATUSES;

export const LEGAL_ACTIONS = labels({
  assign: '指派法律顾问',
  answer: '答复',
  close: '办结',
});
export type LegalAction = keyof typeof LEGAL_ACTIONS;

/** What may follow each status; anything else answers 409 naming these. */
export const LEGAL_TRANSITIONS: Record<LegalStatus, readonly LegalAction[]> = {
  submitted: ['assign', 'close'],
  assigned: ['assign', 'answer', 'close'],
  answered: ['answer', 'close'],
  closed: [],
};

export const LEGAL_CHANNELS = labels({ web: '线上提交', desk: '窗口登记' });
export type LegalChannel = keyof typeof LEGAL_CHANNELS;

/** What a resident sees of the work on their request: plain stages, no staff names. */
export const LEGAL_PUBLIC_STATUS: Record<LegalStatus, string> = {
  submitted: '已提交，等待安排法律顾问',
  assigned: '法律顾问正在办理',
  answered: '法律顾问已答复',
  closed: '已办结',
};

export const ARTICLE_CATEGORIES = labels({
  law: '法律解读',
  faq: '常见问题',
  case: '以案说法',
  guide: '办事指南',
});
export type ArticleCategory = keyof typeof ARTICLE_CATEGORIES;

/** Public forms: submissions per IP and hour. */
export const LEGAL_LIMIT_PER_HOUR = 5;
/** Sign-ups and check-ins per IP and hour (a family signs up together; a phone checks in a few). */
export const SCHOOL_LIMIT_PER_HOUR = 30;

/** Agreements ending within this many days are listed as expiring. */
export const AGREEMENT_WARN_DAYS = 30;
/** Signed agreements and course materials: PDF or a photo of the pages. */
export const LEGAL_FILE_TYPES = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
} as const;
export const LEGAL_FILE_MAX_BYTES = 10 * 1024 * 1024;

/** The tracking number residents get: FW and 8 digits. */
export const LEGAL_TRACKING_RE = /^[Ff][Ww]\d{8}$/;

/** Public pages of the module (outside login). */
export const legalPublicPaths = {
  form: (placeId: string) => `/fw/${placeId}`,
  status: '/fw/status',
  articles: (placeId: string) => `/fw/${placeId}/zhishi`,
  signup: (sessionId: string) => `/yx/${sessionId}`,
  checkin: (token: string) => `/yx/qd/${token}`,
};

/** `HH:mm` to minutes after midnight. */
export const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
