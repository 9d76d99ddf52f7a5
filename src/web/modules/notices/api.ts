import type { z } from 'zod';
import type {
  audienceOptions,
  channelList,
  channelTest,
  noticeBody,
  noticeDetail,
  noticeList,
  preview,
  publicNoticeBoard,
  receiptList,
  receivedNotice,
  templateList,
} from '../../../shared/api/notices.js';
import { api, type QueryValue } from '../../app/api.js';

export type NoticeList = z.infer<typeof noticeList>;
export type NoticeDetail = z.infer<typeof noticeDetail>;
export type NoticeInput = z.input<typeof noticeBody>;
export type Preview = z.infer<typeof preview>;
export type ReceiptList = z.infer<typeof receiptList>;
export type ChannelList = z.infer<typeof channelList>;
export type TemplateList = z.infer<typeof templateList>;
export type AudienceOptions = z.infer<typeof audienceOptions>;
export type Received = z.infer<typeof receivedNotice>;
export type PublicBoard = z.infer<typeof publicNoticeBoard>;

const N = '/api/v1/notices';

export const noticesApi = {
  list: (query: Record<string, QueryValue>) => api<NoticeList>(`${N}/items`, { query }),
  get: (id: string) => api<NoticeDetail>(`${N}/items/${id}`),
  receipts: (id: string, query: Record<string, QueryValue>) =>
    api<ReceiptList>(`${N}/items/${id}/receipts`, { query }),
  send: (body: NoticeInput) =>
    api<{ id: string; recipientCount: number }>(`${N}/items`, { method: 'POST', body }),
  preview: (body: Omit<NoticeInput, 'attachment'>) => api<Preview>(`${N}/preview`, { method: 'POST', body }),
  withdraw: (id: string) => api(`${N}/items/${id}/withdraw`, { method: 'POST', body: {} }),
  retry: (id: string) => api(`${N}/deliveries/${id}/retry`, { method: 'POST', body: {} }),
  audience: (placeId: string) => api<AudienceOptions>(`${N}/audience`, { query: { placeId } }),
  received: (id: string) => api<Received>(`${N}/received/${id}`),
  channels: (query: Record<string, QueryValue>) => api<ChannelList>(`${N}/channels`, { query }),
  createChannel: (body: unknown) => api<{ id: string }>(`${N}/channels`, { method: 'POST', body }),
  updateChannel: (id: string, body: unknown) => api(`${N}/channels/${id}`, { method: 'PATCH', body }),
  removeChannel: (id: string) => api(`${N}/channels/${id}`, { method: 'DELETE' }),
  testChannel: (id: string, phone = '') =>
    api<z.infer<typeof channelTest>>(`${N}/channels/${id}/test`, { method: 'POST', body: { phone } }),
  templates: (query: Record<string, QueryValue>) => api<TemplateList>(`${N}/templates`, { query }),
  createTemplate: (body: unknown) => api<{ id: string }>(`${N}/templates`, { method: 'POST', body }),
  removeTemplate: (id: string) => api(`${N}/templates/${id}`, { method: 'DELETE' }),
  board: (estateId: string) => api<PublicBoard>(`${N}/public/estates/${estateId}`),
};
