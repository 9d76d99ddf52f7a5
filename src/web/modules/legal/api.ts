import type { z } from 'zod';
import type {
  advisorOptions,
  agreementBody,
  agreementList,
  articleBody,
  articleDetail,
  articleList,
  attendance,
  boardBody,
  boardHistory,
  boardOverview,
  checkinResult,
  courseBody,
  courseList,
  deskRequestBody,
  dutyBody,
  dutyList,
  legalActionBody,
  legalContactBody,
  legalContactList,
  legalContactRevealed,
  legalPublicPlace,
  legalPublicStatus,
  legalRequestDetail,
  legalRequestList,
  legalStats,
  publicArticle,
  publicArticleList,
  publicSession,
  sessionBody,
  sessionDetail,
  sessionList,
  signupResult,
  updateAgreementBody,
  updateArticleBody,
  updateSessionBody,
} from '../../../shared/api/legal.js';
import { api, type QueryValue, upload } from '../../app/api.js';

export type LegalRequestList = z.infer<typeof legalRequestList>;
export type LegalRequestDetail = z.infer<typeof legalRequestDetail>;
export type DutyList = z.infer<typeof dutyList>;
export type DutySlot = DutyList['items'][number];
export type ContactList = z.infer<typeof legalContactList>;
export type AgreementList = z.infer<typeof agreementList>;
export type Agreement = AgreementList['items'][number];
export type ArticleList = z.infer<typeof articleList>;
export type ArticleDetail = z.infer<typeof articleDetail>;
export type BoardOverview = z.infer<typeof boardOverview>;
export type BoardHistory = z.infer<typeof boardHistory>;
export type CourseList = z.infer<typeof courseList>;
export type SessionList = z.infer<typeof sessionList>;
export type SessionItem = SessionList['items'][number];
export type SessionDetail = z.infer<typeof sessionDetail>;
export type Attendance = z.infer<typeof attendance>;
export type LegalStats = z.infer<typeof legalStats>;
export type CheckinResult = z.infer<typeof checkinResult>;
export type PublicPlace = z.infer<typeof legalPublicPlace>;
export type PublicStatus = z.infer<typeof legalPublicStatus>;
export type PublicSession = z.infer<typeof publicSession>;
export type PublicArticleList = z.infer<typeof publicArticleList>;
export type PublicArticle = z.infer<typeof publicArticle>;
export type SignupResult = z.infer<typeof signupResult>;

export type Query = Record<string, QueryValue>;

const BASE = '/api/v1/legal';
const enc = encodeURIComponent;

export const legalKeys = {
  all: ['legal'] as const,
  requests: (q: Query) => ['legal', 'requests', q] as const,
  request: (id: string) => ['legal', 'request', id] as const,
  advisors: (id: string) => ['legal', 'advisors', id] as const,
  duty: (q: Query) => ['legal', 'duty', q] as const,
  contacts: (q: Query) => ['legal', 'contacts', q] as const,
  agreements: (q: Query) => ['legal', 'agreements', q] as const,
  articles: (q: Query) => ['legal', 'articles', q] as const,
  article: (id: string) => ['legal', 'article', id] as const,
  boards: (q: Query) => ['legal', 'boards', q] as const,
  boardHistory: (id: string) => ['legal', 'board-history', id] as const,
  courses: (q: Query) => ['legal', 'courses', q] as const,
  sessions: (q: Query) => ['legal', 'sessions', q] as const,
  session: (id: string) => ['legal', 'session', id] as const,
  attendance: (q: Query) => ['legal', 'attendance', q] as const,
  stats: (q: Query) => ['legal', 'stats', q] as const,
};

export const legalApi = {
  requests: (query: Query) => api<LegalRequestList>(`${BASE}/requests`, { query }),
  request: (id: string) => api<LegalRequestDetail>(`${BASE}/requests/${enc(id)}`),
  createRequest: (body: z.input<typeof deskRequestBody>) =>
    api<{ id: string; trackingNo: string }>(`${BASE}/requests`, { method: 'POST', body }),
  advisors: (id: string) => api<z.infer<typeof advisorOptions>>(`${BASE}/requests/${enc(id)}/advisors`),
  act: (id: string, body: z.input<typeof legalActionBody>) =>
    api<{ ok: true }>(`${BASE}/requests/${enc(id)}/actions`, { method: 'POST', body }),
  revealRequest: (id: string, reason: string) =>
    api<z.infer<typeof legalContactRevealed>>(`${BASE}/requests/${enc(id)}/contact/reveal`, {
      method: 'POST',
      body: { reason },
    }),

  duty: (query: Query) => api<DutyList>(`${BASE}/duty`, { query }),
  addSlot: (body: z.input<typeof dutyBody>) => api<{ id: string }>(`${BASE}/duty`, { method: 'POST', body }),
  removeSlot: (id: string) => api<{ ok: true }>(`${BASE}/duty/${enc(id)}`, { method: 'DELETE' }),

  contacts: (query: Query) => api<ContactList>(`${BASE}/contacts`, { query }),
  addContact: (body: z.input<typeof legalContactBody>) =>
    api<{ id: string }>(`${BASE}/contacts`, { method: 'POST', body }),
  removeContact: (id: string) => api<{ ok: true }>(`${BASE}/contacts/${enc(id)}`, { method: 'DELETE' }),
  revealContact: (id: string, reason: string) =>
    api<z.infer<typeof legalContactRevealed>>(`${BASE}/contacts/${enc(id)}/reveal`, {
      method: 'POST',
      body: { reason },
    }),

  stats: (query: Query) => api<LegalStats>(`${BASE}/stats`, { query }),

  agreements: (query: Query) => api<AgreementList>(`${BASE}/agreements`, { query }),
  createAgreement: (body: z.input<typeof agreementBody>) =>
    api<{ id: string }>(`${BASE}/agreements`, { method: 'POST', body }),
  updateAgreement: (id: string, body: z.input<typeof updateAgreementBody>) =>
    api<{ ok: true }>(`${BASE}/agreements/${enc(id)}`, { method: 'PATCH', body }),
  uploadAgreementFile: (id: string, file: File) =>
    upload<{ id: string; name: string }>(`${BASE}/agreements/${enc(id)}/file`, file, {
      query: { name: file.name },
    }),
  agreementFileUrl: (id: string) => `${BASE}/agreements/${enc(id)}/file`,

  articles: (query: Query) => api<ArticleList>(`${BASE}/articles`, { query }),
  article: (id: string) => api<ArticleDetail>(`${BASE}/articles/${enc(id)}`),
  createArticle: (body: z.input<typeof articleBody>) =>
    api<{ id: string }>(`${BASE}/articles`, { method: 'POST', body }),
  updateArticle: (id: string, body: z.input<typeof updateArticleBody>) =>
    api<{ ok: true }>(`${BASE}/articles/${enc(id)}`, { method: 'PATCH', body }),
  removeArticle: (id: string) => api<{ ok: true }>(`${BASE}/articles/${enc(id)}`, { method: 'DELETE' }),

  boards: (query: Query) => api<BoardOverview>(`${BASE}/boards`, { query }),
  boardHistory: (placeId: string) => api<BoardHistory>(`${BASE}/boards/history`, { query: { placeId } }),
  changeBoard: (body: z.input<typeof boardBody>) =>
    api<{ id: string }>(`${BASE}/boards`, { method: 'POST', body }),

  courses: (query: Query) => api<CourseList>(`${BASE}/courses`, { query }),
  createCourse: (body: z.input<typeof courseBody>) =>
    api<{ id: string }>(`${BASE}/courses`, { method: 'POST', body }),
  sessions: (query: Query) => api<SessionList>(`${BASE}/sessions`, { query }),
  session: (id: string) => api<SessionDetail>(`${BASE}/sessions/${enc(id)}`),
  createSession: (body: z.input<typeof sessionBody>) =>
    api<{ id: string }>(`${BASE}/sessions`, { method: 'POST', body }),
  updateSession: (id: string, body: z.input<typeof updateSessionBody>) =>
    api<{ ok: true }>(`${BASE}/sessions/${enc(id)}`, { method: 'PATCH', body }),
  checkin: (id: string, body: { attendeeId: string } | { name: string; phone: string }) =>
    api<CheckinResult>(`${BASE}/sessions/${enc(id)}/checkins`, { method: 'POST', body }),
  uploadMaterial: (id: string, file: File) =>
    upload<{ id: string; name: string }>(`${BASE}/sessions/${enc(id)}/materials`, file, {
      query: { name: file.name },
    }),
  materialUrl: (id: string, fileId: string) => `${BASE}/sessions/${enc(id)}/materials/${enc(fileId)}`,
  attendance: (query: Query) => api<Attendance>(`${BASE}/attendance`, { query }),
};

/** The resident's pages: no session, no CSRF. */
export const publicLegalApi = {
  place: (id: string) => api<PublicPlace>(`${BASE}/public/places/${enc(id)}`),
  submit: (body: {
    placeId: string;
    kind: string;
    description: string;
    name: string;
    phone: string;
    website: string;
  }) => api<{ trackingNo: string }>(`${BASE}/public/requests`, { method: 'POST', body }),
  status: (trackingNo: string, phone: string) =>
    api<PublicStatus>(`${BASE}/public/requests/status`, { query: { trackingNo, phone } }),
  rate: (body: { trackingNo: string; phone: string; rating: number; comment: string }) =>
    api<{ ok: true }>(`${BASE}/public/requests/rating`, { method: 'POST', body }),
  articles: (query: Query) => api<PublicArticleList>(`${BASE}/public/articles`, { query }),
  article: (id: string) => api<PublicArticle>(`${BASE}/public/articles/${enc(id)}`),
  session: (id: string) => api<PublicSession>(`${BASE}/public/sessions/${enc(id)}`),
  signup: (id: string, body: { name: string; phone: string; website: string }) =>
    api<SignupResult>(`${BASE}/public/sessions/${enc(id)}/signups`, { method: 'POST', body }),
  feedback: (id: string, body: { phone: string; rating: number; comment: string }) =>
    api<{ ok: true }>(`${BASE}/public/sessions/${enc(id)}/feedback`, { method: 'POST', body }),
  checkinSession: (token: string) => api<PublicSession>(`${BASE}/public/checkin/${enc(token)}`),
  checkin: (token: string, body: { phone: string; name: string }) =>
    api<CheckinResult>(`${BASE}/public/checkin/${enc(token)}`, { method: 'POST', body }),
};
