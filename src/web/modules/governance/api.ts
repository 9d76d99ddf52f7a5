import type { z } from 'zod';
import type {
  ballotChoice,
  committeeBody,
  committeeList,
  electorateList,
  listBody,
  listDetail,
  listSummaries,
  meetingBody,
  meetingDetail,
  meetingList,
  meetingRecordBody,
  myVotes,
  ownerAccountBody,
  ownerAccountList,
  paperBallotBody,
  propertyCompanyBody,
  propertyCompanyList,
  publicEstate,
  recount,
  remindResult,
  resultNotice,
  ruleDetail,
  ruleList,
  ruleVersionBody,
  taskList,
  voteBody,
  voteDetail,
  voteList,
  voteResult,
} from '../../../shared/api/governance.js';
import { api, type QueryValue } from '../../app/api.js';

export type CommitteeList = z.infer<typeof committeeList>;
export type CompanyList = z.infer<typeof propertyCompanyList>;
export type ListSummaries = z.infer<typeof listSummaries>;
export type ListDetail = z.infer<typeof listDetail>;
export type MeetingList = z.infer<typeof meetingList>;
export type MeetingDetail = z.infer<typeof meetingDetail>;
export type TaskList = z.infer<typeof taskList>;
export type VoteList = z.infer<typeof voteList>;
export type VoteDetail = z.infer<typeof voteDetail>;
export type VoteResult = z.infer<typeof voteResult>;
export type ElectorateList = z.infer<typeof electorateList>;
export type ResultNotice = z.infer<typeof resultNotice>;
export type RuleList = z.infer<typeof ruleList>;
export type RuleDetail = z.infer<typeof ruleDetail>;
export type MyVotes = z.infer<typeof myVotes>;
export type OwnerAccounts = z.infer<typeof ownerAccountList>;
export type PublicEstate = z.infer<typeof publicEstate>;

type Query = Record<string, QueryValue>;
const B = '/api/v1/governance';
const enc = encodeURIComponent;
const post = <T>(path: string, body?: unknown) => api<T>(`${B}${path}`, { method: 'POST', body: body ?? {} });
const put = <T>(path: string, body: unknown) => api<T>(`${B}${path}`, { method: 'PUT', body });
const get = <T>(path: string, query?: Query) => api<T>(`${B}${path}`, { query });

export const govApi = {
  committees: (estateId: string) => get<CommitteeList>('/committees', { estateId }),
  createCommittee: (body: z.input<typeof committeeBody>) => post<{ id: string }>('/committees', body),
  companies: (estateId: string) => get<CompanyList>('/property-companies', { estateId }),
  createCompany: (body: z.input<typeof propertyCompanyBody>) =>
    post<{ id: string }>('/property-companies', body),
  lists: (estateId: string) => get<ListSummaries>('/lists', { estateId }),
  list: (id: string) => get<ListDetail>(`/lists/${enc(id)}`),
  saveList: (body: z.input<typeof listBody>) => put<{ id: string; version: number }>('/lists', body),

  meetings: (q: Query) => get<MeetingList>('/meetings', q),
  meeting: (id: string) => get<MeetingDetail>(`/meetings/${enc(id)}`),
  createMeeting: (body: z.input<typeof meetingBody>) => post<{ id: string }>('/meetings', body),
  recordMeeting: (id: string, body: z.input<typeof meetingRecordBody>) =>
    post(`/meetings/${enc(id)}/record`, body),
  tasks: (q: Query) => get<TaskList>('/tasks', q),
  doneTask: (id: string, note: string) => post(`/tasks/${enc(id)}/done`, { note }),

  votes: (q: Query) => get<VoteList>('/votes', q),
  vote: (id: string) => get<VoteDetail>(`/votes/${enc(id)}`),
  createVote: (body: z.input<typeof voteBody>) => post<{ id: string }>('/votes', body),
  openVote: (id: string) => post(`/votes/${enc(id)}/open`),
  electorate: (id: string, q: Query) => get<ElectorateList>(`/votes/${enc(id)}/electorate`, q),
  designate: (id: string, houseId: string, personId: string) =>
    put(`/votes/${enc(id)}/electorate/${enc(houseId)}/voter`, { personId }),
  paperBallot: (id: string, body: z.input<typeof paperBallotBody>) =>
    post<{ houseId: string; castAt: string }>(`/votes/${enc(id)}/paper-ballots`, body),
  scanUrl: (id: string, houseId: string) => `${B}/votes/${enc(id)}/ballots/${enc(houseId)}/scan`,
  remind: (id: string) => post<z.infer<typeof remindResult>>(`/votes/${enc(id)}/remind`),
  close: (id: string) => post<{ result: VoteResult }>(`/votes/${enc(id)}/close`),
  recount: (id: string) => get<z.infer<typeof recount>>(`/votes/${enc(id)}/recount`),
  publish: (id: string) => post<{ id: string }>(`/votes/${enc(id)}/publish`),
  notice: (id: string) => get<ResultNotice>(`/votes/${enc(id)}/notice`),

  ownerAccounts: (estateId: string) => get<OwnerAccounts>('/owner-accounts', { estateId }),
  verifyOwner: (body: z.input<typeof ownerAccountBody>) => post('/owner-accounts', body),
  unlinkOwner: (userId: string) => api(`${B}/owner-accounts/${enc(userId)}`, { method: 'DELETE' }),

  rules: (estateId: string) => get<RuleList>('/rules', { estateId }),
  rule: (id: string) => get<RuleDetail>(`/rules/${enc(id)}`),
  addRuleVersion: (body: z.input<typeof ruleVersionBody>) => post<{ id: string }>('/rules/versions', body),

  myVotes: () => get<MyVotes>('/my/votes'),
  castOnline: (voteId: string, body: z.input<typeof ballotChoice>) =>
    post<{ houseId: string; castAt: string }>(`/my/votes/${enc(voteId)}/ballots`, body),

  publicEstate: (id: string) => get<PublicEstate>(`/public/estates/${enc(id)}`),
  publicNotice: (id: string) => get<ResultNotice>(`/public/notices/${enc(id)}`),
  publicRule: (id: string) => get<RuleDetail>(`/public/rules/${enc(id)}`),
};

export const govKeys = {
  all: ['governance'] as const,
  of: (...parts: unknown[]) => ['governance', ...parts] as const,
};

/** A file as base64 (without the data: prefix), for bodies that carry it inline. */
export function fileToBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}
