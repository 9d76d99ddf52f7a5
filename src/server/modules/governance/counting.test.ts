import { describe, expect, it } from 'vitest';
import type { Choice, VoteMatter } from '../../../shared/governance.js';
import {
  approves,
  areaCentsOf,
  countElection,
  countMatter,
  type ElectorateEntry,
  type MatterBallot,
  percent,
  quorumHolds,
} from './counting.js';

/** A house: id, area as people write it, and who it counts as (default: its own owner). */
const h = (id: string, area: string, head = `owner-${id}`): ElectorateEntry => ({
  houseId: id,
  areaCents: areaCentsOf(area)!,
  headKey: head,
});
/** Ballots from a compact spec: 'a:yes b:no'. */
const ballots = (spec: string): MatterBallot[] =>
  spec
    .split(/\s+/)
    .filter(Boolean)
    .map((s) => {
      const [houseId, choice] = s.split(':');
      return { houseId, choice: choice as Choice };
    });
/** n houses of 100.00 m², each its own owner: h1 … hn. */
const equal = (n: number) => Array.from({ length: n }, (_, i) => h(`h${i + 1}`, '100.00'));
const yesFrom = (from: number, to: number, choice: Choice = 'yes') =>
  Array.from({ length: to - from + 1 }, (_, i) => `h${from + i}:${choice}`).join(' ');

describe('the comparisons themselves, at their exact boundaries', () => {
  it.each([
    // part, total, holds — 2/3 is reached, not "nearly" reached
    [6n, 9n, true],
    [5n, 9n, false],
    [20000n, 30000n, true],
    [19999n, 30000n, false],
    [2n, 3n, true],
    [1n, 2n, false],
    [0n, 0n, false],
    [7n, 10n, true],
    [66n, 100n, false],
    [67n, 100n, true],
  ])('quorum %s of %s → %s', (part, total, holds) => {
    expect(quorumHolds(part, total)).toBe(holds);
  });

  it.each([
    // rule, yes, participating, passes — "more than half" is not "half"; "three quarters" includes it
    ['majority', 2n, 4n, false],
    ['majority', 3n, 4n, true],
    ['majority', 10000n, 20000n, false],
    ['majority', 10001n, 20000n, true],
    ['majority', 1n, 1n, true],
    ['majority', 0n, 0n, false],
    ['supermajority', 3n, 4n, true],
    ['supermajority', 2n, 4n, false],
    ['supermajority', 30000n, 40000n, true],
    ['supermajority', 29999n, 40000n, false],
    ['supermajority', 74n, 99n, false],
    ['supermajority', 75n, 100n, true],
    ['supermajority', 0n, 0n, false],
  ] as const)('%s: %s of %s → %s', (rule, yes, participating, passes) => {
    expect(approves(rule, yes, participating)).toBe(passes);
  });

  it('reads areas exactly and prints percentages truncated', () => {
    expect(areaCentsOf('89.5')).toBe(8950n);
    expect(areaCentsOf('89.05')).toBe(8905n);
    expect(areaCentsOf('120')).toBe(12000n);
    expect(areaCentsOf('0.01')).toBe(1n);
    expect(areaCentsOf('1.005')).toBeNull();
    expect(areaCentsOf('-3')).toBeNull();
    expect(areaCentsOf('1e3')).toBeNull();
    expect(percent(2n, 3n)).toBe('66.66%');
    expect(percent(1n, 1n)).toBe('100.00%');
    expect(percent(0n, 0n)).toBe('0.00%');
  });
});

describe('art. 278 on whole votes (table-driven at the boundaries)', () => {
  const cases: {
    name: string;
    matter: VoteMatter;
    electorate: ElectorateEntry[];
    ballots: string;
    quorum: [boolean, boolean];
    approval: [boolean, boolean];
    passed: boolean;
  }[] = [
    {
      name: 'quorum met exactly: 6 of 9 owners, 600.00 of 900.00 m²',
      matter: 'other',
      electorate: equal(9),
      ballots: yesFrom(1, 6),
      quorum: [true, true],
      approval: [true, true],
      passed: true,
    },
    {
      name: 'quorum missed by one owner: 5 of 9 owners',
      matter: 'other',
      electorate: equal(9),
      ballots: yesFrom(1, 5),
      quorum: [false, false],
      approval: [true, true],
      passed: false,
    },
    {
      name: 'quorum met on area exactly: 200.00 of 300.00 m², 2 of 3 owners',
      matter: 'other',
      electorate: [h('a', '100.00'), h('b', '100.00'), h('c', '100.00')],
      ballots: 'a:yes b:yes',
      quorum: [true, true],
      approval: [true, true],
      passed: true,
    },
    {
      name: 'quorum missed by 0.01 m²: 199.99 of 300.00 m² (owners 2 of 3 still enough)',
      matter: 'other',
      electorate: [h('a', '100.00'), h('b', '99.99'), h('c', '100.01')],
      ballots: 'a:yes b:yes',
      quorum: [false, true],
      approval: [true, true],
      passed: false,
    },
    {
      name: 'area enough but owners short: one big house is not two thirds of the people',
      matter: 'other',
      electorate: [h('big', '800.00'), h('s1', '50.00'), h('s2', '50.00'), h('s3', '50.00')],
      ballots: 'big:yes s1:yes',
      quorum: [true, false],
      approval: [true, true],
      passed: false,
    },
    {
      name: '> 1/2: exactly half the participating area is not enough (3 of 4 owners are)',
      matter: 'use_fund',
      electorate: [h('a', '100.00'), h('b', '50.00'), h('c', '25.00'), h('d', '25.00')],
      ballots: 'a:no b:yes c:yes d:yes',
      quorum: [true, true],
      approval: [false, true],
      passed: false,
    },
    {
      name: '> 1/2: 0.01 m² over half of the participating area passes',
      matter: 'use_fund',
      electorate: [h('a', '99.99'), h('b', '50.01'), h('c', '25.00'), h('d', '25.00')],
      ballots: 'a:no b:yes c:yes d:yes',
      quorum: [true, true],
      approval: [true, true],
      passed: true,
    },
    {
      name: '> 1/2 on heads: exactly half the participating owners is not enough',
      matter: 'property_company',
      electorate: equal(4),
      ballots: 'h1:yes h2:yes h3:no h4:no',
      quorum: [true, true],
      approval: [false, false],
      passed: false,
    },
    {
      name: '≥ 3/4: exactly three quarters of area and owners passes',
      matter: 'raise_fund',
      electorate: equal(4),
      ballots: 'h1:yes h2:yes h3:yes h4:no',
      quorum: [true, true],
      approval: [true, true],
      passed: true,
    },
    {
      name: '≥ 3/4: 0.01 m² short of three quarters fails',
      matter: 'common_use',
      electorate: [h('a', '100.00'), h('b', '100.00'), h('c', '99.99'), h('d', '100.01')],
      ballots: 'a:yes b:yes c:yes d:no',
      quorum: [true, true],
      approval: [false, true],
      passed: false,
    },
    {
      name: 'the same 2/3 support passes an ordinary matter …',
      matter: 'management_rules',
      electorate: equal(3),
      ballots: 'h1:yes h2:yes h3:no',
      quorum: [true, true],
      approval: [true, true],
      passed: true,
    },
    {
      name: '… and fails a 3/4 matter (改建、重建)',
      matter: 'rebuild',
      electorate: equal(3),
      ballots: 'h1:yes h2:yes h3:no',
      quorum: [true, true],
      approval: [false, false],
      passed: false,
    },
    {
      name: 'abstentions take part and count against approval',
      matter: 'other',
      electorate: equal(4),
      ballots: 'h1:yes h2:yes h3:abstain h4:abstain',
      quorum: [true, true],
      approval: [false, false],
      passed: false,
    },
    {
      name: 'co-owners of a house are one owner: 3 houses, 2 of them co-owned, headcount 3',
      matter: 'other',
      electorate: [h('a', '100.00', 'p1+p2'), h('b', '100.00', 'p3+p4'), h('c', '100.00', 'p5')],
      ballots: 'a:yes b:yes',
      quorum: [true, true],
      approval: [true, true],
      passed: true,
    },
    {
      name: 'an owner of two houses is one head: 2 of 3 houses but 1 of 2 owners is no quorum',
      matter: 'other',
      electorate: [h('a', '100.00', 'p1'), h('b', '100.00', 'p1'), h('c', '100.00', 'p2')],
      ballots: 'a:yes b:yes',
      quorum: [true, false],
      approval: [true, true],
      passed: false,
    },
    {
      name: 'nobody voted',
      matter: 'other',
      electorate: equal(3),
      ballots: '',
      quorum: [false, false],
      approval: [false, false],
      passed: false,
    },
  ];

  it.each(cases)('$name', (c) => {
    const r = countMatter({ matter: c.matter, electorate: c.electorate, ballots: ballots(c.ballots) });
    expect([r.quorum.areaMet, r.quorum.headsMet]).toEqual(c.quorum);
    expect([r.approval.areaMet, r.approval.headsMet]).toEqual(c.approval);
    expect(r.passed).toBe(c.passed);
  });

  it('lists area and headcount separately, to the hundredth of a square metre', () => {
    const r = countMatter({
      matter: 'raise_fund',
      electorate: [h('a', '89.50', 'p1'), h('b', '120.05', 'p1'), h('c', '65.33', 'p2+p3'), h('d', '70.00')],
      ballots: ballots('a:yes b:yes c:no'),
    });
    expect(r.rule).toBe('supermajority');
    expect(r.total).toEqual({ area: '344.88', heads: 3, houses: 4 });
    expect(r.participating).toEqual({ area: '274.88', heads: 2, houses: 3 });
    expect(r.yes).toEqual({ area: '209.55', heads: 1, houses: 2 });
    expect(r.no).toEqual({ area: '65.33', heads: 1, houses: 1 });
    expect(r.abstain).toEqual({ area: '0.00', heads: 0, houses: 0 });
    expect(r.shares).toEqual({
      turnoutArea: '79.70%',
      turnoutHeads: '66.66%',
      yesArea: '76.23%',
      yesHeads: '50.00%',
    });
  });

  it('one head with disagreeing ballots takes part and supports nothing', () => {
    const r = countMatter({
      matter: 'other',
      electorate: [h('a', '100.00', 'p1'), h('b', '100.00', 'p1'), h('c', '100.00', 'p2')],
      ballots: ballots('a:yes b:no c:yes'),
    });
    expect(r.participating.heads).toBe(2);
    expect(r.yes.heads).toBe(1);
    expect(r.no.heads).toBe(0);
    expect(r.abstain.heads).toBe(1);
    expect(r.mixedHeads).toBe(1);
    expect(r.yes.area).toBe('200.00');
    expect(r.no.area).toBe('100.00');
  });

  it('is reproducible: the same ballots in any order give the same figures', () => {
    const electorate = Array.from({ length: 200 }, (_, i) =>
      h(`h${i}`, `${60 + (i % 37)}.${String((i * 7) % 100).padStart(2, '0')}`, `p${i % 150}`),
    );
    const choices: Choice[] = ['yes', 'no', 'abstain'];
    const list = electorate
      .filter((_, i) => i % 5 !== 0)
      .map((e, i) => ({ houseId: e.houseId, choice: choices[(i * 13) % 3] }));
    const a = countMatter({ matter: 'other', electorate, ballots: list });
    const b = countMatter({
      matter: 'other',
      electorate: [...electorate].reverse(),
      ballots: [...list].reverse(),
    });
    expect(b).toEqual(a);
  });

  it('refuses what the database must have prevented: two ballots for a house, a house outside the electorate', () => {
    expect(() =>
      countMatter({ matter: 'other', electorate: equal(2), ballots: ballots('h1:yes h1:no') }),
    ).toThrow(/two ballots/);
    expect(() => countMatter({ matter: 'other', electorate: equal(2), ballots: ballots('x:yes') })).toThrow(
      /outside the electorate/,
    );
  });
});

describe('elections on the same rule', () => {
  const electorate = equal(10);
  const vote = (spec: Record<string, string[]>) =>
    Object.entries(spec).map(([houseId, candidateIds]) => ({ houseId, candidateIds }));

  it('fills seats by most support among candidates who each pass more than half', () => {
    const r = countElection({
      electorate,
      seats: 2,
      candidateIds: ['zhang', 'li', 'wang'],
      ballots: vote({
        h1: ['zhang', 'li'],
        h2: ['zhang', 'li'],
        h3: ['zhang', 'li'],
        h4: ['zhang', 'wang'],
        h5: ['zhang', 'wang'],
        h6: ['li', 'wang'],
        h7: ['zhang'],
      }),
    });
    expect(r.quorum.met).toBe(true);
    const by = Object.fromEntries(r.candidates.map((c) => [c.candidateId, c]));
    expect(by.zhang.support).toEqual({ area: '600.00', heads: 6, houses: 6 });
    expect(by.li.support.heads).toBe(4);
    expect(by.li.approval.met).toBe(true);
    expect(by.wang.approval.met).toBe(false);
    expect(r.elected).toEqual(['zhang', 'li']);
    expect(r.unfilled).toBe(0);
  });

  it('leaves a seat empty rather than fill it with someone below the threshold', () => {
    const r = countElection({
      electorate,
      seats: 3,
      candidateIds: ['zhang', 'li', 'wang'],
      ballots: vote({
        h1: ['zhang'],
        h2: ['zhang'],
        h3: ['zhang'],
        h4: ['zhang'],
        h5: ['li'],
        h6: ['li'],
        h7: [],
      }),
    });
    expect(r.elected).toEqual(['zhang']);
    expect(r.unfilled).toBe(2);
  });

  it('a tie for the last seat fills neither place', () => {
    const r = countElection({
      electorate,
      seats: 2,
      candidateIds: ['zhang', 'li', 'wang'],
      ballots: vote({
        h1: ['zhang', 'li'],
        h2: ['zhang', 'li'],
        h3: ['zhang', 'li'],
        h4: ['zhang', 'wang'],
        h5: ['zhang', 'wang'],
        h6: ['li', 'wang'],
        h7: ['zhang', 'wang'],
      }),
    });
    expect(r.elected).toEqual(['zhang']);
    expect(r.candidates.filter((c) => c.tiedForLastSeat).map((c) => c.candidateId)).toEqual(['li', 'wang']);
    expect(r.unfilled).toBe(1);
  });

  it('elects nobody without the quorum', () => {
    const r = countElection({
      electorate,
      seats: 1,
      candidateIds: ['zhang'],
      ballots: vote({
        h1: ['zhang'],
        h2: ['zhang'],
        h3: ['zhang'],
        h4: ['zhang'],
        h5: ['zhang'],
        h6: ['zhang'],
      }),
    });
    expect(r.quorum.met).toBe(false);
    expect(r.elected).toEqual([]);
    expect(r.passed).toBe(false);
  });

  it('refuses more picks than seats', () => {
    expect(() =>
      countElection({ electorate, seats: 1, candidateIds: ['a', 'b'], ballots: vote({ h1: ['a', 'b'] }) }),
    ).toThrow(/more candidates than seats/);
  });
});
