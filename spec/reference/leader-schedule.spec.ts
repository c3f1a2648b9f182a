/**
 * Leader schedules: round robin, and reputation over the finalized chain (a member without a
 * finalized frame in the window that ends `lag` ranks back is skipped, but for one round-robin
 * cycle in `probationEvery`).
 */
import {
  reputationSchedule,
  roundRobinSchedule,
  type FinalizedFrame,
  type LeaderSchedule,
} from '../../src/reference/leader-schedule';
import { keyring } from './support';

const ring = keyring(4);
const genesis: FinalizedFrame = { rank: 0, id: 'g', parent: '', proposer: '' };

/**
 * Runs ranks `from`..`to` on `schedules` (all fed the same chain): the leader of each rank makes
 * a frame unless it is down, each frame extends the previous one, and a frame is final two ranks
 * later (as a certificate of its child makes it). Returns the leader of each rank, as the first
 * schedule answered it, after checking that every schedule answered the same.
 */
function run(
  schedules: readonly LeaderSchedule[],
  from: number,
  to: number,
  down: (id: string, rank: number) => boolean,
  chain: FinalizedFrame[] = [genesis],
): string[] {
  const made: FinalizedFrame[] = [];
  const leaders: string[] = [];
  const finalizeThrough = (rank: number): void => {
    while (made.length > 0 && made[0]!.rank <= rank) {
      const frame = made.shift()!;
      chain.push(frame);
      for (const s of schedules) s.finalized(frame);
    }
  };
  let tip = chain[chain.length - 1]!;
  for (let rank = from; rank <= to; rank++) {
    finalizeThrough(rank - 2);
    const answers = schedules.map((s) => s.leaderAt(rank));
    expect(new Set(answers).size).toBe(1);
    const leader = answers[0]!;
    leaders[rank] = leader;
    if (down(leader, rank)) continue;
    tip = { rank, id: `f${rank}`, parent: tip.id, proposer: leader };
    made.push(tip);
  }
  return leaders;
}

const turnsOf = (leaders: readonly string[], id: string, from: number, to: number): number[] => {
  const turns: number[] = [];
  for (let rank = from; rank <= to; rank++) if (leaders[rank] === id) turns.push(rank);
  return turns;
};

describe('round robin', () => {
  it('gives rank r to member r mod n, whatever is finalized', () => {
    const schedule = roundRobinSchedule(ring.validators);
    const leaders = run([schedule], 1, 40, (id) => id === 'v1');
    for (let rank = 1; rank <= 40; rank++) expect(leaders[rank]).toBe(`v${rank % 4}`);
    expect(schedule.leaderOrder(6)).toEqual(['v2', 'v3', 'v0', 'v1']);
  });
});

describe('reputation', () => {
  it('is round robin while every member has its frames finalized', () => {
    const leaders = run([reputationSchedule(ring.validators, genesis)], 1, 300, () => false);
    for (let rank = 1; rank <= 300; rank++) expect(leaders[rank]).toBe(`v${rank % 4}`);
  });

  it('skips a member that is down, but for one round-robin cycle in 25', () => {
    const schedule = reputationSchedule(ring.validators, genesis);
    const leaders = run([schedule], 1, 400, (id) => id === 'v1');
    // Round robin until the window (3n = 12 ranks, 4 back) is held: v1's turns at 1, 5, 9, 13.
    expect(turnsOf(leaders, 'v1', 1, 16)).toEqual([1, 5, 9, 13]);
    // Then only its turn of each probation cycle (ranks 100k .. 100k + 3).
    expect(turnsOf(leaders, 'v1', 17, 400)).toEqual([101, 201, 301]);
    // Its other turns go to the next member of the round-robin order that is active.
    expect(leaders[17]).toBe('v2');
    expect(schedule.leaderOrder(397)).toEqual(['v2', 'v3', 'v0', 'v1']);
    // The other three share the ranks.
    const counts = ['v0', 'v2', 'v3'].map((id) => turnsOf(leaders, id, 17, 400).length);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(384 - 3);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(95);
  });

  it('skips a member from the fourth rank after its first failed turn', () => {
    const leaders = run(
      [reputationSchedule(ring.validators, genesis)],
      1,
      200,
      (id, rank) => id === 'v1' && rank >= 130,
    );
    // Its turn at 133 fails; 137 reads ranks up to 133: skipped, though it proposed final frames
    // at 125 and 129, in the window. Its next turn is its probation turn, at 201.
    expect(turnsOf(leaders, 'v1', 120, 200)).toEqual([121, 125, 129, 133]);
  });

  it('takes a member back once a frame of its probation turn is final', () => {
    const leaders = run(
      [reputationSchedule(ring.validators, genesis)],
      1,
      200,
      (id, rank) => id === 'v1' && rank < 100,
    );
    expect(turnsOf(leaders, 'v1', 17, 100)).toEqual([]);
    // Its probation turn at 101 is the first after it came back; from 101 + lag on it leads its
    // own ranks.
    expect(turnsOf(leaders, 'v1', 101, 120)).toEqual([101, 105, 109, 113, 117]);
    expect(turnsOf(leaders, 'v1', 141, 200)).toHaveLength(15);
  });

  it('answers round robin for a rank whose window is not final yet, and changes once it is', () => {
    const schedule = reputationSchedule(ring.validators, genesis);
    const chain: FinalizedFrame[] = [genesis];
    run([schedule], 1, 140, (id) => id === 'v1', chain);
    // Final through rank 138 (v1 is skipped at 141): rank 145 reads ranks 130–141.
    expect(schedule.leaderAt(141)).toBe('v2');
    expect(schedule.leaderAt(145)).toBe('v1');
    let tip = chain[chain.length - 1]!;
    for (const rank of [139, 140, 141]) {
      tip = { rank, id: `late${rank}`, parent: tip.id, proposer: 'v0' };
      schedule.finalized(tip);
    }
    expect(schedule.leaderAt(145)).toBe('v2');
  });

  it('chooses as the others do at once after a restart with the frames its store holds', () => {
    const running = reputationSchedule(ring.validators, genesis);
    const chain: FinalizedFrame[] = [genesis];
    run([running], 1, 150, (id) => id === 'v1', chain);
    const last = chain[chain.length - 1]!;
    const restarted = reputationSchedule(ring.validators, last, chain.slice(-16));
    // Without its history it answers round robin until it holds a window of its own.
    const forgetful = reputationSchedule(ring.validators, last);
    expect(forgetful.leaderAt(last.rank + 3)).toBe(`v${(last.rank + 3) % 4}`);
    // The restarted one and the one that never stopped agree on every later rank.
    run([running, restarted], 151, 300, (id) => id === 'v1', chain);
  });

  it('holds nothing below a frame that does not extend the last one it holds', () => {
    const schedule = reputationSchedule(ring.validators, genesis);
    const unbroken = reputationSchedule(ring.validators, genesis);
    run([schedule, unbroken], 1, 140, (id) => id === 'v1');
    schedule.finalized({ rank: 141, id: 'elsewhere', parent: 'not-the-last', proposer: 'v0' });
    // Rank 141 reads ranks 126–137: held by the one whose chain is unbroken, not by the other.
    expect(unbroken.leaderAt(141)).toBe('v2');
    expect(schedule.leaderAt(141)).toBe('v1');
  });

  it('refuses settings that are not positive integers', () => {
    expect(() => reputationSchedule(ring.validators, genesis, [], { lag: 0 })).toThrow(RangeError);
    expect(() => reputationSchedule(ring.validators, genesis, [], { window: 1.5 })).toThrow(/window/);
    expect(() => reputationSchedule(ring.validators, genesis, [], { probationEvery: 0 })).toThrow(
      /probationEvery/,
    );
  });
});
