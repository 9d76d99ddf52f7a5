import {
  areaText,
  type Choice,
  type VoteMatter,
  type VoteRule,
  voteRuleOf,
} from '../../../shared/governance.js';

/**
 * The counting rule of 民法典第二百七十八条, pure and exact: areas are integers of 0.01 m² (bigint),
 * every comparison is a cross-multiplication of integers, nothing is ever divided or rounded before a
 * decision. The same electorate and ballots always give the same figures (a recount reproduces them).
 *
 * 第二款:
 * - quorum (参与表决): owners holding ≥ 2/3 of the exclusive floor area **and** ≥ 2/3 of the owners;
 * - items 6–8 pass with ≥ 3/4 of the participating area **and** ≥ 3/4 of the participating owners;
 * - every other item with > 1/2 of the participating area **and** > 1/2 of the participating owners.
 *
 * Headcount (人数): 最高人民法院《关于审理建筑物区分所有权纠纷案件适用法律若干问题的解释》第九条 counts
 * one person per exclusive part (房屋), except that parts held by the same buyer count as one person.
 * So each house carries a `headKey`: the set of its owners (co-owners of one house are one person;
 * the same owners of several houses are one person; houses without a registered owner — unsold or
 * not yet handed over — share one key and count as one person together). Area always counts per
 * house: one vote per house, weighted by its exclusive area.
 *
 * A person with several houses casts one ballot per house. For the headcount their one head goes to
 * a choice only when all the ballots cast for their houses agree on it; if they differ, the head
 * participates but supports nothing (as an abstention would) — it never counts twice.
 */

export interface ElectorateEntry {
  houseId: string;
  /** Exclusive floor area in 0.01 m². */
  areaCents: bigint;
  /** Who the house counts as for the headcount (see above). */
  headKey: string;
}

export interface MatterBallot {
  houseId: string;
  choice: Choice;
}

export interface ElectionBallot {
  houseId: string;
  /** The candidates this house supports (at most the number of seats); empty: participates, supports none. */
  candidateIds: readonly string[];
}

/** An amount as area and headcount, side by side: art. 278 always needs both. */
export interface Figure {
  area: string;
  heads: number;
  houses: number;
}

export interface Threshold {
  /** Both halves must hold. */
  met: boolean;
  areaMet: boolean;
  headsMet: boolean;
}

export interface MatterResult {
  kind: 'matter';
  rule: VoteRule;
  total: Figure;
  participating: Figure;
  yes: Figure;
  no: Figure;
  abstain: Figure;
  quorum: Threshold;
  approval: Threshold;
  passed: boolean;
  /** Owners whose houses' ballots disagreed: in the headcount they are among the abstentions. */
  mixedHeads: number;
  /** Percentages for people to read, truncated (never rounded up to flatter a result). */
  shares: { turnoutArea: string; turnoutHeads: string; yesArea: string; yesHeads: string };
}

export interface CandidateTally {
  candidateId: string;
  support: Figure;
  approval: Threshold;
  elected: boolean;
  /** Passed the threshold but tied with another for the last seat: needs a further round. */
  tiedForLastSeat: boolean;
}

export interface ElectionResult {
  kind: 'election';
  rule: VoteRule;
  seats: number;
  total: Figure;
  participating: Figure;
  quorum: Threshold;
  candidates: CandidateTally[];
  elected: string[];
  /** Seats left empty: too few candidates passed, or a tie for the last seat. */
  unfilled: number;
  passed: boolean;
  shares: { turnoutArea: string; turnoutHeads: string };
}

// ── the comparisons (exported for the boundary tests) ──

/** part / total ≥ 2/3, exactly. An empty electorate has no quorum. */
export const quorumHolds = (part: bigint, total: bigint): boolean => total > 0n && part * 3n >= total * 2n;

/** yes / participating passes `rule`: > 1/2, or ≥ 3/4. */
export function approves(rule: VoteRule, yes: bigint, participating: bigint): boolean {
  if (participating <= 0n) return false;
  return rule === 'supermajority' ? yes * 4n >= participating * 3n : yes * 2n > participating;
}

/** A percentage with two decimals, truncated: 2/3 → '66.66%'. */
export function percent(part: bigint, total: bigint): string {
  if (total <= 0n) return '0.00%';
  const basis = (part * 10_000n) / total;
  return `${basis / 100n}.${(basis % 100n).toString().padStart(2, '0')}%`;
}

// ── tallies ──

class Tally {
  area = 0n;
  houses = 0;
  readonly heads = new Set<string>();
  add(e: ElectorateEntry, head = true) {
    this.area += e.areaCents;
    this.houses += 1;
    if (head) this.heads.add(e.headKey);
  }
  figure(): Figure {
    return { area: areaText(this.area), heads: this.heads.size, houses: this.houses };
  }
}

function indexElectorate(electorate: readonly ElectorateEntry[]) {
  const byHouse = new Map<string, ElectorateEntry>();
  const total = new Tally();
  for (const e of electorate) {
    if (e.areaCents < 0n) throw new Error(`negative area for house ${e.houseId}`);
    if (byHouse.has(e.houseId)) throw new Error(`house ${e.houseId} twice in the electorate`);
    byHouse.set(e.houseId, e);
    total.add(e);
  }
  return { byHouse, total };
}

function entryOf(byHouse: Map<string, ElectorateEntry>, seen: Set<string>, houseId: string) {
  const e = byHouse.get(houseId);
  // The database guarantees both (a foreign key to the snapshot, a unique key per house): a breach
  // here is a bug, never something to count around.
  if (!e) throw new Error(`ballot for house ${houseId} outside the electorate`);
  if (seen.has(houseId)) throw new Error(`two ballots for house ${houseId}`);
  seen.add(houseId);
  return e;
}

function threshold(areaMet: boolean, headsMet: boolean): Threshold {
  return { met: areaMet && headsMet, areaMet, headsMet };
}

export function countMatter(input: {
  matter: VoteMatter;
  electorate: readonly ElectorateEntry[];
  ballots: readonly MatterBallot[];
}): MatterResult {
  const rule = voteRuleOf(input.matter);
  const { byHouse, total } = indexElectorate(input.electorate);
  const participating = new Tally();
  const byChoice = { yes: new Tally(), no: new Tally(), abstain: new Tally() };
  // The choices of each head across its houses: one head, one say.
  const headChoices = new Map<string, Set<Choice>>();
  const seen = new Set<string>();
  for (const b of input.ballots) {
    const e = entryOf(byHouse, seen, b.houseId);
    participating.add(e);
    byChoice[b.choice].add(e, false);
    const set = headChoices.get(e.headKey) ?? new Set<Choice>();
    set.add(b.choice);
    headChoices.set(e.headKey, set);
  }
  let mixedHeads = 0;
  for (const [head, choices] of headChoices) {
    // Disagreeing ballots of one head: it took part, it supports nothing.
    if (choices.size > 1) mixedHeads += 1;
    const choice: Choice = choices.size === 1 ? [...choices][0] : 'abstain';
    byChoice[choice].heads.add(head);
  }
  const totalHeads = BigInt(total.heads.size);
  const partHeads = BigInt(participating.heads.size);
  const yesHeads = BigInt(byChoice.yes.heads.size);
  const quorum = threshold(quorumHolds(participating.area, total.area), quorumHolds(partHeads, totalHeads));
  const approval = threshold(
    approves(rule, byChoice.yes.area, participating.area),
    approves(rule, yesHeads, partHeads),
  );
  return {
    kind: 'matter',
    rule,
    total: total.figure(),
    participating: participating.figure(),
    yes: byChoice.yes.figure(),
    no: byChoice.no.figure(),
    abstain: byChoice.abstain.figure(),
    quorum,
    approval,
    passed: quorum.met && approval.met,
    mixedHeads,
    shares: {
      turnoutArea: percent(participating.area, total.area),
      turnoutHeads: percent(partHeads, totalHeads),
      yesArea: percent(byChoice.yes.area, participating.area),
      yesHeads: percent(yesHeads, partHeads),
    },
  };
}

/**
 * An election (选举业主委员会成员 is item 3: more than half): each candidate needs the approval of
 * more than half of the participating area and owners on their own; of those who do, the seats go to
 * the most support by area, then by headcount. A tie across the last seat fills none of the tied
 * places (the estate's 议事规则 decides the further round).
 */
export function countElection(input: {
  electorate: readonly ElectorateEntry[];
  ballots: readonly ElectionBallot[];
  candidateIds: readonly string[];
  seats: number;
  /** Elections fill posts (item 3) unless the estate's rules say otherwise. */
  rule?: VoteRule;
}): ElectionResult {
  const rule = input.rule ?? voteRuleOf('committee');
  if (!Number.isInteger(input.seats) || input.seats < 1)
    throw new Error('an election fills at least one seat');
  const { byHouse, total } = indexElectorate(input.electorate);
  const participating = new Tally();
  const support = new Map(input.candidateIds.map((c) => [c, new Tally()]));
  // For each head: its ballots' candidate sets; a head supports a candidate only if all its ballots do.
  const headBallots = new Map<string, Set<string>[]>();
  const seen = new Set<string>();
  for (const b of input.ballots) {
    const e = entryOf(byHouse, seen, b.houseId);
    const picks = new Set(b.candidateIds);
    if (picks.size !== b.candidateIds.length)
      throw new Error(`a candidate twice on house ${b.houseId}'s ballot`);
    if (picks.size > input.seats)
      throw new Error(`more candidates than seats on house ${b.houseId}'s ballot`);
    participating.add(e);
    for (const c of picks) {
      const t = support.get(c);
      if (!t) throw new Error(`unknown candidate ${c}`);
      t.add(e, false);
    }
    const list = headBallots.get(e.headKey) ?? [];
    list.push(picks);
    headBallots.set(e.headKey, list);
  }
  for (const [head, sets] of headBallots) {
    for (const c of sets[0]) if (sets.every((s) => s.has(c))) support.get(c)!.heads.add(head);
  }
  const totalHeads = BigInt(total.heads.size);
  const partHeads = BigInt(participating.heads.size);
  const quorum = threshold(quorumHolds(participating.area, total.area), quorumHolds(partHeads, totalHeads));

  const tallies = input.candidateIds.map((candidateId) => {
    const t = support.get(candidateId)!;
    const approval = threshold(
      approves(rule, t.area, participating.area),
      approves(rule, BigInt(t.heads.size), partHeads),
    );
    return { candidateId, t, approval };
  });
  // Most support first: area, then heads; equal on both is a tie.
  const cmp = (a: (typeof tallies)[number], b: (typeof tallies)[number]) =>
    a.t.area !== b.t.area ? (b.t.area > a.t.area ? 1 : -1) : b.t.heads.size - a.t.heads.size;
  const eligible = quorum.met ? tallies.filter((x) => x.approval.met).sort(cmp) : [];
  const elected = new Set<string>();
  const tied = new Set<string>();
  if (eligible.length <= input.seats) {
    for (const x of eligible) elected.add(x.candidateId);
  } else {
    const last = eligible[input.seats - 1];
    const tiedWithLast = eligible.filter((x) => cmp(x, last) === 0);
    for (const x of eligible.slice(0, input.seats)) if (cmp(x, last) !== 0) elected.add(x.candidateId);
    if (cmp(eligible[input.seats], last) === 0) {
      for (const x of tiedWithLast) tied.add(x.candidateId);
    } else {
      for (const x of tiedWithLast) elected.add(x.candidateId);
    }
  }
  const candidates: CandidateTally[] = tallies.map((x) => ({
    candidateId: x.candidateId,
    support: x.t.figure(),
    approval: x.approval,
    elected: elected.has(x.candidateId),
    tiedForLastSeat: tied.has(x.candidateId),
  }));
  return {
    kind: 'election',
    rule,
    seats: input.seats,
    total: total.figure(),
    participating: participating.figure(),
    quorum,
    candidates,
    elected: candidates.filter((c) => c.elected).map((c) => c.candidateId),
    unfilled: input.seats - elected.size,
    passed: quorum.met && elected.size > 0,
    shares: {
      turnoutArea: percent(participating.area, total.area),
      turnoutHeads: percent(partHeads, totalHeads),
    },
  };
}

/** Decimal text of an area ('89.5', '89.50', '90') → 0.01 m² integers; null when it is not one. */
export function areaCentsOf(text: string | null | undefined): bigint | null {
  if (text === null || text === undefined) return null;
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  return BigInt(m[1]) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
}
