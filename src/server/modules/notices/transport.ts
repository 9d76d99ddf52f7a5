import { createHmac } from 'node:crypto';
import { isIP } from 'node:net';
import type { ChannelFormat, ChannelKind } from '../../../shared/notices.js';

/**
 * Group robots and SMS gateways: what each platform expects, exactly as documented, and the one
 * outbound HTTP call. Pure functions except `deliver`, so the tests can check every byte.
 *
 * - WeCom (企业微信) group robot, developer.work.weixin.qq.com/document/path/91770:
 *   POST https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=KEY with
 *   `{"msgtype":"markdown","markdown":{"content":…}}` (≤ 4096 bytes) or
 *   `{"msgtype":"text","text":{"content":…}}` (≤ 2048 bytes); answers `{"errcode":0,"errmsg":"ok"}`.
 * - DingTalk (钉钉) custom robot, open.dingtalk.com/document/robots/customize-robot-security-settings:
 *   "加签": timestamp in ms, sign = urlEncode(base64(HmacSHA256(key = secret, msg = timestamp + "\n" +
 *   secret))), appended to the webhook as `&timestamp=…&sign=…`; body
 *   `{"msgtype":"markdown","markdown":{"title":…,"text":…}}` or text; answers `{"errcode":0}`.
 * - Feishu/Lark (飞书) custom bot, open.feishu.cn/document/client-docs/bot-v3/add-custom-bot:
 *   "签名校验": timestamp in s, sign = base64(HmacSHA256(key = timestamp + "\n" + secret, msg = "")),
 *   both in the JSON body: `{"timestamp":"…","sign":"…","msg_type":"text","content":{"text":…}}`;
 *   answers `{"code":0,"msg":"success"}`.
 * - SMS: a gateway of the installation's choosing, as a URL, a method and a JSON body template with
 *   {{phone}}, {{content}} and {{title}}; any 2xx answer is success.
 */

export interface ChannelConfig {
  url: string;
  secret: string;
  sms?: { method: 'POST' | 'PUT'; bodyTemplate: string; headerName: string } | null;
}

export interface Message {
  title: string;
  body: string;
  /** `锦绣春天小区 · 2026-11-23`: who sent it and when, the footer of a group message. */
  footer: string;
  /** For SMS: the phone it goes to. */
  phone?: string;
}

export interface OutboundRequest {
  url: string;
  method: 'POST' | 'PUT';
  headers: Record<string, string>;
  body: string;
}

const WECOM_HOST = 'qyapi.weixin.qq.com';
const DINGTALK_HOST = 'oapi.dingtalk.com';
const FEISHU_HOSTS = ['open.feishu.cn', 'open.larksuite.com'];
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
// RFC 2606 / 6761 names never resolve: an example address fails at once instead of waiting on DNS.
const RESERVED_TLD = /\.(invalid|test|example|localhost)$/i;

/** Cuts a string to at most `max` UTF-8 bytes without splitting a character. */
export function clipBytes(s: string, max: number): string {
  if (Buffer.byteLength(s) <= max) return s;
  let out = '';
  let size = 0;
  for (const ch of s) {
    const n = Buffer.byteLength(ch);
    if (size + n > max - 3) break;
    out += ch;
    size += n;
  }
  return `${out}…`;
}

function isPrivateAddress(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  const v = isIP(h);
  if (v === 4) {
    const [a, b] = h.split('.').map(Number);
    return (
      a === 10 ||
      a === 127 ||
      a === 0 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254)
    );
  }
  if (v === 6) return h === '::1' || h === '::' || /^f[cd]/i.test(h) || /^fe80/i.test(h);
  return false;
}

/**
 * Checks a channel's address and secret when it is saved: the documented host and path of each
 * robot, https, and a secret for the kinds that sign. Loopback (plain http allowed) only when the
 * application was started to allow it (tests); never in production by default.
 * Answers the problems by field, empty when it is fine.
 */
export function checkChannelConfig(
  kind: ChannelKind,
  config: ChannelConfig,
  allowLoopback: boolean,
): Record<string, string> {
  const fields: Record<string, string> = {};
  let u: URL | null = null;
  try {
    u = new URL(config.url);
  } catch {
    fields.url = '地址格式不正确';
  }
  if (u) {
    const loopback = allowLoopback && LOOPBACK.has(u.hostname);
    if (u.username || u.password) fields.url = '地址中不能包含用户名或密码';
    else if (loopback) {
      if (!['http:', 'https:'].includes(u.protocol)) fields.url = '地址必须以 http:// 或 https:// 开头';
    } else if (u.protocol !== 'https:') fields.url = '地址必须以 https:// 开头';
    else if (u.port && u.port !== '443') fields.url = '地址不能指定端口';
    else if (
      kind === 'wecom' &&
      (u.hostname !== WECOM_HOST || u.pathname !== '/cgi-bin/webhook/send' || !u.searchParams.get('key'))
    )
      fields.url = '企业微信群机器人地址应为 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…';
    else if (
      kind === 'dingtalk' &&
      (u.hostname !== DINGTALK_HOST || u.pathname !== '/robot/send' || !u.searchParams.get('access_token'))
    )
      fields.url = '钉钉机器人地址应为 https://oapi.dingtalk.com/robot/send?access_token=…';
    else if (
      kind === 'feishu' &&
      (!FEISHU_HOSTS.includes(u.hostname) || !/^\/open-apis\/bot\/v2\/hook\/[\w-]+$/.test(u.pathname))
    )
      fields.url = '飞书机器人地址应为 https://open.feishu.cn/open-apis/bot/v2/hook/…';
    else if (kind === 'sms' && (isPrivateAddress(u.hostname) || LOOPBACK.has(u.hostname)))
      fields.url = '短信网关不能是内网地址';
  }
  if ((kind === 'dingtalk' || kind === 'feishu') && !config.secret)
    fields.secret =
      kind === 'dingtalk'
        ? '钉钉机器人须开启“加签”，请填写以 SEC 开头的密钥'
        : '飞书机器人须开启“签名校验”，请填写密钥';
  if (
    kind === 'dingtalk' &&
    config.secret &&
    !/^SEC[0-9a-f]{16,}$/i.test(config.secret) &&
    !(u && allowLoopback && LOOPBACK.has(u.hostname))
  )
    fields.secret = '钉钉加签密钥以 SEC 开头';
  if (kind === 'sms') {
    const t = config.sms?.bodyTemplate;
    if (!config.sms || !t) fields.sms = '请填写短信网关的请求体模板';
    else if (!t.includes('{{phone}}') || !t.includes('{{content}}'))
      fields.sms = '请求体模板须包含 {{phone}} 和 {{content}}';
    else {
      try {
        JSON.parse(fillTemplate(t, { phone: '13800000000', content: '测试 "内容"', title: '标题' }));
      } catch {
        fields.sms = '请求体模板填入内容后不是合法的 JSON';
      }
    }
    if (config.sms?.headerName && !config.secret) fields.secret = '填写了请求头名称，请同时填写其值（密钥）';
  }
  return fields;
}

/** `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=****8d30`: enough to recognise, not to use. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    const tail = (s: string) => (s.length <= 4 ? '****' : `****${s.slice(-4)}`);
    const path = u.pathname.replace(/[^/]{12,}$/, (seg) => tail(seg));
    const query = [...u.searchParams.keys()]
      .map((k) => `${k}=${tail(u.searchParams.get(k) ?? '')}`)
      .join('&');
    return `${u.protocol}//${u.host}${path}${query ? `?${query}` : ''}`;
  } catch {
    return '****';
  }
}

/** Puts values into a JSON template, each escaped as the inside of a JSON string. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(phone|content|title)\}\}/g, (_, k: string) =>
    JSON.stringify(values[k] ?? '').slice(1, -1),
  );
}

export function dingtalkSign(timestampMs: string, secret: string): string {
  return encodeURIComponent(
    createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64'),
  );
}

export function feishuSign(timestampS: string, secret: string): string {
  return createHmac('sha256', `${timestampS}\n${secret}`).update('').digest('base64');
}

/** The exact request a channel sends for a message at `now`. */
export function buildRequest(
  kind: ChannelKind,
  format: ChannelFormat,
  config: ChannelConfig,
  m: Message,
  now: Date,
): OutboundRequest {
  const json = { 'content-type': 'application/json; charset=utf-8' };
  const plain = `【${m.title}】\n${m.body}\n—— ${m.footer}`;
  switch (kind) {
    case 'wecom': {
      const body =
        format === 'markdown'
          ? {
              msgtype: 'markdown',
              markdown: { content: clipBytes(`## ${m.title}\n${m.body}\n> ${m.footer}`, 4096) },
            }
          : { msgtype: 'text', text: { content: clipBytes(plain, 2048) } };
      return { url: config.url, method: 'POST', headers: json, body: JSON.stringify(body) };
    }
    case 'dingtalk': {
      const ts = String(now.getTime());
      const u = new URL(config.url);
      u.searchParams.delete('timestamp');
      u.searchParams.delete('sign');
      // The sign is already url-encoded (as documented); appended by hand so it is not encoded twice.
      const url = `${u.toString()}&timestamp=${ts}&sign=${dingtalkSign(ts, config.secret)}`;
      const body =
        format === 'markdown'
          ? {
              msgtype: 'markdown',
              markdown: { title: m.title, text: `### ${m.title}\n\n${m.body}\n\n> ${m.footer}` },
            }
          : { msgtype: 'text', text: { content: plain } };
      return { url, method: 'POST', headers: json, body: JSON.stringify(body) };
    }
    case 'feishu': {
      const ts = String(Math.floor(now.getTime() / 1000));
      const body = {
        timestamp: ts,
        sign: feishuSign(ts, config.secret),
        msg_type: 'text',
        content: { text: plain },
      };
      return { url: config.url, method: 'POST', headers: json, body: JSON.stringify(body) };
    }
    case 'sms': {
      const sms = config.sms!;
      const headers: Record<string, string> = { ...json };
      if (sms.headerName && config.secret) headers[sms.headerName.toLowerCase()] = config.secret;
      const content = clipBytes(`${m.title}：${m.body}`, 600);
      return {
        url: config.url,
        method: sms.method,
        headers,
        body: fillTemplate(sms.bodyTemplate, { phone: m.phone ?? '', content, title: m.title }),
      };
    }
  }
}

export type DeliveryResult = { ok: true } | { ok: false; error: string };

/** Sends one request and reads the platform's answer. Never throws: failures are answers. */
export async function deliver(
  kind: ChannelKind,
  req: OutboundRequest,
  opts: { allowLoopback: boolean; timeoutMs?: number },
): Promise<DeliveryResult> {
  let u: URL;
  try {
    u = new URL(req.url);
  } catch {
    return { ok: false, error: '地址格式不正确' };
  }
  const loopback = LOOPBACK.has(u.hostname);
  if (loopback && !opts.allowLoopback) return { ok: false, error: '不允许向本机地址发送' };
  if (!loopback && u.protocol !== 'https:') return { ok: false, error: '只允许 https 地址' };
  if (!loopback && isPrivateAddress(u.hostname)) return { ok: false, error: '不允许向内网地址发送' };
  if (RESERVED_TLD.test(u.hostname)) return { ok: false, error: `域名 ${u.hostname} 无法解析（保留域名）` };
  let res: Response;
  try {
    res = await fetch(u, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    const name = (err as Error).name;
    return {
      ok: false,
      error: name === 'TimeoutError' ? '请求超时' : `连接失败${cause ? `（${cause}）` : ''}`,
    };
  }
  const text = (await res.text().catch(() => '')).slice(0, 500);
  if (res.status < 200 || res.status >= 300)
    return { ok: false, error: `HTTP ${res.status} ${text.slice(0, 200)}`.trim() };
  if (kind === 'sms') return { ok: true };
  let answer: Record<string, unknown>;
  try {
    answer = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { ok: false, error: `平台应答不是 JSON：${text.slice(0, 100)}` };
  }
  // WeCom and DingTalk answer errcode, Feishu code (older Feishu hooks StatusCode): 0 is success.
  const code = kind === 'feishu' ? (answer.code ?? answer.StatusCode) : answer.errcode;
  if (code === 0) return { ok: true };
  const msg = answer.errmsg ?? answer.msg ?? answer.StatusMessage ?? '';
  return { ok: false, error: `平台返回错误 ${String(code)} ${String(msg)}`.trim().slice(0, 300) };
}
