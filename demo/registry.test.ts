import { beforeAll, describe, expect, it } from 'vitest';
import { createPiiCipher, validateCitizenId } from '../src/server/platform/pii/index.js';
import { SPECIAL_DETAILS_SCHEMA } from '../src/shared/api/registry.js';
import type { SpecialGroup } from '../src/shared/registry.js';
import { demoPlaces, demoRegistryRandom } from './index.js';
import { buildRegistryDemo, DEMO_REGISTRY_PEOPLE, type RegistryDemo } from './registry.js';

const TODAY = '2026-06-30';
const pii = createPiiCipher('x'.repeat(64));
const demo = demoPlaces();
const build = () => buildRegistryDemo(demoRegistryRandom(), demo, pii, TODAY);

let data: RegistryDemo;
beforeAll(() => {
  data = build();
}, 120_000);

const within = (place: { path: string }) => (row: { placePath: string }) =>
  row.placePath.startsWith(place.path);

function estateFigures(place: { path: string }) {
  const inside = within(place);
  const current = data.residencies.filter((r) => inside(r) && r.moveOut === null);
  const people = data.people.filter(inside);
  const live = data.tenancies.filter(
    (t) => t.endedOn === null && t.startDate <= TODAY && t.endDate >= TODAY && inside(t),
  );
  const liveIds = new Set(live.map((t) => t.id));
  const onLive = new Set(data.tenancyTenants.filter((t) => liveIds.has(t.tenancyId)).map((t) => t.personId));
  const let_ = new Set(data.tenancies.map((t) => t.houseId));
  const floating = people.filter((p) => p.populationType === 'floating');
  return {
    households: new Set(current.map((r) => r.houseId)).size,
    people: people.length,
    residents: people.filter((p) => p.houseId).length,
    rentedWithTenancy: data.houses.filter((h) => inside(h) && h.use === 'rent' && let_.has(h.id)).length,
    floating: floating.length,
    floatingOnTenancy: floating.filter((p) => onLive.has(p.id)).length,
  };
}

describe('demo registry', () => {
  it('gives 锦绣春天 its 844 households and about 2,500 people', () => {
    const f = estateFigures(demo.jinxiuEstate);
    expect(f.households).toBe(844);
    expect(f.people).toBeGreaterThanOrEqual(2400);
    expect(f.people).toBeLessThanOrEqual(2600);
    expect(f.residents).toBeGreaterThanOrEqual(2400);
  });

  it('gives 于家一 2,612 households, ~650 let flats and ~900 temporary residents, most of them registered', () => {
    const f = estateFigures(demo.yujiaEstate);
    expect(f.households).toBe(2612);
    expect(f.rentedWithTenancy).toBeGreaterThanOrEqual(600);
    expect(f.rentedWithTenancy).toBeLessThanOrEqual(700);
    expect(f.floating).toBeGreaterThanOrEqual(850);
    expect(f.floating).toBeLessThanOrEqual(950);
    const rate = f.floatingOnTenancy / f.floating;
    // Below 100 %: the 未登记流动人口 list and the 列管率 must have something to show.
    expect(rate).toBeGreaterThanOrEqual(0.9);
    expect(rate).toBeLessThanOrEqual(0.99);
  });

  it('gives 南华家园 about 600 houses and 1,700 people', () => {
    const inside = within(demo.nanhuaEstate);
    expect(data.houses.filter(inside).length).toBeGreaterThanOrEqual(550);
    expect(data.houses.filter(inside).length).toBeLessThanOrEqual(650);
    expect(data.people.filter(inside).length).toBeGreaterThanOrEqual(1550);
    expect(data.people.filter(inside).length).toBeLessThanOrEqual(1850);
  });

  it('issues valid citizen IDs whose birth date and sex are the person’s, and passports to 境外 people only', () => {
    const asOf = new Date(`${TODAY}T12:00:00+08:00`);
    const seen = new Set<string>();
    for (const p of data.people) {
      const id = pii.decrypt(p.idEnc!);
      expect(seen.has(id)).toBe(false);
      seen.add(id);
      if (p.idType === 'passport') {
        expect(p.populationType).toBe('overseas');
        continue;
      }
      expect(p.idType).toBe('resident_id');
      const v = validateCitizenId(id, asOf);
      expect(v.ok, `${p.name} ${id}`).toBe(true);
      if (!v.ok) continue;
      expect(v.birthDate).toBe(p.birthDate);
      expect(v.gender).toBe(p.gender);
      expect(p.idIndex).toBe(pii.blindIndex('id', id));
    }
  });

  it('keeps phones in the demo range 1990010xxxx–1990019xxxx, one per person, and none for young children', () => {
    const phones = new Set<string>();
    for (const p of data.people) {
      if (!p.phoneEnc) continue;
      const phone = pii.decrypt(p.phoneEnc);
      expect(phones.has(phone)).toBe(false);
      phones.add(phone);
      if (p.name === DEMO_REGISTRY_PEOPLE.resident.name) expect(phone).toBe('19900000012');
      else expect(phone).toMatch(/^199001\d{5}$/);
      expect(p.birthDate! <= '2010-12-31').toBe(true);
    }
  });

  it('is the same on every run (apart from the randomly padded ciphertexts)', () => {
    const strip = (d: RegistryDemo) => ({
      ...d,
      people: d.people.map(({ idEnc: _i, phoneEnc: _p, ...rest }) => rest),
    });
    expect(strip(build())).toEqual(strip(data));
  }, 120_000);

  it('gives every special case details its group’s schema accepts and dates that agree with its visits', () => {
    const visits = new Map<string, string[]>();
    for (const v of data.caseVisits) visits.set(v.caseId, [...(visits.get(v.caseId) ?? []), v.visitedOn]);
    for (const c of data.groupCases) {
      if (c.kind === 'special') {
        const schema = SPECIAL_DETAILS_SCHEMA[c.group as SpecialGroup];
        expect(schema, c.group).toBeDefined();
        expect(schema.safeParse(c.details).success, `${c.group} ${JSON.stringify(c.details)}`).toBe(true);
        expect(['high', 'medium', 'low']).toContain(c.attention);
      } else {
        expect([1, 2, 3]).toContain(c.level);
      }
      const dates = (visits.get(c.id) ?? []).sort();
      expect(c.lastVisitOn).toBe(dates.at(-1) ?? null);
      if (dates.length > 0) expect(dates[0] >= c.startedOn).toBe(true);
      expect(c.nextVisitDue > (c.lastVisitOn ?? c.startedOn)).toBe(true);
    }
  });

  it('gives wangge’s and wangge2’s grids people, special cases and care cases', () => {
    for (const grid of [demo.jinxiuGrid1, demo.jinxiuGrid2]) {
      const inside = within(grid);
      expect(data.people.filter(inside).length).toBeGreaterThan(500);
      const cases = data.groupCases.filter(inside);
      expect(cases.some((c) => c.kind === 'special')).toBe(true);
      expect(cases.some((c) => c.kind === 'care')).toBe(true);
    }
  });

  it('puts the named people where the manual says', () => {
    const houseByKey = (estate: { path: string }, key: string) =>
      data.houses.find((h) => h.placePath.startsWith(estate.path) && h.addressKey === key)!;
    const estates = { jinxiu: demo.jinxiuEstate, yujia: demo.yujiaEstate } as const;
    for (const who of Object.values(DEMO_REGISTRY_PEOPLE)) {
      const matches = data.people.filter((p) => p.name === who.name);
      expect(matches, who.name).toHaveLength(1);
      expect(matches[0].houseId).toBe(houseByKey(estates[who.estate], who.address).id);
    }
    const person = (name: string) => data.people.find((p) => p.name === name)!;
    const sun = person(DEMO_REGISTRY_PEOPLE.resident.name);
    expect(sun.placePath).toBe(demo.residentUnit.path);
    expect(pii.decrypt(sun.phoneEnc!)).toBe('19900000012');
    expect(data.residencies.find((r) => r.personId === sun.id)?.relation).toBe('head');
    expect(data.houseOwners.filter((o) => o.houseId === sun.houseId).map((o) => o.share)).toEqual([
      '50.00',
      '50.00',
    ]);

    const caseOf = (name: string) => data.groupCases.find((c) => c.personId === person(name).id)!;
    const correction = caseOf(DEMO_REGISTRY_PEOPLE.correction.name);
    expect(correction).toMatchObject({ group: 'correction', attention: 'high', responsibleName: '王磊' });
    expect(correction.nextVisitDue < TODAY).toBe(true);
    expect(caseOf(DEMO_REGISTRY_PEOPLE.mental.name)).toMatchObject({
      group: 'mental',
      details: { riskLevel: 2, guardian: DEMO_REGISTRY_PEOPLE.mentalGuardian.name },
      responsibleName: '陈静',
    });
    expect(caseOf(DEMO_REGISTRY_PEOPLE.mental.name).nextVisitDue >= TODAY).toBe(true);
    expect(caseOf(DEMO_REGISTRY_PEOPLE.elder.name)).toMatchObject({ group: 'elderly_alone', level: 3 });
    expect(caseOf(DEMO_REGISTRY_PEOPLE.dibao.name)).toMatchObject({ group: 'dibao', level: 2 });

    const tenanciesOf = (name: string) => {
      const ids = new Set(
        data.tenancyTenants.filter((t) => t.personId === person(name).id).map((t) => t.tenancyId),
      );
      return data.tenancies.filter((t) => ids.has(t.id));
    };
    const [ending] = tenanciesOf(DEMO_REGISTRY_PEOPLE.tenant.name);
    expect(ending.endDate >= TODAY && ending.endDate <= '2026-07-30').toBe(true);
    expect(tenanciesOf(DEMO_REGISTRY_PEOPLE.lodger.name)).toEqual([]);
    expect(person(DEMO_REGISTRY_PEOPLE.lodger.name).populationType).toBe('floating');
  });

  it('keeps rows consistent: owners’ shares add up, moves are in order, homes and paths agree', () => {
    const shares = new Map<string, number>();
    for (const o of data.houseOwners) shares.set(o.houseId, (shares.get(o.houseId) ?? 0) + Number(o.share));
    expect(shares.size).toBe(data.houses.length);
    for (const total of shares.values()) expect(total).toBe(100);
    const house = new Map(data.houses.map((h) => [h.id, h]));
    for (const r of data.residencies) {
      expect(r.placePath).toBe(house.get(r.houseId)!.placePath);
      if (r.moveIn && r.moveOut) expect(r.moveOut > r.moveIn).toBe(true);
    }
    expect(data.residencies.filter((r) => r.moveOut !== null).length).toBeGreaterThan(100);
    for (const p of data.people) {
      if (p.houseId) expect(p.placePath).toBe(house.get(p.houseId)!.placePath);
      else
        expect([demo.jinxiuEstate.path, demo.yujiaEstate.path, demo.nanhuaEstate.path]).toContain(
          p.placePath,
        );
    }
    for (const t of data.tenancies) expect(t.endDate >= t.startDate).toBe(true);
    // Searches by pinyin find several of the commonest names.
    expect(data.people.filter((p) => p.namePinyin === 'zhangwei').length).toBeGreaterThanOrEqual(3);
    expect(data.people.filter((p) => p.namePinyin === 'wangfang').length).toBeGreaterThanOrEqual(3);
  });
});
