import type { z } from 'zod';
import type {
  assigneeOptions,
  campaign,
  campaignBody,
  checkin,
  diaryBody,
  diaryEntry,
  diaryList,
  diarySaved,
  duplicateList,
  eventActionBody,
  eventBody,
  eventBrief,
  eventDetail,
  eventList,
  member,
  memberBody,
  metrics,
  myDay,
  scoreRule,
  scoreRuleBody,
  scores,
  serviceCard,
  updateMemberBody,
} from '../../../shared/api/grid.js';
import type { contact, maskedContact } from '../../../shared/api/requests.js';
import { api, type QueryValue } from '../../app/api.js';

export type EventBrief = z.infer<typeof eventBrief>;
export type EventDetail = z.infer<typeof eventDetail>;
export type EventList = z.infer<typeof eventList>;
export type EventInput = z.input<typeof eventBody>;
export type EventActionInput = z.input<typeof eventActionBody>;
export type AssigneeOptions = z.infer<typeof assigneeOptions>;
export type DuplicateList = z.infer<typeof duplicateList>;
export type Member = z.infer<typeof member>;
export type MemberInput = z.input<typeof memberBody>;
export type MemberUpdate = z.input<typeof updateMemberBody>;
export type ServiceCard = z.infer<typeof serviceCard>;
export type Campaign = z.infer<typeof campaign>;
export type CampaignInput = z.input<typeof campaignBody>;
export type DiaryEntry = z.infer<typeof diaryEntry>;
export type DiaryList = z.infer<typeof diaryList>;
export type DiaryInput = z.input<typeof diaryBody>;
export type DiarySaved = z.infer<typeof diarySaved>;
export type MyDay = z.infer<typeof myDay>;
export type Checkin = z.infer<typeof checkin>;
export type Metrics = z.infer<typeof metrics>;
export type Scores = z.infer<typeof scores>;
export type ScoreRule = z.infer<typeof scoreRule>;
export type ScoreRuleInput = z.input<typeof scoreRuleBody>;
export type MaskedContact = z.infer<typeof maskedContact>;
export type Contact = z.infer<typeof contact>;

export type Query = Record<string, QueryValue>;

const BASE = '/api/v1/grid';
const enc = encodeURIComponent;

export const gridKeys = {
  all: ['grid'] as const,
  events: (q: Query) => ['grid', 'events', q] as const,
  event: (id: string) => ['grid', 'event', id] as const,
  duplicates: (q: Query) => ['grid', 'duplicates', q] as const,
  assignees: (id: string) => ['grid', 'assignees', id] as const,
  members: (q: Query) => ['grid', 'members', q] as const,
  card: (id: string) => ['grid', 'card', id] as const,
  campaigns: (q: Query) => ['grid', 'campaigns', q] as const,
  diary: (q: Query) => ['grid', 'diary', q] as const,
  myDay: ['grid', 'my-day'] as const,
  metrics: (q: Query) => ['grid', 'metrics', q] as const,
  scores: (q: Query) => ['grid', 'scores', q] as const,
  contact: (id: string) => ['grid-contact', id] as const,
};

export const gridApi = {
  events: (query: Query) => api<EventList>(`${BASE}/events`, { query }),
  event: (id: string) => api<EventDetail>(`${BASE}/events/${enc(id)}`),
  duplicates: (query: { placeId: string; category: string; text?: string }) =>
    api<DuplicateList>(`${BASE}/events/duplicates`, { query }),
  report: (body: EventInput) =>
    api<{ id: string; no: string; replayed: boolean }>(`${BASE}/events`, { method: 'POST', body }),
  act: (id: string, body: EventActionInput) =>
    api<{ status: string }>(`${BASE}/events/${enc(id)}/actions`, { method: 'POST', body }),
  assignees: (id: string) => api<AssigneeOptions>(`${BASE}/events/${enc(id)}/assignees`),
  members: (query: Query) => api<{ items: Member[] }>(`${BASE}/members`, { query }),
  createMember: (body: MemberInput) => api<{ id: string }>(`${BASE}/members`, { method: 'POST', body }),
  updateMember: (id: string, body: MemberUpdate) =>
    api<{ ok: true }>(`${BASE}/members/${enc(id)}`, { method: 'PATCH', body }),
  removeMember: (id: string) => api<{ ok: true }>(`${BASE}/members/${enc(id)}`, { method: 'DELETE' }),
  card: (id: string) => api<ServiceCard>(`${BASE}/members/${enc(id)}/card`),
  campaigns: (query: Query) => api<{ items: Campaign[] }>(`${BASE}/campaigns`, { query }),
  createCampaign: (body: CampaignInput) => api<{ id: string }>(`${BASE}/campaigns`, { method: 'POST', body }),
  diary: (query: Query) => api<DiaryList>(`${BASE}/diary`, { query }),
  saveDiary: (body: DiaryInput) => api<DiarySaved>(`${BASE}/diary`, { method: 'POST', body }),
  myDay: () => api<MyDay>(`${BASE}/my-day`),
  checkin: (gridId: string) => api<Checkin>(`${BASE}/checkins`, { method: 'POST', body: { gridId } }),
  metrics: (query: Query) => api<Metrics>(`${BASE}/metrics`, { query }),
  scores: (query: Query) => api<Scores>(`${BASE}/scores`, { query }),
  setScoreRule: (body: ScoreRuleInput) => api(`${BASE}/score-rules`, { method: 'PUT', body }),
  contact: (id: string) => api<MaskedContact>(`/api/v1/requests/events/${enc(id)}/contact`),
  revealContact: (id: string, reason: string) =>
    api<Contact>(`/api/v1/requests/events/${enc(id)}/contact/reveal`, {
      method: 'POST',
      body: { reason },
    }),
};
