/**
 * The original Go package's tests (state_machine_test.go), ported scenario by scenario. Every Go
 * helper built a node with leaders [leader1, leader2, leader3] (this node is leader1),
 * minimumProvers 1, quorum = minimumProvers, initial state {rank 0, "genesis"},
 * emitReceiveEventsOnSends true, and provider delays sync 10 ms, prove 50 ms, collect 10 ms.
 * Here those delays are virtual, so each assertion names the exact instant of a transition.
 *
 * With those delays a round of the lone leader runs:
 *   0 start → starting; 1000 init_complete → loading; 1010 sync_complete → collecting;
 *   1020 collection_done → liveness_check, prover_signal → proving;
 *   1070 proof_complete → publishing → voting → finalizing → verifying → collecting (rank 1 done);
 *   then every 60 ms another round.
 */
import { isLeft, isRight, right, type Either } from 'fp-ts/Either';
import { config, VirtualAction, VirtualTimeScheduler } from 'rxjs';
import {
  MachineEvent,
  MachineState,
  ProviderFailure,
  type Accepted,
  type Rejection,
  type TransitionRecord,
} from '../../src';
import {
  ballot,
  createFixture,
  domain,
  frame,
  GENESIS,
  recordTransitions,
  type Fixture,
  type FixtureOptions,
  type Frame,
  type Mutations,
} from '../support/fixture';

const LEADERS = ['leader1', 'leader2', 'leader3'];
const GO_DELAYS = { synchronize: 10, proveNextState: 50, collect: 10 };

interface GoNode extends Fixture {
  readonly scheduler: VirtualTimeScheduler;
  /** `at from --event--> to`, one line per transition. */
  readonly log: string[];
  readonly records: TransitionRecord[];
  /** Run `fn` at virtual instant `t` (after what is already scheduled for `t`). */
  at(t: number, fn: () => void): void;
  /** Run everything scheduled up to and including instant `t`; the clock then reads `t`. */
  advanceTo(t: number): void;
}

/** A node built as the Go tests' helper built it; `overrides` replaces any of its settings. */
function goNode(overrides: Partial<FixtureOptions> = {}): GoNode {
  const scheduler = new VirtualTimeScheduler(VirtualAction, 0);
  const fixture = createFixture({
    id: 'leader1',
    leaders: LEADERS,
    initialState: GENESIS,
    emitReceiveEventsOnSends: true,
    minimumProvers: 1,
    quorum: 1,
    delays: GO_DELAYS,
    scheduler,
    ...overrides,
  });
  const log = recordTransitions(fixture.sm as never);
  const records: TransitionRecord[] = [];
  fixture.sm.transition$.subscribe((t) => records.push(t));
  return {
    ...fixture,
    scheduler,
    log,
    records,
    at: (t, fn) => {
      scheduler.schedule(fn, t - scheduler.now());
    },
    advanceTo: (t) => {
      scheduler.schedule(() => undefined, t - scheduler.now());
      scheduler.maxFrames = t;
      scheduler.flush();
    },
  };
}

const FIRST_ROUND = [
  '0 stopped --start--> starting',
  '1000 starting --init_complete--> loading',
  '1010 loading --sync_complete--> collecting',
  '1020 collecting --collection_done--> liveness_check',
  '1020 liveness_check --prover_signal--> proving',
  '1070 proving --proof_complete--> publishing',
  '1070 publishing --publish_complete--> voting',
  '1070 voting --quorum_reached--> finalizing',
  '1070 finalizing --aggregation_done--> verifying',
  '1070 verifying --verification_done--> collecting',
];

const mutations = (rank: number, peer: string): Mutations => ({ rank, id: `m${rank}@${peer}` });
const counts = (n: GoNode) => n.sm.getSnapshot().rounds.counts();
const round = (
  rank: number,
  c: Partial<{ liveness: number; proposals: number; votes: number; confirmations: number }>,
) => ({
  rank,
  liveness: 0,
  proposals: 0,
  votes: 0,
  confirmations: 0,
  ...c,
});
const status = (answer: Either<Rejection, Accepted>) =>
  isRight(answer) ? answer.right.status : answer.left.reason;

describe('ported from the Go package', () => {
  describe('BasicTransitions', () => {
    it('starts in stopped, moves to starting on start, then loading and collecting', () => {
      const n = goNode();
      expect(n.sm.getState()).toBe(MachineState.Stopped);
      expect(n.log).toEqual([]);

      expect(n.sm.start()).toEqual(
        right({
          status: 'transition',
          transition: { from: 'stopped', to: 'starting', event: 'start', at: 0 },
        }),
      );
      expect(n.sm.getState()).toBe(MachineState.Starting);

      n.advanceTo(999);
      expect(n.sm.getState()).toBe(MachineState.Starting);
      n.advanceTo(1000);
      expect(n.sm.getState()).toBe(MachineState.Loading);
      n.advanceTo(1009);
      expect(n.sm.getState()).toBe(MachineState.Loading);
      n.advanceTo(1010);
      expect(n.sm.getState()).toBe(MachineState.Collecting);

      expect(n.log).toEqual(FIRST_ROUND.slice(0, 3));
      expect(n.records.slice(0, 3).map((t) => t.to)).toEqual(['starting', 'loading', 'collecting']);
      expect(n.callsTo('synchronize').map((c) => [c.at, c.args[0]])).toEqual([[1000, GENESIS]]);
      n.sm.close();
    });
  });

  describe('LeaderFlow', () => {
    it('goes from collecting through liveness_check to proving, and proves from the collected mutations', () => {
      const n = goNode();
      n.sm.start();
      n.advanceTo(1020);
      expect(n.sm.getState()).toBe(MachineState.Proving);
      expect(n.log).toEqual(FIRST_ROUND.slice(0, 5));
      expect(n.records.map((t) => t.to)).toEqual(
        expect.arrayContaining([MachineState.Collecting, MachineState.LivenessCheck, MachineState.Proving]),
      );
      expect(n.callsTo('proveNextState').map((c) => [c.at, ...c.args])).toEqual([
        [1020, GENESIS, { rank: 1, id: 'm1' }],
      ]);

      n.advanceTo(1069);
      expect(n.sm.getState()).toBe(MachineState.Proving);
      n.advanceTo(1070);
      expect(n.log).toEqual(FIRST_ROUND);
      expect(n.sm.getSnapshot()).toMatchObject({ state: 'collecting', activeState: frame(1), activeRank: 1 });
      n.sm.close();
    });
  });

  describe('ExternalEvents', () => {
    it('accepts liveness from leader2 and a proposal from external-leader while collecting, then votes', () => {
      const n = goNode();
      n.sm.start();
      const answers: Either<Rejection, Accepted>[] = [];
      n.at(1015, () => {
        expect(n.sm.getState()).toBe(MachineState.Collecting);
        answers.push(n.sm.receiveLivenessCheck('leader2', mutations(1, 'leader2')));
        answers.push(n.sm.receiveProposal('external-leader', frame(1, 'external')));
      });
      n.advanceTo(1015);
      expect(answers).toEqual([right({ status: 'stored' }), right({ status: 'stored' })]);
      expect(counts(n)).toEqual([round(1, { liveness: 1, proposals: 1 })]);
      expect(n.log).toEqual(FIRST_ROUND.slice(0, 3));

      n.advanceTo(1070);
      expect(n.log).toContain('1070 publishing --publish_complete--> voting');
      // Both proposals reach the vote; the fixture's decision picks the lowest proposer id.
      const [decided] = n.callsTo('decideAndSendVote');
      expect(decided?.at).toBe(1070);
      expect([...(decided?.args[0] as ReadonlyMap<string, Frame>).entries()]).toEqual([
        ['external-leader', frame(1, 'external')],
        ['leader1', frame(1)],
      ]);
      expect(n.callsTo('sendConfirmation').map((c) => c.args[0])).toEqual([frame(1, 'external')]);
      expect(n.sm.getSnapshot()).toMatchObject({ activeState: frame(1, 'external'), activeRank: 1 });
      n.sm.close();
    });
  });

  describe('Voting', () => {
    // With quorum 1 a lone node's own vote ends voting in the instant it starts, so nothing could
    // be received "while voting". Quorum = minimumProvers = 2 keeps the node in voting until
    // leader2's vote arrives, which shows the received vote is what moves it on.
    it('takes a vote from leader2 while voting and moves past voting in the same instant', () => {
      const n = goNode({ minimumProvers: 2, quorum: 2 });
      n.sm.start();
      n.at(1015, () => {
        expect(status(n.sm.receiveLivenessCheck('leader2', mutations(1, 'leader2')))).toBe('stored');
        expect(status(n.sm.receiveProposal('leader2', frame(1, 'f1@leader2')))).toBe('stored');
      });
      n.advanceTo(1070);
      expect(n.sm.getState()).toBe(MachineState.Voting);
      expect(n.log.slice(-1)).toEqual(['1070 publishing --publish_complete--> voting']);
      expect(n.callsTo('decideAndSendVote').map((c) => c.at)).toEqual([1070]);
      expect(n.sm.getSnapshot().ownVote).toEqual({
        rank: 1,
        proposer: 'leader1',
        vote: ballot(1, 'leader1', 'f1'),
      });
      expect(counts(n)).toEqual([round(1, { liveness: 2, proposals: 2, votes: 1 })]);

      n.advanceTo(1099);
      expect(n.sm.getState()).toBe(MachineState.Voting);
      let answer: Either<Rejection, Accepted> | undefined;
      n.at(1100, () => (answer = n.sm.receiveVote('leader1', 'leader2', ballot(1, 'leader2', 'f1'))));
      n.advanceTo(1100);
      expect(answer).toEqual(right({ status: 'internal' }));
      expect(n.log.slice(7)).toEqual([
        '1100 voting --quorum_reached--> finalizing',
        '1100 finalizing --aggregation_done--> verifying',
        '1100 verifying --verification_done--> collecting',
      ]);
      expect(n.sm.getSnapshot()).toMatchObject({ activeState: frame(1), activeRank: 1 });
      n.sm.close();
    });
  });

  describe('Stop', () => {
    it('stops from loading through stopping to stopped, cancelling the sync in flight', () => {
      const n = goNode();
      n.sm.start();
      n.advanceTo(1000);
      expect(n.sm.getState()).toBe(MachineState.Loading);
      let answer: Either<Rejection, Accepted> | undefined;
      n.at(1005, () => (answer = n.sm.stop()));
      n.advanceTo(1005);
      expect(answer).toEqual(
        right({
          status: 'transition',
          transition: { from: 'loading', to: 'stopping', event: 'stop', at: 1005 },
        }),
      );
      expect(n.sm.getState()).toBe(MachineState.Stopped);
      expect(n.log.slice(2)).toEqual([
        '1005 loading --stop--> stopping',
        '1005 stopping --cleanup_complete--> stopped',
      ]);
      expect(n.callsTo('synchronize')[0]?.signal?.aborted).toBe(true);

      // Nothing runs any more: no timer re-arms, no sync completes.
      n.advanceTo(3_600_000);
      expect(n.log).toHaveLength(4);
      expect(n.sm.getTransitionCount()).toBe(4);
      expect(n.calls.map((c) => c.method)).toEqual(['synchronize']);
      n.sm.close();
    });
  });

  describe('Liveness', () => {
    it('stores the liveness of peer1 and peer2 at the next rank next to its own (Go helper settings)', () => {
      const n = goNode();
      const answers: Either<Rejection, Accepted>[] = [];
      // liveness_check lasts no time with minimumProvers 1: the checks arrive as it is entered.
      n.sm.addListener({
        onTransition: (_from, to) => {
          if (to !== MachineState.LivenessCheck || answers.length > 0) return;
          answers.push(n.sm.receiveLivenessCheck('peer1', mutations(1, 'peer1')));
          answers.push(n.sm.receiveLivenessCheck('peer2', mutations(1, 'peer2')));
        },
      });
      n.sm.start();
      n.advanceTo(1020);
      expect(answers).toEqual([right({ status: 'queued' }), right({ status: 'queued' })]);
      expect(n.log).toEqual(FIRST_ROUND.slice(0, 5));
      expect(counts(n)).toEqual([round(1, { liveness: 3 })]);
      expect(n.sm.getSnapshot().rounds.at(1)?.liveness.toMap()).toEqual(
        new Map([
          ['leader1', { rank: 1, id: 'm1' }],
          ['peer1', mutations(1, 'peer1')],
          ['peer2', mutations(1, 'peer2')],
        ]),
      );

      n.advanceTo(1050);
      expect(status(n.sm.receiveLivenessCheck('peer1', mutations(1, 'peer1')))).toBe('duplicate');
      expect(status(n.sm.receiveLivenessCheck('peer1', mutations(1, 'other')))).toBe('conflict');
      expect(counts(n)).toEqual([round(1, { liveness: 3 })]);
      n.sm.close();
    });

    it('moves to proving the instant the last needed liveness check arrives (minimumProvers 3)', () => {
      const n = goNode({ minimumProvers: 3 });
      n.sm.start();
      n.advanceTo(1020);
      expect(n.sm.getState()).toBe(MachineState.LivenessCheck);
      expect(counts(n)).toEqual([round(1, { liveness: 1 })]);

      n.at(1030, () =>
        expect(status(n.sm.receiveLivenessCheck('peer1', mutations(1, 'peer1')))).toBe('internal'),
      );
      n.advanceTo(1030);
      expect(n.sm.getState()).toBe(MachineState.LivenessCheck);
      expect(counts(n)).toEqual([round(1, { liveness: 2 })]);

      n.at(1040, () =>
        expect(status(n.sm.receiveLivenessCheck('peer2', mutations(1, 'peer2')))).toBe('internal'),
      );
      n.advanceTo(1040);
      expect(n.log.slice(3)).toEqual([
        '1020 collecting --collection_done--> liveness_check',
        '1040 liveness_check --prover_signal--> proving',
      ]);
      expect(counts(n)).toEqual([round(1, { liveness: 3 })]);
      expect(n.log.join('\n')).not.toContain('liveness_check_received');
      n.sm.close();
    });
  });

  describe('Metrics', () => {
    it('counts transitions and measures the time in the current state in virtual time', () => {
      const n = goNode();
      expect(n.sm.getTransitionCount()).toBe(0);
      expect(n.sm.getStateTime()).toBe(0);
      n.advanceTo(500);
      expect(n.sm.getStateTime()).toBe(500);
      expect(n.sm.getStateEnteredAt()).toBe(0);

      n.at(600, () => n.sm.start());
      n.advanceTo(600);
      expect(n.sm.getTransitionCount()).toBe(1);
      expect(n.sm.getStateTime()).toBe(0);

      n.advanceTo(1610);
      expect(n.sm.getState()).toBe(MachineState.Collecting);
      expect(n.sm.getTransitionCount()).toBe(3);
      expect(n.sm.getStateTime()).toBe(0);
      n.advanceTo(1615);
      expect(n.sm.getStateTime()).toBe(5);
      expect(n.sm.getStateEnteredAt()).toBe(1610);
      n.advanceTo(1640);
      expect(n.sm.getState()).toBe(MachineState.Proving);
      expect(n.sm.getStateTime()).toBe(20);
      expect(n.sm.getTransitionCount()).toBe(5);
      expect(n.sm.getStateTime()).toBeGreaterThanOrEqual(0);
      n.sm.close();
    });
  });

  describe('Confirmations', () => {
    it("stores leader2's confirmation for the next rank without a transition, and drops it with its round", () => {
      const n = goNode();
      n.sm.start();
      n.advanceTo(1070);
      expect(n.sm.getSnapshot()).toMatchObject({ state: 'collecting', activeRank: 1 });
      const before = n.sm.getTransitionCount();

      let answer: Either<Rejection, Accepted> | undefined;
      n.at(1075, () => (answer = n.sm.receiveConfirmation('leader2', frame(2, 'f2@leader2'))));
      n.advanceTo(1075);
      expect(answer).toEqual(right({ status: 'stored' }));
      expect(counts(n)).toEqual([round(2, { confirmations: 1 })]);
      expect(n.sm.getTransitionCount()).toBe(before);
      expect(n.log).toEqual(FIRST_ROUND);

      expect(status(n.sm.receiveConfirmation('leader2', frame(2, 'f2@leader2')))).toBe('duplicate');
      expect(status(n.sm.receiveConfirmation('leader2', frame(2, 'other')))).toBe('conflict');
      expect(status(n.sm.receiveConfirmation('leader2', frame(1)))).toBe('stale');
      expect(counts(n)).toEqual([round(2, { confirmations: 1 })]);

      // Round 2 completes at 1130; its data (the confirmation included) goes with it.
      n.advanceTo(1130);
      expect(n.sm.getSnapshot().activeRank).toBe(2);
      expect(n.sm.getSnapshot().rounds.at(2)).toBeUndefined();
      n.sm.close();
    });
  });

  describe('Concurrency', () => {
    it('survives interleaved sync_complete events and liveness checks, re-entrant ones included', () => {
      const n = goNode();
      const thrown: unknown[] = [];
      const answers: Either<Rejection, Accepted>[] = [];
      const call = (fn: () => Either<Rejection, Accepted>) => {
        try {
          answers.push(fn());
        } catch (err) {
          thrown.push(err);
        }
      };
      const livenessFrom = (peer: string) => () =>
        n.sm.receiveLivenessCheck(peer, mutations(n.sm.getSnapshot().activeRank + 1, peer));

      const heard: string[] = [];
      n.sm.addListener({
        onTransition: (from, to, event) => {
          heard.push(`${from} --${event}--> ${to}`);
          call(() => n.sm.sendEvent(MachineEvent.SyncComplete));
          call(livenessFrom('listener-peer'));
        },
      });
      n.sm.transition$.subscribe(() => call(livenessFrom('subscriber-peer')));

      const burst = () => {
        for (let i = 0; i < 500; i++) {
          call(() => n.sm.sendEvent(MachineEvent.SyncComplete));
          call(livenessFrom(`peer${i % 10}`));
        }
      };
      const livePeers = () => [
        ...(n.sm
          .getSnapshot()
          .rounds.at(n.sm.getSnapshot().activeRank + 1)
          ?.liveness.keys() ?? []),
      ];
      const expectedPeers = [
        'leader1',
        'listener-peer',
        'subscriber-peer',
        ...Array.from({ length: 10 }, (_, i) => `peer${i}`),
      ];
      n.sm.start();
      n.at(1005, burst); // collecting, rank 1
      n.at(1040, burst); // proving, rank 1: all duplicates
      n.at(1100, burst); // proving, rank 2

      // The listener's sync_complete, sent re-entrantly as loading is entered, is taken right after
      // that transition; the sync answering at 1010 is dropped. Every later one has no row.
      n.advanceTo(1045);
      expect(n.log).toEqual([
        '0 stopped --start--> starting',
        '1000 starting --init_complete--> loading',
        '1000 loading --sync_complete--> collecting',
        '1010 collecting --collection_done--> liveness_check',
        '1010 liveness_check --prover_signal--> proving',
      ]);
      expect(livePeers().sort()).toEqual(expectedPeers.sort());
      n.advanceTo(1110);
      expect(n.sm.getSnapshot()).toMatchObject({ state: 'proving', activeRank: 1 });
      expect(livePeers().sort()).toEqual(expectedPeers.sort());
      n.advanceTo(1300);

      expect(thrown).toEqual([]);
      expect(answers.every((a) => isLeft(a) || isRight(a))).toBe(true);
      const outcomes = new Map<string, number>();
      for (const a of answers) outcomes.set(status(a), (outcomes.get(status(a)) ?? 0) + 1);
      // Each peer's check is stored once per rank; every other copy is a duplicate, never a conflict.
      // Direct calls: 3 bursts × 500 sync_complete without a row; 3 × 500 checks, 10 new per rank.
      // Re-entrant calls (2 from the listener, 1 from the subscriber per transition) are queued.
      expect(Object.fromEntries(outcomes)).toEqual({
        no_transition: 1500,
        stored: 20,
        duplicate: 1480,
        queued: 3 * 38,
      });
      expect(n.log).toHaveLength(38);
      expect(n.log[37]).toBe('1300 verifying --verification_done--> collecting');
      // Transitions chain: each record starts where the previous one ended, in time order.
      expect(n.records[0]?.from).toBe(MachineState.Stopped);
      for (let i = 1; i < n.records.length; i++) {
        expect(n.records[i]?.from).toBe(n.records[i - 1]?.to);
        expect(n.records[i]!.at).toBeGreaterThanOrEqual(n.records[i - 1]!.at);
      }
      expect(heard).toEqual(n.records.map((t) => `${t.from} --${t.event}--> ${t.to}`));
      expect(n.sm.getTransitionCount()).toBe(n.records.length);
      expect(n.sm.getSnapshot().fault).toBeNull();
      n.sm.close();
    });
  });

  describe('PanicRecovery', () => {
    // Go: a panicking provider left the machine Stopped. SPEC 5: a provider failure is reported to
    // the tracer's error and answered with induce_sync; the machine keeps running. Loading then
    // waits the failure back-off (100 ms, doubling per failure in a row) before synchronizing.
    it.each(['throw', 'error'] as const)(
      'a sendConfirmation that fails (%s) is reported and answered with induce_sync',
      (failure) => {
        const n = goNode({ fail: { sendConfirmation: failure } });
        n.sm.start();
        expect(() => n.advanceTo(1460)).not.toThrow();
        expect(n.log).toEqual([
          ...FIRST_ROUND.slice(0, 9),
          '1070 verifying --induce_sync--> loading',
          '1180 loading --sync_complete--> collecting',
          '1190 collecting --collection_done--> liveness_check',
          '1190 liveness_check --prover_signal--> proving',
          '1240 proving --proof_complete--> publishing',
          '1240 publishing --publish_complete--> voting',
          '1240 voting --quorum_reached--> finalizing',
          '1240 finalizing --aggregation_done--> verifying',
          '1240 verifying --induce_sync--> loading',
          '1450 loading --sync_complete--> collecting',
          '1460 collecting --collection_done--> liveness_check',
          '1460 liveness_check --prover_signal--> proving',
        ]);
        expect(n.callsTo('synchronize').map((c) => c.at)).toEqual([1000, 1170, 1440]);
        expect(n.errors.map((e) => e.message)).toEqual([
          'verifying: voting.sendConfirmation failed; inducing sync',
          'verifying: voting.sendConfirmation failed; inducing sync',
        ]);
        // The tracer gets the provider's own error.
        expect(n.errors[0]?.err).toEqual(
          new Error(`sendConfirmation ${failure === 'throw' ? 'threw' : 'errored'}`),
        );
        // The round is re-run, never verified; the vote cast at rank 1 is re-published, not decided again.
        expect(n.sm.getSnapshot()).toMatchObject({ state: 'proving', activeRank: 0, fault: null });
        expect(n.callsTo('decideAndSendVote').map((c) => c.at)).toEqual([1070]);
        expect(n.callsTo('sendVote').map((c) => [c.at, c.args[0]])).toEqual([
          [1240, ballot(1, 'leader1', 'f1')],
        ]);
        n.sm.close();
      },
    );

    it('a state rank accessor that starts throwing is a sync failure: reported, retried, still running', () => {
      let reads = 0;
      const n = goNode({
        syncRetryDelay: 10_000,
        domain: {
          ...domain,
          state: {
            ...domain.state,
            rank: (s) => {
              if (reads++ > 0) throw new Error('rank is gone');
              return s.rank;
            },
          },
        },
      });
      n.sm.start();
      n.advanceTo(21_020);
      // Sync answers at 1010 and 11020; each time the rank cannot be read, so loading retries 10 s later.
      expect(n.log).toEqual([
        '0 stopped --start--> starting',
        '1000 starting --init_complete--> loading',
        '11010 loading --sync_timeout--> loading',
        '21020 loading --sync_timeout--> loading',
      ]);
      expect(n.errors.map((e) => e.message)).toEqual([
        'loading: synchronization failed; retrying after back-off',
        'loading: synchronization failed; retrying after back-off',
      ]);
      expect((n.errors[0]?.err as ProviderFailure).provider).toBe('domain.state.rank');
      expect(n.sm.getSnapshot()).toMatchObject({ state: 'loading', fault: null, activeRank: 0 });
      n.sm.close();
    });

    /** Make the next reducer step throw once: a broken engine invariant, forced from outside. */
    function breakInvariantOnce(n: GoNode): void {
      const snapshot = n.sm.getSnapshot();
      const book = snapshot.rounds;
      let armed = true;
      const rigged = new Proxy(book, {
        get(target, key) {
          if (key === 'tagOf' && armed) {
            armed = false;
            return () => {
              throw new Error('round book corrupted');
            };
          }
          const value: unknown = Reflect.get(target, key, target);
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
      (snapshot as { rounds: unknown }).rounds = rigged;
    }

    it('an engine invariant failure is reported and leaves the machine stopped, with every timer cancelled', () => {
      const n = goNode();
      const states: string[] = [];
      n.sm.state$.subscribe((s) => states.push(s.state));
      n.sm.start();
      n.advanceTo(1015);
      let answer: Either<Rejection, Accepted> | undefined;
      expect(() => {
        breakInvariantOnce(n);
        answer = n.sm.receiveProposal('leader2', frame(1, 'f1@leader2'));
      }).not.toThrow();
      expect(answer && isLeft(answer) && answer.left.details).toEqual({
        reason: 'fault',
        message: 'reducer: Error: round book corrupted',
      });
      expect(n.sm.getState()).toBe(MachineState.Stopped);
      expect(n.sm.getSnapshot().fault).toBe('reducer: Error: round book corrupted');
      expect(states.slice(-2)).toEqual(['collecting', 'stopped']);
      expect(n.errors.map((e) => [e.message, e.err])).toEqual([
        ['engine invariant broken; the machine is stopped', 'reducer: Error: round book corrupted'],
      ]);

      // The collect in flight and the state's timeout were cancelled: nothing happens any more.
      n.advanceTo(3_600_000);
      expect(n.log).toEqual(FIRST_ROUND.slice(0, 3));
      expect(n.sm.getState()).toBe(MachineState.Stopped);
      expect(n.callsTo('collect')[0]?.signal?.aborted).toBe(true);
      expect(n.callsTo('getNextLeaders').map((c) => c.at)).toEqual([1010]);
      n.sm.close();
    });

    it('after an engine fault, start() is either refused or really restarts the machine (never stuck in starting)', () => {
      const n = goNode();
      n.sm.start();
      n.advanceTo(1015);
      breakInvariantOnce(n);
      n.sm.receiveProposal('leader2', frame(1, 'f1@leader2'));
      expect(n.sm.getState()).toBe(MachineState.Stopped);

      let answer: Either<Rejection, Accepted> | undefined;
      n.at(2000, () => (answer = n.sm.start()));
      n.advanceTo(5000);
      if (answer !== undefined && isLeft(answer)) {
        expect(n.sm.getState()).toBe(MachineState.Stopped);
      } else {
        // Accepted: the starting timeout (1 s) must move it on as it does for a fresh machine.
        expect(n.log).toContain('3000 starting --init_complete--> loading');
      }
      n.sm.close();
    });

    /**
     * Run `scenario` with RxJS's reports of unhandled errors collected. RxJS rethrows those on a
     * later macrotask (an uncaught exception that would crash the test process); fake timers let
     * them be drained here, synchronously, and counted.
     */
    function collectUnhandled(scenario: () => void): unknown[] {
      const unhandled: unknown[] = [];
      const previous = config.onUnhandledError;
      jest.useFakeTimers();
      config.onUnhandledError = (err) => unhandled.push(err);
      try {
        scenario();
      } finally {
        jest.runOnlyPendingTimers();
        config.onUnhandledError = previous;
        jest.useRealTimers();
      }
      return unhandled;
    }

    it('a tracer whose trace and error throw neither hides transitions nor stalls the machine', () => {
      const n = goNode({
        tracer: {
          trace: () => {
            throw new Error('trace threw');
          },
          error: () => {
            throw new Error('error threw');
          },
        },
      });
      const heard: string[] = [];
      n.sm.addListener({ onTransition: (from, to, event) => heard.push(`${from} --${event}--> ${to}`) });
      const unhandled = collectUnhandled(() => {
        expect(() => {
          n.sm.start();
          n.advanceTo(1070);
        }).not.toThrow();
      });
      expect(n.sm.getSnapshot()).toMatchObject({ state: 'collecting', activeRank: 1 });
      expect(n.log).toEqual(FIRST_ROUND);
      expect(heard).toHaveLength(FIRST_ROUND.length);
      expect(unhandled).toEqual([]);
      n.sm.close();
    });

    it('a tracer whose error throws does not stall the machine after a provider failure', () => {
      const n = goNode({
        fail: { sendConfirmation: 'throw' },
        tracer: {
          trace: () => undefined,
          error: () => {
            throw new Error('error threw');
          },
        },
      });
      const unhandled = collectUnhandled(() => {
        n.sm.start();
        expect(() => n.advanceTo(1180)).not.toThrow();
      });
      expect(n.log.slice(9)).toEqual([
        '1070 verifying --induce_sync--> loading',
        '1180 loading --sync_complete--> collecting',
      ]);
      expect(unhandled).toEqual([]);
      n.sm.close();
    });
  });
});
