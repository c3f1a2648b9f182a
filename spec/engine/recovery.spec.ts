/**
 * The recovery path any protocol on the engine can use: a rank that ends by a certificate
 * (`advanceTo`, the `rank_advanced` rows), round timeouts that back off while ranks fail,
 * `sendTimeout` when a round runs out of time, and vote decisions that are recorded before they
 * are sent and never asked twice at a rank.
 */
import { Observable, timer, map } from 'rxjs';
import { createMemoryVoteStore, MachineState, type CastVote } from '../../src';
import { ballot, createFixture, frame, virtualScheduler, type Ballot } from '../support/fixture';
import { transitionsOf } from '../support/drive';
import type { VirtualTimeScheduler } from 'rxjs';

/** Run everything due in the next `ms` of virtual time, then stand at that time. */
function advance(scheduler: VirtualTimeScheduler, ms: number): void {
  const until = scheduler.now() + ms;
  scheduler.maxFrames = until;
  scheduler.flush();
  scheduler.maxFrames = Number.POSITIVE_INFINITY;
  scheduler.frame = Math.max(scheduler.frame, until);
}

/** A lone node that never reaches a quorum: it sits in voting at rank 1 from about 70 ms on. */
function stuckInVoting(extra: Parameters<typeof createFixture>[0] extends infer O ? Partial<O> : never = {}) {
  const scheduler = virtualScheduler();
  const f = createFixture({ scheduler, quorum: Infinity, delays: { collect: 10 }, ...extra });
  const log = transitionsOf(f.sm);
  f.sm.start();
  advance(scheduler, 1_100);
  expect(f.sm.getState()).toBe(MachineState.Voting);
  return { scheduler, f, log };
}

describe('advanceTo: a rank ends by a certificate', () => {
  it('leaves voting for collecting at the later rank, adopting the state given', () => {
    const { f, log } = stuckInVoting();
    const answer = f.sm.advanceTo(3, frame(2));
    expect(answer._tag).toBe('Right');
    const snapshot = f.sm.getSnapshot();
    expect(log.find((t) => t.event === 'rank_advanced')).toMatchObject({ from: 'voting', to: 'collecting' });
    expect(snapshot.activeRank).toBe(2);
    expect(snapshot.activeState).toEqual(frame(2));
    // It ended with a state one rank below: progress, not a failed rank.
    expect(snapshot.failedRanks).toBe(0);
  });

  it('keeps the active state and counts a failed rank when none is given', () => {
    const { f } = stuckInVoting();
    f.sm.advanceTo(2);
    expect(f.sm.getSnapshot()).toMatchObject({ activeRank: 1, activeState: { rank: 0 }, failedRanks: 1 });
    f.sm.advanceTo(3);
    expect(f.sm.getSnapshot()).toMatchObject({ activeRank: 2, failedRanks: 2 });
  });

  it('drops the round data of the ranks that ended', () => {
    const { f } = stuckInVoting();
    f.sm.receiveVote('n2', 'v2', ballot(1, 'v2'));
    f.sm.receiveVote('n2', 'v2', ballot(4, 'v2'));
    f.sm.advanceTo(3);
    const ranks = f.sm
      .getSnapshot()
      .rounds.counts()
      .map((c) => c.rank);
    expect(ranks).toEqual([4]);
  });

  it('refuses a rank that is not past the one in progress, changing nothing', () => {
    const { f } = stuckInVoting();
    const before = f.sm.getSnapshot();
    const answer = f.sm.advanceTo(1);
    expect(answer._tag).toBe('Left');
    if (answer._tag === 'Left') expect(answer.left.reason).toBe('stale');
    expect(f.sm.getSnapshot()).toBe(before);
  });

  it('refuses outside a round (loading, stopped), and refuses a malformed rank or state', () => {
    const scheduler = virtualScheduler();
    const f = createFixture({ scheduler, quorum: Infinity, delays: { collect: 10 } });
    const stopped = f.sm.advanceTo(5);
    expect(stopped._tag === 'Left' && stopped.left.reason).toBe('no_transition');
    f.sm.start();
    advance(scheduler, 1_000); // loading, synchronizing
    const bad = [f.sm.advanceTo(-1), f.sm.advanceTo(1.5), f.sm.advanceTo(3, frame(3))];
    expect(bad.map((a) => a._tag === 'Left' && a.left.reason)).toEqual([
      'malformed',
      'malformed',
      'malformed',
    ]);
  });
});

describe('round timeouts back off while ranks fail', () => {
  const votingTimeouts = (log: readonly { to: string; event: string; at: number }[]) =>
    log.filter((t) => t.to === 'voting' && t.event === 'voting_timeout').map((t) => t.at);

  /** The time between the last two voting timeouts. */
  const lastInterval = (log: readonly { to: string; event: string; at: number }[]) => {
    const at = votingTimeouts(log);
    return at[at.length - 1]! - at[at.length - 2]!;
  };

  it('double per rank that failed in a row, up to the maximum', () => {
    const { scheduler, f, log } = stuckInVoting({
      timeouts: { voting: 100 },
      roundBackoff: { factor: 2, max: 350 },
    });
    advance(scheduler, 300);
    expect(lastInterval(log)).toBe(100);
    f.sm.advanceTo(2);
    advance(scheduler, 700);
    expect(lastInterval(log)).toBe(200);
    f.sm.advanceTo(3);
    f.sm.advanceTo(4);
    advance(scheduler, 1_500);
    expect(f.sm.getSnapshot().failedRanks).toBe(3);
    expect(lastInterval(log)).toBe(350); // 100 × 8, capped
  });

  /** A lone node in voting at rank 1 (from 1010 ms) whose votes make a quorum once asked to. */
  function quorumOnDemand() {
    let quorum = false;
    const scheduler = virtualScheduler();
    const f = createFixture({
      scheduler,
      delays: { collect: 10 },
      timeouts: { voting: 100 },
      overrides: { isQuorum: () => quorum },
    });
    f.sm.start();
    advance(scheduler, 1_070);
    return { scheduler, f, reachQuorum: () => void (quorum = true) };
  }

  it('shrink one step per rank finalized before its timeout fired', () => {
    const { scheduler, f, reachQuorum } = quorumOnDemand();
    f.sm.advanceTo(2);
    f.sm.advanceTo(3);
    advance(scheduler, 20); // in voting at rank 3, backed off twice
    expect(f.sm.getSnapshot()).toMatchObject({ activeRank: 2, failedRanks: 2, state: 'voting' });
    // Each rank from now on is finalized 10 ms after it opens, well before its timeout.
    const seen: [number, number][] = [];
    f.sm.state$.subscribe((s) => {
      const last = seen[seen.length - 1];
      if (last === undefined || last[0] !== s.activeRank) seen.push([s.activeRank, s.failedRanks]);
    });
    reachQuorum();
    f.sm.receiveVote('n1', 'v2', ballot(3, 'v2'));
    advance(scheduler, 40);
    expect(seen.slice(0, 4)).toEqual([
      [2, 2],
      [3, 1],
      [4, 0],
      [5, 0],
    ]);
    f.sm.close();
  });

  it('stay as they are after a rank finalized only once its timeout had fired', () => {
    const { scheduler, f, reachQuorum } = quorumOnDemand();
    f.sm.advanceTo(2);
    advance(scheduler, 300); // at least one voting timeout at rank 2
    reachQuorum();
    f.sm.receiveVote('n1', 'v2', ballot(2, 'v2'));
    advance(scheduler, 5);
    expect(f.sm.getSnapshot()).toMatchObject({ activeRank: 2, failedRanks: 1 });
    f.sm.close();
  });
});

describe('sendTimeout: the provider hears when a round runs out of time', () => {
  it('is called with the round rank on each voting timeout, and not before', () => {
    const timedOut: number[] = [];
    const { scheduler, f } = stuckInVoting({
      timeouts: { voting: 100 },
      votingExtras: { sendTimeout: (rank) => void timedOut.push(rank) },
    });
    expect(timedOut).toEqual([]);
    advance(scheduler, 350);
    expect(timedOut.length).toBeGreaterThanOrEqual(3);
    expect(new Set(timedOut)).toEqual(new Set([1]));
    f.sm.close();
  });
});

describe('decideVote: a vote recorded before it is sent, never decided twice', () => {
  it('records the vote in the store before sendVote is asked to send it', () => {
    const order: string[] = [];
    const store = createMemoryVoteStore<Ballot, string>();
    const voteStore = {
      votedAt: (rank: number) => store.votedAt(rank),
      record: (cast: CastVote<Ballot, string>) => {
        order.push(`record ${cast.vote.proposal}`);
        store.record(cast);
      },
    };
    const scheduler = virtualScheduler();
    const f = createFixture({
      scheduler,
      quorum: Infinity,
      delays: { collect: 10 },
      voteStore,
      overrides: { sendVote: (vote: Ballot) => (order.push(`send ${vote.proposal}`), 'n1') },
      votingExtras: { decideVote: () => ({ proposer: 'n1', vote: ballot(1, 'n1', 'f1') }) },
    });
    f.sm.start();
    advance(scheduler, 1_100);
    expect(order).toEqual(['record f1', 'send f1']);
    expect(f.callsTo('decideAndSendVote')).toHaveLength(0);
    f.sm.close();
  });

  it('asks a decision slower than the voting timeout once, however often voting is re-entered', () => {
    let asked = 0;
    const scheduler = virtualScheduler();
    const f = createFixture({
      scheduler,
      quorum: Infinity,
      delays: { collect: 10 },
      timeouts: { voting: 100 },
      votingExtras: {
        decideVote: () => {
          asked++;
          return timer(450, scheduler).pipe(map(() => ({ proposer: 'n1', vote: ballot(1, 'n1', 'slow') })));
        },
      },
    });
    const log = transitionsOf(f.sm);
    f.sm.start();
    advance(scheduler, 2_000);
    expect(log.filter((t) => t.event === 'voting_timeout').length).toBeGreaterThan(4);
    expect(asked).toBe(1);
    expect(f.callsTo('sendVote').map((c) => (c.args[0] as Ballot).proposal)[0]).toBe('slow');
    f.sm.close();
  });

  it('asks decideAndSendVote once too when it is slower than the timeout, and records what it sent', () => {
    const voteStore = createMemoryVoteStore<Ballot, string>();
    const scheduler = virtualScheduler();
    const f = createFixture({
      scheduler,
      quorum: Infinity,
      delays: { collect: 10 },
      timeouts: { voting: 100 },
      voteStore,
      overrides: {
        decideAndSendVote: () =>
          new Observable<{ proposer: string; vote: Ballot }>((s) => {
            const t = scheduler.schedule(() => {
              s.next({ proposer: 'n1', vote: ballot(1, 'n1', 'late') });
              s.complete();
            }, 450);
            return () => t.unsubscribe();
          }),
      },
    });
    f.sm.start();
    advance(scheduler, 2_000);
    expect(f.callsTo('decideAndSendVote')).toHaveLength(1);
    expect(voteStore.votedAt(1)?.vote).toEqual(ballot(1, 'n1', 'late'));
    f.sm.close();
  });
});
