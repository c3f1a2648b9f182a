/**
 * createStateMachine's wiring, seen from outside: events and `advanceTo` by hand with their
 * refusals, the streams and what each publishes, listeners that throw, `close`, faults, the
 * tracer or logger, and the option defaults. Each machine here is held in a state that cannot
 * run a round by itself (not a leader, or providers that never answer), and every round would
 * take virtual time, so no spec can spin.
 */
import { isLeft, isRight, type Either } from 'fp-ts/Either';
import { NEVER, type Observable } from 'rxjs';
import { MachineState as S, type Outcome, type Rejection, type TransitionRecord } from '../../src';
import {
  ballot,
  createFixture,
  domain,
  frame,
  virtualScheduler,
  type FixtureOptions,
} from '../support/fixture';

/**
 * A machine that loads but never leads: it retries loading every `syncRetryDelay`. Its `collect`
 * takes 1 ms, so a machine broken into leading (under mutation testing) still cannot run round
 * after round within one instant.
 */
const follower = (extra: Partial<FixtureOptions> = {}) =>
  createFixture({
    scheduler: virtualScheduler(),
    leaders: ['someone-else'],
    delays: { collect: 1 },
    ...extra,
  });

/** A machine taken by hand into collecting, where `collect` never answers. */
function inCollecting(extra: Partial<FixtureOptions> = {}) {
  const f = follower({ overrides: { collect: () => NEVER }, ...extra });
  f.sm.start();
  f.sm.sendEvent('init_complete');
  f.sm.sendEvent('sync_complete');
  return f;
}

const reason = <R>(e: Either<Rejection, R>) => (isLeft(e) ? e.left.details : undefined);

describe('createStateMachine wiring', () => {
  describe('events by hand', () => {
    it('a known event with a row is taken, answered with the transition, and published', () => {
      const f = follower();
      const log: TransitionRecord[] = [];
      f.sm.transition$.subscribe((t) => log.push(t));
      expect(f.sm.start()).toEqual({
        _tag: 'Right',
        right: {
          status: 'transition',
          transition: { from: S.Stopped, to: S.Starting, event: 'start', at: 0 },
        },
      });
      expect(log).toEqual([{ from: S.Stopped, to: S.Starting, event: 'start', at: 0 }]);
      expect(f.sm.getState()).toBe(S.Starting);
      expect(f.sm.getTransitionCount()).toBe(1);
      expect(f.traces).toContain('stopped --start--> starting');
    });

    it("answers with the event's own transition, not with what the entered state's effect folded after it", () => {
      const f = follower();
      f.sm.start();
      const answer = f.sm.sendEvent('init_complete');
      expect(answer).toEqual({
        _tag: 'Right',
        right: {
          status: 'transition',
          transition: { from: S.Starting, to: S.Loading, event: 'init_complete', at: 0 },
        },
      });
      // Loading's effect folded its synced state and provers in the same call.
      expect(f.sm.getSnapshot().nextProvers).toEqual(['someone-else']);
    });

    it('an event without a row is refused and published; nothing changes', () => {
      const f = follower();
      const rejections: Rejection[] = [];
      f.sm.rejection$.subscribe((r) => rejections.push(r));
      const before = f.sm.getSnapshot();
      const answer = f.sm.stop();
      expect(reason(answer)).toEqual({ reason: 'no_transition', state: S.Stopped, event: 'stop' });
      expect(rejections.map((r) => r.details)).toEqual([reason(answer)]);
      expect(f.sm.getSnapshot()).toBe(before);
    });

    it('anything that is not a machine event is refused as malformed, and published', () => {
      const f = follower();
      const rejections: Rejection[] = [];
      f.sm.rejection$.subscribe((r) => rejections.push(r));
      const answer = f.sm.sendEvent('jump' as never);
      expect(reason(answer)).toEqual({
        reason: 'malformed',
        kind: 'event',
        field: 'event',
        problem: 'not a machine event: string "jump"',
      });
      expect(rejections).toHaveLength(1);
      expect(f.sm.getState()).toBe(S.Stopped);
    });
  });

  describe('advanceTo', () => {
    it('ends the round in progress and runs the rank asked for, on the state given', () => {
      const f = inCollecting();
      expect(f.sm.getSnapshot().activeRank).toBe(0);
      const answer = f.sm.advanceTo(4, frame(2));
      expect(isRight(answer) && answer.right).toMatchObject({ status: 'transition' });
      expect(f.sm.getSnapshot()).toMatchObject({ activeRank: 3, activeState: frame(2), state: S.Collecting });
      expect(isRight(f.sm.advanceTo(6))).toBe(true);
      expect(f.sm.getSnapshot()).toMatchObject({ activeRank: 5, activeState: frame(2) });
    });

    it.each([
      ['a negative rank', -1, undefined, 'rank', 'not a rank: number -1'],
      ['a fractional rank', 1.5, undefined, 'rank', 'not a rank: number 1.5'],
      ['a string rank', '3', undefined, 'rank', 'not a rank: string "3"'],
      ['a state at the rank', 4, frame(4), 'state', 'its rank number 4 is not below 4'],
      ['a state past the rank', 4, frame(5), 'state', 'its rank number 5 is not below 4'],
      ['a state with a negative rank', 4, frame(-1), 'state', 'its rank number -1 is not below 4'],
      ['a state without a rank', 4, { id: 'x' }, 'state', 'its rank undefined is not below 4'],
    ])('refuses %s as malformed, and publishes it', (_name, rank, state, field, problem) => {
      const f = inCollecting();
      const rejections: Rejection[] = [];
      f.sm.rejection$.subscribe((r) => rejections.push(r));
      const before = f.sm.getSnapshot();
      const answer = f.sm.advanceTo(rank as number, state as never);
      expect(reason(answer)).toEqual({ reason: 'malformed', kind: 'event', field, problem });
      expect(rejections).toHaveLength(1);
      expect(f.sm.getSnapshot()).toBe(before);
    });

    it('refuses a state whose rank cannot be read', () => {
      const f = inCollecting();
      const answer = f.sm.advanceTo(4, null as never);
      expect(isRight(answer)).toBe(true);
      const trap = {
        get rank(): number {
          throw new Error('trap');
        },
        id: 'x',
      };
      expect(reason(f.sm.advanceTo(9, trap))).toEqual({
        reason: 'malformed',
        kind: 'event',
        field: 'state',
        problem: 'its rank cannot be read: Error: trap',
      });
    });

    it('rank 0 and a state at rank 0 are well formed (rank 0 is simply never later than a round)', () => {
      const f = inCollecting();
      expect(reason(f.sm.advanceTo(0))).toEqual({ reason: 'stale', kind: 'advance', rank: 0, activeRank: 0 });
      expect(isRight(f.sm.advanceTo(2, frame(0)))).toBe(true);
      expect(f.sm.getSnapshot()).toMatchObject({ activeRank: 1, activeState: frame(0) });
    });

    it('a rank not past the round in progress is stale; outside a round, no transition', () => {
      const f = inCollecting();
      expect(reason(f.sm.advanceTo(1))).toEqual({ reason: 'stale', kind: 'advance', rank: 1, activeRank: 0 });
      const idle = follower();
      expect(reason(idle.sm.advanceTo(5))).toEqual({
        reason: 'no_transition',
        state: S.Stopped,
        event: 'rank_advanced',
      });
    });
  });

  describe('streams', () => {
    it('state$ replays the latest snapshot and publishes transitions and stored data', () => {
      const f = follower();
      f.sm.start();
      const states: string[] = [];
      f.sm.state$.subscribe((s) => states.push(`${s.state}/${s.rounds.ranks().join(',')}`));
      f.sm.receiveProposal('n2', frame(1));
      f.sm.receiveProposal('n2', frame(1));
      f.sm.sendEvent('init_complete');
      // Loading's effect answers at once: the synced state adopted, then the provers.
      expect(states).toEqual(['starting/', 'starting/1', 'loading/1', 'loading/1', 'loading/1']);
      expect(f.sm.getSnapshot().nextProvers).toEqual(['someone-else']);
    });

    it('outcome$ publishes every folded input; equivocation$ only equivocations', () => {
      const f = follower();
      const outcomes: Outcome['type'][] = [];
      const evidence: Rejection[] = [];
      f.sm.outcome$.subscribe((o) => outcomes.push(o.type));
      f.sm.equivocation$.subscribe((r) => evidence.push(r));
      f.sm.receiveVote('n2', 'v1', ballot(1, 'v1', 'a'));
      f.sm.receiveVote('n2', 'v1', ballot(1, 'v1', 'a'));
      f.sm.receiveVote('n2', 'v1', ballot(1, 'v1', 'b'));
      f.sm.receiveProposal('n2', frame(0));
      expect(outcomes).toEqual(['stored', 'duplicate', 'rejected', 'rejected']);
      expect(evidence.map((r) => r.reason)).toEqual(['equivocation']);
    });

    it('tells observers of a transition before the entered state starts its work', () => {
      const order: string[] = [];
      const g = follower({
        overrides: { synchronize: () => (order.push('synchronize'), frame(0)) },
      });
      g.sm.addListener({ onTransition: (_from, to) => order.push(`listener ${to}`) });
      g.sm.transition$.subscribe((t) => order.push(`transition$ ${t.to}`));
      g.sm.start();
      g.sm.sendEvent('init_complete');
      expect(order).toEqual([
        'transition$ starting',
        'listener starting',
        'transition$ loading',
        'listener loading',
        'synchronize',
      ]);
    });

    it('settles conditions once per instant on the machine scheduler', () => {
      const scheduler = virtualScheduler();
      const f = createFixture({ scheduler, leaders: ['someone-else'], delays: { collect: 1 } });
      const settled: number[] = [];
      f.sm.outcome$.subscribe((o) => o.type === 'settled' && settled.push(scheduler.now()));
      f.sm.receiveProposal('n2', frame(1));
      f.sm.receiveProposal('n3', frame(1));
      expect(settled).toEqual([]);
      scheduler.flush();
      expect(settled).toEqual([0]);
    });

    it("evaluates the state's conditions again once per instant with new data, after all of it is stored", () => {
      // A lone leader votes at 1 ms (collect takes 1 ms) and waits for a quorum of 3 votes.
      const scheduler = virtualScheduler();
      const f = createFixture({ scheduler, delays: { collect: 1 }, quorum: 3 });
      f.sm.start();
      f.sm.sendEvent('init_complete');
      scheduler.schedule(() => {
        f.sm.receiveVote('n1', 'n2', ballot(1, 'n2'));
        f.sm.receiveVote('n1', 'n3', ballot(1, 'n3'));
        // Nothing is evaluated while the instant's data comes in.
        expect(f.callsTo('isQuorum').filter((c) => c.at === 5)).toEqual([]);
      }, 5);
      scheduler.schedule(() => f.sm.close(), 6);
      scheduler.flush();
      expect(f.callsTo('isQuorum').map((c) => `${c.at}: ${String(c.args[0])} votes`)).toEqual([
        '1: 1 votes',
        '5: 3 votes',
      ]);
      expect(f.callsTo('finalizeVotes').map((c) => c.at)).toEqual([5]);
    });
  });

  describe('calls made while the machine is folding', () => {
    it('are queued behind the input in progress, answered as queued, then folded in order', () => {
      const f = follower();
      const answers: unknown[] = [];
      let once = true;
      f.sm.addListener({
        onTransition: () => {
          if (!once) return;
          once = false;
          answers.push(f.sm.receiveProposal('n2', frame(1)));
          answers.push(f.sm.sendEvent('stop'));
        },
      });
      const started = f.sm.start();
      expect(isRight(started) && started.right).toMatchObject({ status: 'transition' });
      expect(answers).toEqual([
        { _tag: 'Right', right: { status: 'queued' } },
        { _tag: 'Right', right: { status: 'queued' } },
      ]);
      expect(f.sm.getSnapshot().rounds.at(1)?.proposals.get('n2')).toEqual(frame(1));
      // The queued stop was taken after the start (and stopping cleans up at once).
      expect(f.sm.getSnapshot().lastEvent).toBe('cleanup_complete');
      expect(f.sm.getTransitionCount()).toBe(3);
      // The caller that started it all still gets its own answer, and a later call its own.
      expect(isRight(f.sm.receiveProposal('n3', frame(1)))).toBe(true);
    });
  });

  describe('subscribers', () => {
    it('a subscriber that throws is reported and consensus goes on', () => {
      const f = follower();
      f.sm.transition$.subscribe(() => {
        throw new Error('subscriber bug');
      });
      f.sm.start();
      f.sm.sendEvent('init_complete');
      expect(f.sm.getState()).toBe(S.Loading);
      expect(f.errors.map((e) => e.message)).toContain(
        "a subscriber's next handler threw; consensus goes on",
      );
    });
  });

  describe('state entries', () => {
    it('each entry knows the event that entered it: a re-entry by the timeout tells the provider', () => {
      const scheduler = virtualScheduler();
      const timedOut: number[] = [];
      const f = inCollecting({
        scheduler,
        timeouts: { [S.LivenessCheck]: 50 },
        votingExtras: { sendTimeout: (rank) => void timedOut.push(rank) },
      });
      f.sm.sendEvent('collection_done');
      scheduler.schedule(() => f.sm.close(), 120);
      scheduler.flush();
      expect(timedOut).toEqual([1, 1]);
    });

    it('the round back-off option stretches the round timeouts after a rank ended without progress', () => {
      const scheduler = virtualScheduler();
      const f = inCollecting({
        scheduler,
        timeouts: { [S.LivenessCheck]: 100 },
        roundBackoff: { factor: 3, max: 250 },
      });
      const log: string[] = [];
      f.sm.transition$.subscribe((t) => log.push(`${t.at} ${t.event}`));
      f.sm.advanceTo(3);
      f.sm.sendEvent('collection_done');
      scheduler.schedule(() => f.sm.close(), 600);
      scheduler.flush();
      // One rank ended without progress: 100 ms x 3 = 300 ms, capped at 250 ms (the back-off
      // counts ranks, not timeouts, so every liveness timeout of this round waits 250 ms).
      expect(log).toEqual([
        '0 rank_advanced',
        '0 collection_done',
        '250 liveness_timeout',
        '500 liveness_timeout',
      ]);
    });

    it('output of an entry already left is ignored, and traced', () => {
      // A listener stops the machine as loading is entered; loading's effect answers at once, so
      // its data comes in behind the stop, from an entry already left.
      const f = follower();
      let once = true;
      f.sm.addListener({
        onTransition: (_from, to) => {
          if (to !== S.Loading || !once) return;
          once = false;
          f.sm.sendEvent('stop');
        },
      });
      f.sm.start();
      f.sm.sendEvent('init_complete');
      expect(f.sm.getState()).toBe(S.Stopped);
      expect(f.traces.filter((t) => t.startsWith('ignored: '))).toEqual([
        'ignored: adopt from a state entry already left',
        'ignored: provers from a state entry already left',
      ]);
      expect(f.sm.getSnapshot().nextProvers).toEqual([]);
    });
  });

  describe('listeners', () => {
    it('a listener that throws is reported and consensus goes on; a removed listener hears nothing more', () => {
      const f = follower();
      const heard: string[] = [];
      f.sm.addListener({
        onTransition: () => {
          throw new Error('listener bug');
        },
      });
      const remove = f.sm.addListener({
        onTransition: (from, to, event) => heard.push(`${from} ${event} ${to}`),
      });
      f.sm.start();
      remove();
      f.sm.sendEvent('init_complete');
      expect(heard).toEqual(['stopped start starting']);
      expect(f.sm.getState()).toBe(S.Loading);
      expect(f.errors.map((e) => e.message)).toContain(
        'listener threw on stopped --start--> starting; consensus goes on',
      );
    });
  });

  describe('close', () => {
    it('stops at once, completes every stream, and refuses everything after', () => {
      const f = follower();
      f.sm.start();
      const completed: string[] = [];
      const last: string[] = [];
      f.sm.state$.subscribe({ next: (s) => last.push(s.state), complete: () => completed.push('state$') });
      for (const [name, stream] of [
        ['transition$', f.sm.transition$],
        ['rejection$', f.sm.rejection$],
        ['equivocation$', f.sm.equivocation$],
        ['outcome$', f.sm.outcome$],
      ] as const)
        (stream as Observable<unknown>).subscribe({ complete: () => completed.push(name) });
      f.sm.close();
      f.sm.close();
      expect(completed.sort()).toEqual(['equivocation$', 'outcome$', 'rejection$', 'state$', 'transition$']);
      expect(last).toEqual(['starting', 'stopped']);
      expect(f.sm.getState()).toBe(S.Stopped);
      for (const answer of [
        f.sm.start(),
        f.sm.sendEvent('stop'),
        f.sm.advanceTo(5),
        f.sm.receiveProposal('n2', frame(1)),
      ])
        expect(reason(answer)).toEqual({ reason: 'closed' });
    });

    it('cancels the timers and effects of the state it was in', () => {
      const scheduler = virtualScheduler();
      const f = createFixture({ scheduler, leaders: ['someone-else'], delays: { collect: 1 } });
      f.sm.start();
      f.sm.close();
      scheduler.flush();
      expect(f.calls).toEqual([]);
    });

    it('closing a stopped machine publishes no new snapshot', () => {
      const f = follower();
      const states: string[] = [];
      f.sm.state$.subscribe((s) => states.push(s.state));
      f.sm.close();
      expect(states).toEqual(['stopped']);
    });
  });

  describe('faults', () => {
    it('a broken invariant in an effect stops the machine, keeps the reason, and is reported', () => {
      // A lone leader runs into voting 1 ms after loading (collect takes 1 ms, so even a machine
      // broken into running round after round cannot spin within one instant), where the vote
      // store breaks.
      const scheduler = virtualScheduler();
      const f = createFixture({
        scheduler,
        delays: { collect: 1 },
        voteStore: {
          votedAt: () => {
            throw new Error('store corrupt');
          },
          record: () => undefined,
        },
      });
      const states: string[] = [];
      f.sm.state$.subscribe((s) => states.push(s.state));
      f.sm.start();
      f.sm.sendEvent('init_complete');
      scheduler.schedule(() => f.sm.close(), 10);
      scheduler.flush();
      expect(f.sm.getSnapshot().enteredAt).toBe(1);
      expect(f.sm.getState()).toBe(S.Stopped);
      expect(f.sm.getSnapshot().fault).toBe('voting effect: Error: store corrupt');
      expect(states[states.length - 1]).toBe(S.Stopped);
      expect(f.errors.map((e) => e.message)).toContain('engine invariant broken; the machine is stopped');
    });
  });

  describe('time', () => {
    it('reads the time in the current state on the machine scheduler', () => {
      const scheduler = virtualScheduler();
      const f = createFixture({
        scheduler,
        leaders: ['someone-else'],
        delays: { collect: 1 },
        syncRetryDelay: 50_000,
      });
      f.sm.start();
      let read: number[] = [];
      scheduler.schedule(() => {
        read = [f.sm.getStateEnteredAt(), f.sm.getStateTime()];
        f.sm.close();
      }, 1_200);
      scheduler.flush();
      expect(read).toEqual([1_000, 200]);
    });
  });

  describe('configuration read through the domain', () => {
    it('an id the domain reads as null is refused like one it reads as undefined', () => {
      expect(() =>
        follower({ domain: { ...domain, peer: { identity: () => null as unknown as string } } }),
      ).toThrow('id: expected a peer domain.peer.identity can read, got one it reads as nothing');
    });

    it('an initial state whose rank reads as null is refused', () => {
      expect(() =>
        follower({
          domain: { ...domain, state: { ...domain.state, rank: () => null as unknown as number } },
        }),
      ).toThrow('initialState: expected a state domain.state.rank can read, got one it reads as nothing');
    });

    it('an initial state whose rank is not a non-negative safe integer is refused', () => {
      for (const [rank, got] of [
        [-1, 'number -1'],
        [1.5, 'number 1.5'],
        [Number.NaN, 'number NaN'],
        ['3', 'string "3"'],
      ] as const)
        expect(() =>
          follower({
            domain: { ...domain, state: { ...domain.state, rank: () => rank as unknown as number } },
          }),
        ).toThrow(
          `initialState: expected a state whose rank is a non-negative safe integer, got one of rank ${got}`,
        );
      expect(() => follower({ initialState: { rank: 0, id: 'genesis' } })).not.toThrow();
    });
  });

  describe('option defaults', () => {
    it('retries loading after 10 s by default', () => {
      const scheduler = virtualScheduler();
      const f = createFixture({ scheduler, leaders: ['someone-else'], delays: { collect: 1 } });
      f.sm.start();
      scheduler.schedule(() => f.sm.close(), 21_500);
      scheduler.flush();
      expect(f.callsTo('synchronize').map((c) => c.at)).toEqual([1_000, 11_000, 21_000]);
    });

    it('accepts inbound data up to 16 ranks ahead by default', () => {
      const f = follower({ initialState: frame(3) });
      expect(isRight(f.sm.receiveProposal('n2', frame(19)))).toBe(true);
      expect(reason(f.sm.receiveProposal('n2', frame(20)))).toMatchObject({
        reason: 'too_far_ahead',
        window: 16,
      });
    });

    it('with no initial state, the active rank is -1', () => {
      const f = follower({ initialState: null });
      expect(f.sm.getSnapshot().activeRank).toBe(-1);
      expect(isRight(f.sm.receiveProposal('n2', frame(0)))).toBe(true);
    });

    it('minimumProvers may be a number or a function', () => {
      for (const minimumProvers of [2, () => 2]) {
        const scheduler = virtualScheduler();
        const f = inCollecting({ scheduler, minimumProvers });
        const log: string[] = [];
        f.sm.transition$.subscribe((t) => log.push(`${t.at} ${t.event}`));
        f.sm.sendEvent('collection_done');
        f.sm.receiveLivenessCheck('n2', { rank: 1, id: 'm1' });
        scheduler.schedule(() => f.sm.receiveLivenessCheck('n3', { rank: 1, id: 'm1b' }), 5);
        scheduler.schedule(() => f.sm.close(), 6);
        scheduler.flush();
        expect(log.slice(0, 2)).toEqual(['0 collection_done', '5 prover_signal']);
      }
    });
  });

  describe('tracing', () => {
    it('without tracer or logger, errors go to the console', () => {
      const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
      try {
        const f = follower({ tracer: undefined });
        f.sm.addListener({
          onTransition: () => {
            throw new Error('listener bug');
          },
        });
        f.sm.start();
        expect(spy).toHaveBeenCalledWith(
          '[rx-consensus] listener threw on stopped --start--> starting; consensus goes on:',
          'Error: listener bug',
        );
      } finally {
        spy.mockRestore();
      }
    });

    it('with a logger, entries carry the node, the rank in progress and the state', () => {
      const entries: unknown[] = [];
      const f = follower({
        tracer: undefined,
        logger: { log: (level, msg, fields) => entries.push({ level, msg, ...fields }) },
      });
      f.sm.start();
      expect(entries).toContainEqual({
        level: 'debug',
        msg: 'stopped --start--> starting',
        node: 'n1',
        rank: 1,
        state: S.Starting,
      });
    });

    it('a tracer wins over a logger, and one that throws breaks nothing', () => {
      const logged: unknown[] = [];
      const f = follower({
        tracer: {
          trace: () => {
            throw new Error('tracer bug');
          },
          error: () => {
            throw new Error('tracer bug');
          },
        },
        logger: { log: (...args) => logged.push(args) },
      });
      f.sm.addListener({
        onTransition: () => {
          throw new Error('listener bug');
        },
      });
      expect(isRight(f.sm.start())).toBe(true);
      expect(f.sm.getState()).toBe(S.Starting);
      expect(logged).toEqual([]);
    });
  });
});
