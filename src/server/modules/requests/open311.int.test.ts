import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, TestApp } from '../../test/harness.js';
import { startTestApp } from '../../test/harness.js';
import { redactNumbers } from './open311.js';

let t: TestApp;
let admin: Agent;
let wangge: Agent;
let apiKey: string;

const get = (url: string) => t.app.inject({ method: 'GET', url });
const post = (payload: Record<string, string>, remoteAddress = '10.3.1.1') =>
  t.app.inject({
    method: 'POST',
    url: '/open311/v2/requests.json',
    remoteAddress,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(payload).toString(),
  });

/** The GeoReport v2 fields of a service request and their JSON types (null allowed where the spec allows). */
const REQUEST_FIELDS: Record<string, string[]> = {
  service_request_id: ['string'],
  status: ['string'],
  status_notes: ['string', 'null'],
  service_name: ['string'],
  service_code: ['string'],
  description: ['string'],
  agency_responsible: ['string'],
  service_notice: ['string', 'null'],
  requested_datetime: ['string'],
  updated_datetime: ['string'],
  expected_datetime: ['string', 'null'],
  address: ['string'],
  address_id: ['string'],
  zipcode: ['string', 'null'],
  lat: ['number', 'null'],
  long: ['number', 'null'],
  media_url: ['string', 'null'],
};
const typeOf = (v: unknown) => (v === null ? 'null' : typeof v);

beforeAll(async () => {
  t = await startTestApp();
  [admin, wangge] = await Promise.all(['admin', 'wangge'].map((u) => t.login(u)));
  const issued = await admin.post('/api/v1/requests/open311/keys', { name: '市 12345 平台' });
  expect(issued.status).toBe(201);
  apiKey = issued.body.apiKey;
});
afterAll(() => t.close());

describe('Open311 GeoReport v2', () => {
  it('publishes discovery and the service list with the standard’s field names', async () => {
    const d = (await get('/open311/v2/discovery.json')).json();
    expect(d.endpoints[0]).toMatchObject({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      formats: ['application/json'],
    });
    const services = (await get('/open311/v2/services.json')).json();
    const elevator = services.find((s: { service_code: string }) => s.service_code === 'property.elevator');
    expect(elevator).toEqual({
      service_code: 'property.elevator',
      service_name: '物业管理：电梯故障',
      description: expect.any(String),
      metadata: false,
      type: 'realtime',
      keywords: expect.any(String),
      group: '物业管理',
    });
    const def = await get('/open311/v2/services/property.elevator.json');
    expect(def.statusCode).toBe(200);
    expect(def.json()).toEqual({ service_code: 'property.elevator', attributes: [] });
    expect((await get('/open311/v2/services/nothing.json')).statusCode).toBe(404);
  });

  it('takes a form-encoded POST with an api_key and lists it back with the spec’s types', async () => {
    expect(
      (await post({ api_key: 'x'.repeat(20), service_code: 'property.elevator', description: '电梯坏了' }))
        .statusCode,
    ).toBe(403);
    const res = await post({
      api_key: apiKey,
      jurisdiction_id: 'GN',
      service_code: 'property.elevator',
      address_string: '锦绣春天小区 3栋1单元',
      lat: '29.512345',
      long: '106.456789',
      first_name: '桂兰',
      last_name: '张',
      phone: '13812345678',
      description: '电梯停运两天，联系电话13812345678',
    });
    expect(res.statusCode, res.body).toBe(201);
    const [answer] = res.json();
    expect(answer).toEqual({
      service_request_id: expect.stringMatching(/^SQ\d{8}$/),
      service_notice: expect.any(String),
      account_id: null,
    });

    const one = (
      await get(`/open311/v2/requests/${answer.service_request_id}.json?jurisdiction_id=GN`)
    ).json();
    expect(one).toHaveLength(1);
    const r = one[0];
    for (const [field, types] of Object.entries(REQUEST_FIELDS))
      expect(types, field).toContain(typeOf(r[field]));
    expect(Object.keys(r).sort()).toEqual(Object.keys(REQUEST_FIELDS).sort());
    expect(r).toMatchObject({
      status: 'open',
      service_code: 'property.elevator',
      lat: 29.512345,
      long: 106.456789,
    });
    expect(r.requested_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    // A public feed: the phone the resident typed is masked, the handler is a unit not a person.
    expect(r.description).toContain('138****5678');
    expect(JSON.stringify(one)).not.toContain('13812345678');

    const list = (await get('/open311/v2/requests.json?status=open&service_code=property.elevator')).json();
    expect(list.map((x: { service_request_id: string }) => x.service_request_id)).toContain(
      answer.service_request_id,
    );
    const closedOnly = (await get('/open311/v2/requests.json?status=closed')).json();
    expect(closedOnly.every((x: { status: string }) => x.status === 'closed')).toBe(true);
  });

  it('reports the request’s progress as updates and shows it closed once handled', async () => {
    const [answer] = (
      await post(
        {
          api_key: apiKey,
          service_code: 'sanitation.garbage',
          address_id: t.places.jinxiuGrid1.id,
          description: '垃圾桶满溢',
        },
        '10.3.1.2',
      )
    ).json();
    const start = new Date(t.clock.now().getTime() - 60_000).toISOString();
    const events = (await wangge.get('/api/v1/grid/events?source=open311&pageSize=50')).body.items;
    const e = events.find((x: { title: string }) => x.title.includes('垃圾桶满溢'));
    await wangge.post(`/api/v1/grid/events/${e.id}/actions`, { action: 'accept' });
    await wangge.post(`/api/v1/grid/events/${e.id}/actions`, {
      action: 'close',
      closureKind: 'resolved',
      note: '已清运',
    });
    t.clock.advance(1000);
    const updates = (
      await get(`/open311/v2/servicerequestupdates.json?start_date=${encodeURIComponent(start)}`)
    ).json();
    const mine = updates.filter(
      (u: { service_request_id: string }) => u.service_request_id === answer.service_request_id,
    );
    expect(mine.map((u: { description: string; status: string }) => `${u.description}/${u.status}`)).toEqual([
      '已受理登记/open',
      '已签收/open',
      '已办结/closed',
    ]);
    const [r] = (await get(`/open311/v2/requests/${answer.service_request_id}.json`)).json();
    expect(r).toMatchObject({ status: 'closed', status_notes: '已解决', expected_datetime: null });
  });

  it('refuses an unknown jurisdiction, an unplaceable address and a bad date in the one error shape', async () => {
    const unknown = await get('/open311/v2/requests.json?jurisdiction_id=NOPE');
    expect(unknown.statusCode).toBe(404);
    const nowhere = await post(
      { api_key: apiKey, service_code: 'other.other', address_string: '不存在的地方', description: '测试' },
      '10.3.1.3',
    );
    expect(nowhere.statusCode).toBe(400);
    expect(nowhere.json().error.fields.address_string).toBeTruthy();
    const badDate = await get('/open311/v2/requests.json?start_date=yesterday');
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error.code).toBeTruthy();
  });

  it('lets only a system administrator issue and revoke keys, and a revoked key stops working', async () => {
    expect((await wangge.post('/api/v1/requests/open311/keys', { name: 'x' })).status).toBe(403);
    const issued = (await admin.post('/api/v1/requests/open311/keys', { name: '临时' })).body;
    expect((await admin.delete(`/api/v1/requests/open311/keys/${issued.id}`)).status).toBe(200);
    const refused = await post(
      {
        api_key: issued.apiKey,
        service_code: 'other.other',
        address_id: t.places.jinxiuGrid1.id,
        description: '测试',
      },
      '10.3.1.4',
    );
    expect(refused.statusCode).toBe(403);
    const keys = (await admin.get('/api/v1/requests/open311/keys')).body.items;
    expect(JSON.stringify(keys)).not.toContain(issued.apiKey);
  });
});

describe('redactNumbers', () => {
  it('masks mobile and citizen ID numbers and leaves other numbers alone', () => {
    expect(redactNumbers('电话13812345678，身份证500231198604121234，3栋501')).toBe(
      '电话138****5678，身份证500231********1234，3栋501',
    );
  });
});
