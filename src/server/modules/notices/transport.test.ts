import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fillPlaceholders, placeholdersOf } from '../../../shared/notices.js';
import { buildRequest, checkChannelConfig, clipBytes, fillTemplate, maskUrl } from './transport.js';

const message = { title: '停水通知', body: '明天 9:00 停水', footer: '锦绣春天小区 · 2026-11-23' };
const at = new Date('2026-11-23T02:00:00.123Z');

describe('channel requests', () => {
  it('DingTalk: ms timestamp and the url-encoded base64 HMAC of "timestamp\\nsecret" keyed by the secret', () => {
    const secret = 'SEC0123456789abcdef';
    const req = buildRequest(
      'dingtalk',
      'markdown',
      { url: 'https://oapi.dingtalk.com/robot/send?access_token=t', secret },
      message,
      at,
    );
    const u = new URL(req.url);
    expect(u.searchParams.get('access_token')).toBe('t');
    expect(u.searchParams.get('timestamp')).toBe('1795399200123');
    const expected = createHmac('sha256', secret).update(`1795399200123\n${secret}`).digest('base64');
    expect(u.searchParams.get('sign')).toBe(expected);
    // Encoded once: '+', '/' and '=' of base64 never reach the query raw.
    expect(req.url).not.toMatch(/sign=[^&]*[+/=]/);
    expect(JSON.parse(req.body)).toEqual({
      msgtype: 'markdown',
      markdown: { title: '停水通知', text: '### 停水通知\n\n明天 9:00 停水\n\n> 锦绣春天小区 · 2026-11-23' },
    });
  });

  it('Feishu: s timestamp, HMAC keyed by "timestamp\\nsecret" over an empty message, both in the body', () => {
    const req = buildRequest(
      'feishu',
      'text',
      { url: 'https://open.feishu.cn/open-apis/bot/v2/hook/x', secret: 'k' },
      message,
      at,
    );
    const body = JSON.parse(req.body);
    expect(body.timestamp).toBe('1795399200');
    expect(body.sign).toBe(createHmac('sha256', '1795399200\nk').update('').digest('base64'));
    expect(body.msg_type).toBe('text');
    expect(body.content.text).toBe('【停水通知】\n明天 9:00 停水\n—— 锦绣春天小区 · 2026-11-23');
  });

  it('WeCom: markdown content within 4096 bytes, text within 2048', () => {
    const long = { ...message, body: '长'.repeat(3000) };
    const md = JSON.parse(buildRequest('wecom', 'markdown', { url: 'https://x', secret: '' }, long, at).body);
    expect(md.msgtype).toBe('markdown');
    expect(Buffer.byteLength(md.markdown.content)).toBeLessThanOrEqual(4096);
    const text = JSON.parse(buildRequest('wecom', 'text', { url: 'https://x', secret: '' }, long, at).body);
    expect(Buffer.byteLength(text.text.content)).toBeLessThanOrEqual(2048);
  });

  it('SMS: the template filled with JSON-escaped values, the key in its header', () => {
    const req = buildRequest(
      'sms',
      'text',
      {
        url: 'https://sms.example.com/send',
        secret: 'key1',
        sms: {
          method: 'PUT',
          headerName: 'X-Api-Key',
          bodyTemplate: '{"to":"{{phone}}","msg":"{{content}}"}',
        },
      },
      { ...message, body: '他说"停水"\n请储水', phone: '13800000000' },
      at,
    );
    expect(req.method).toBe('PUT');
    expect(req.headers['x-api-key']).toBe('key1');
    expect(JSON.parse(req.body)).toEqual({ to: '13800000000', msg: '停水通知：他说"停水"\n请储水' });
    expect(fillTemplate('"{{title}}"', { title: '\\' })).toBe('"\\\\"');
  });
});

describe('channel configuration and masking', () => {
  it('checks the documented hosts, https, and signed kinds’ secrets; loopback only when allowed', () => {
    const ok = (kind: 'wecom' | 'dingtalk' | 'feishu', url: string, secret = '', loop = false) =>
      Object.keys(checkChannelConfig(kind, { url, secret }, loop));
    expect(ok('wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=a')).toEqual([]);
    expect(ok('wecom', 'https://qyapi.weixin.qq.com.evil.cn/cgi-bin/webhook/send?key=a')).toEqual(['url']);
    expect(
      ok('dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=a', 'SEC0123456789abcdef0'),
    ).toEqual([]);
    expect(ok('dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=a', 'nosec')).toEqual([
      'secret',
    ]);
    expect(ok('feishu', 'https://open.larksuite.com/open-apis/bot/v2/hook/abc', 's')).toEqual([]);
    expect(ok('feishu', 'https://open.feishu.cn/open-apis/bot/v2/hook/abc')).toEqual(['secret']);
    expect(ok('wecom', 'https://user:pw@qyapi.weixin.qq.com/cgi-bin/webhook/send?key=a')).toEqual(['url']);
    expect(ok('wecom', 'http://127.0.0.1:9/anything')).toEqual(['url']);
    expect(ok('wecom', 'http://127.0.0.1:9/anything', '', true)).toEqual([]);
    expect(ok('wecom', 'ftp://127.0.0.1/x', '', true)).toEqual(['url']);
  });

  it('masks addresses to their last four characters of each key', () => {
    expect(
      maskUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa'),
    ).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=****5aaa');
    expect(maskUrl('https://open.feishu.cn/open-apis/bot/v2/hook/0a1b2c3d-4e5f-6789')).toBe(
      'https://open.feishu.cn/open-apis/bot/v2/hook/****6789',
    );
    expect(maskUrl('not a url')).toBe('****');
  });

  it('clips to a byte length without splitting a character', () => {
    expect(clipBytes('abc', 10)).toBe('abc');
    const clipped = clipBytes('平安'.repeat(10), 20);
    expect(Buffer.byteLength(clipped)).toBeLessThanOrEqual(20);
    expect(clipped.endsWith('…')).toBe(true);
    expect(clipped).not.toContain('\uFFFD');
  });

  it('finds and fills template placeholders', () => {
    expect(placeholdersOf('{{小区}}{{ 日期 }}{{小区}}{{重点提示}}')).toEqual(['小区', '日期', '重点提示']);
    expect(fillPlaceholders('{{小区}}：{{未知}}', { 小区: '锦绣春天' })).toBe('锦绣春天：{{未知}}');
  });
});
