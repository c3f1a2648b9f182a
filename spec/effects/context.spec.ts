/**
 * The effect context every state's effect gets: provider calls behind the entry's AbortSignal
 * with failures and refused answers as `ProviderFailure`, inputs tagged with the entry's epoch,
 * own messages, conditions re-evaluated after each change (never two at once), and the guarded
 * reads of `minimumProvers` and a state's rank.
 */
import { EMPTY, NEVER, of, Subject } from 'rxjs';
import { ProviderFailure } from '../../src/operators/from-result';
import { MachineEvent as E, MachineState as S } from '../../src/machine/states';
import {
  collect,
  createHarness,
  EPOCH,
  frame,
  read,
  SELF,
  testScheduler,
  type HarnessOptions,
  unexpected,
} from './harness';

const base: HarnessOptions = { state: S.Voting, event: E.PublishComplete };

/** Signals compared by identity (two fresh signals are equal to `toEqual`). */
const expectSame = (got: readonly AbortSignal[], want: readonly (AbortSignal | undefined)[]) => {
  expect(got).toHaveLength(want.length);
  got.forEach((signal, i) => expect(signal).toBe(want[i]));
};

describe('the effect context', () => {
  it('carries the entry, the event that entered it, its epoch and the machine constants', () => {
    const h = createHarness(testScheduler(), { ...base, rankWindow: 9, syncRetryDelay: 77 });
    expect(h.ctx.entry.state).toBe(S.Voting);
    expect(h.ctx.event).toBe(E.PublishComplete);
    expect(h.ctx.epoch).toBe(EPOCH);
    expect([h.ctx.self, h.ctx.selfId, h.ctx.rankWindow, h.ctx.syncRetryDelay]).toEqual([SELF, SELF, 9, 77]);
    expect(h.ctx.voteStore).toBe(h.voteStore);
    expect(h.ctx.decisions).toBe(h.decisions);
    expect(h.ctx.emitReceiveEventsOnSends).toBe(false);
    expect(typeof h.ctx.read.vote).toBe('function');
    expect(h.ctx.domain.state.rank(frame(4))).toBe(4);
  });

  it('emit and update tag their input with the entry epoch', () => {
    const h = createHarness(testScheduler(), base);
    expect(h.ctx.emit(E.QuorumReached)).toEqual({ type: 'event', event: E.QuorumReached, epoch: EPOCH });
    expect(h.ctx.update({ kind: 'confirmed', rank: 3 })).toEqual({
      type: 'update',
      epoch: EPOCH,
      update: { kind: 'confirmed', rank: 3 },
    });
  });

  it('reads the live snapshot and the failure back-off through its dependencies', () => {
    const h = createHarness(testScheduler(), { ...base, failureBackoff: 40 });
    expect(h.ctx.current()).toBe(h.current());
    const later = { ...h.current(), activeRank: 9 };
    h.setCurrent(later);
    expect(h.ctx.current()).toBe(later);
    expect(h.ctx.failureBackoff()).toBe(40);
  });

  describe('call', () => {
    it('a call still in flight keeps its own signal, which fires when the entry is left', () => {
      const h = createHarness(testScheduler(), base);
      const seen: AbortSignal[] = [];
      const answer = new Subject<number>();
      collect(h.ctx.call('p', (signal) => (seen.push(signal), answer)));
      collect(h.ctx.call('p', (signal) => (seen.push(signal), Promise.resolve(2))));
      expect(seen[0]).not.toBe(seen[1]);
      expectSame(h.lease.keptSignals(), seen);
      expect(seen.map((s) => s.aborted)).toEqual([false, false]);
      h.lease.abort();
      expect(seen.map((s) => s.aborted)).toEqual([true, true]);
      expect(h.lease.keptSignals()).toEqual([]);
    });

    it('a call answered at once leaves nothing to cancel: its signal is the spare, lent to the next call', () => {
      const h = createHarness(testScheduler(), base);
      const seen: AbortSignal[] = [];
      collect(h.ctx.call('p', (signal) => (seen.push(signal), 1)));
      collect(h.ctx.call('p', (signal) => (seen.push(signal), of(2))));
      collect(h.ctx.call('p', (signal) => (seen.push(signal), NEVER)));
      expect(seen[0]).toBe(seen[1]);
      expect(seen[1]).toBe(seen[2]);
      expectSame(h.lease.keptSignals(), [seen[2]]);
      collect(h.ctx.call('p', (signal) => (seen.push(signal), 3)));
      // The in-flight call kept the spare: the next call gets a new one, which nothing keeps.
      expect(seen[3]).not.toBe(seen[2]);
      h.lease.abort();
      expect([seen[2]!.aborted, seen[3]!.aborted]).toEqual([true, false]);
    });

    it('a call made after the entry was left gets a signal already fired', () => {
      const h = createHarness(testScheduler(), base);
      h.lease.abort();
      let seen: AbortSignal | undefined;
      collect(h.ctx.call('p', (signal) => ((seen = signal), 1)));
      expect(seen!.aborted).toBe(true);
    });

    it('answers the value; with a check, an answer it refuses is a provider failure naming the method', () => {
      const h = createHarness(testScheduler(), base);
      expect(collect(h.ctx.call('p', () => 5)).values).toEqual([5]);
      expect(
        collect(
          h.ctx.call(
            'p',
            () => 5,
            () => null,
          ),
        ).values,
      ).toEqual([5]);
      const refused = collect(
        h.ctx.call(
          'voting.x',
          () => 5,
          (a) => `bad ${a}`,
        ),
      );
      expect(refused.values).toEqual([]);
      expect(refused.error).toBeInstanceOf(ProviderFailure);
      expect(refused.error).toMatchObject({ provider: 'voting.x', message: 'voting.x failed: bad 5' });
      expect((refused.error as ProviderFailure).cause).toBeInstanceOf(TypeError);
    });

    it('a throwing provider is a provider failure naming the method', () => {
      const h = createHarness(testScheduler(), base);
      const { error } = collect(
        h.ctx.call('leader.x', () => {
          throw new Error('down');
        }),
      );
      expect(error).toMatchObject({ provider: 'leader.x', message: 'leader.x failed: down' });
    });

    it('callVoid: an Observable that completes without a value counts as done', () => {
      const h = createHarness(testScheduler(), base);
      expect(collect(h.ctx.callVoid('p', () => EMPTY))).toEqual({ values: [undefined], complete: true });
      expect(collect(h.ctx.callVoid('p', () => undefined))).toEqual({ values: [undefined], complete: true });
      let seen: AbortSignal | undefined;
      collect(h.ctx.callVoid('p', (signal) => ((seen = signal), NEVER)));
      expectSame(h.lease.keptSignals(), [seen]);
    });
  });

  describe('own', () => {
    it('a readable own message becomes its inbound record', () => {
      const h = createHarness(testScheduler(), base);
      const m = read.proposal('n1', frame(6));
      expect(collect(h.ctx.own(h.ctx.read.proposal('n1', frame(6), false)))).toEqual({
        values: [m],
        complete: true,
      });
    });

    it('an unreadable own message is reported (with the reason) and dropped', () => {
      const h = createHarness(testScheduler(), base);
      const bad = h.ctx.read.proposal('n1', { rank: -1, id: 'x' }, true);
      expect(collect(h.ctx.own(bad))).toEqual({ values: [], complete: true });
      expect(h.errors).toEqual(['own message unreadable']);
      expect(String(h.causes[0])).toContain('rank must be a non-negative safe integer');
    });

    it('is lazy: nothing is reported until subscribed', () => {
      const h = createHarness(testScheduler(), base);
      h.ctx.own(h.ctx.read.proposal('n1', { rank: -1, id: 'x' }, true));
      expect(h.errors).toEqual([]);
    });
  });

  describe('whenever', () => {
    it('evaluates at once and again after each change', () => {
      const h = createHarness(testScheduler(), base);
      let n = 0;
      const values: number[] = [];
      const sub = h.ctx.whenever(() => of(++n)).subscribe({ next: (v) => values.push(v), error: unexpected });
      h.changed();
      h.changed();
      expect(values).toEqual([1, 2, 3]);
      sub.unsubscribe();
      h.changed();
      expect(values).toEqual([1, 2, 3]);
    });

    it('never evaluates twice at once: changes during an evaluation are evaluated once after it', () => {
      const h = createHarness(testScheduler(), base);
      const running: Subject<string>[] = [];
      const values: string[] = [];
      const sub = h.ctx
        .whenever(() => {
          const s = new Subject<string>();
          running.push(s);
          return s;
        })
        .subscribe({ next: (v) => values.push(v), error: unexpected });
      h.changed();
      h.changed();
      expect(running).toHaveLength(1);
      running[0]!.next('first');
      running[0]!.complete();
      expect(running).toHaveLength(2);
      running[1]!.complete();
      expect(running).toHaveLength(2);
      expect(values).toEqual(['first']);
      sub.unsubscribe();
    });
  });

  describe('roundTimedOut', () => {
    it('without sendTimeout: nothing to tell', () => {
      const h = createHarness(testScheduler(), base);
      expect(collect(h.ctx.roundTimedOut(6))).toEqual({ values: [], complete: true });
    });

    it('with sendTimeout: tells it the rank, emits nothing', () => {
      const h = createHarness(testScheduler(), { ...base, answers: { sendTimeout: () => NEVER } });
      expect(collect(h.ctx.roundTimedOut(6))).toEqual({ values: [], complete: false });
      expect(h.calls.map((c) => [c.method, c.args])).toEqual([['sendTimeout', [6]]]);
      expectSame(h.lease.keptSignals(), [h.calls[0]!.signal]);
    });

    it('a failing sendTimeout is a provider failure', () => {
      const h = createHarness(testScheduler(), {
        ...base,
        answers: {
          sendTimeout: () => {
            throw new Error('x');
          },
        },
      });
      expect(collect(h.ctx.roundTimedOut(6)).error).toMatchObject({ provider: 'voting.sendTimeout' });
    });
  });

  describe('minimumProvers', () => {
    const withMinimum = (minimumProvers: () => unknown) => {
      const h = createHarness(testScheduler(), base);
      (h.ctx as unknown as { deps: { minimumProvers: () => unknown } }).deps.minimumProvers = minimumProvers;
      return h.ctx;
    };

    it('answers the number', () => {
      expect(withMinimum(() => 3).minimumProvers()).toBe(3);
      expect(withMinimum(() => 0).minimumProvers()).toBe(0);
    });

    it.each([
      [
        'throws',
        () => {
          throw new Error('no idea');
        },
        'minimumProvers failed: no idea',
      ],
      ['answers a string', () => '3', 'minimumProvers failed: returned 3'],
      ['answers NaN', () => NaN, 'minimumProvers failed: returned NaN'],
      ['answers Infinity', () => Infinity, 'minimumProvers failed: returned Infinity'],
    ])('a minimumProvers that %s is a provider failure', (_name, fn, message) => {
      const ctx = withMinimum(fn);
      expect(() => ctx.minimumProvers()).toThrow(ProviderFailure);
      expect(() => ctx.minimumProvers()).toThrow(message);
    });
  });

  describe('rankOfState', () => {
    it('reads the rank through the domain', () => {
      const h = createHarness(testScheduler(), base);
      expect(h.ctx.rankOfState(frame(0))).toBe(0);
      expect(h.ctx.rankOfState(frame(12))).toBe(12);
    });

    it.each([
      ['negative', { rank: -1, id: 'x' }, 'rank() returned -1'],
      ['fractional', { rank: 1.5, id: 'x' }, 'rank() returned 1.5'],
      ['missing', { id: 'x' }, 'rank() returned undefined'],
      ['unsafe', { rank: 2 ** 53, id: 'x' }, 'rank() returned 9007199254740992'],
    ])('a %s rank is a provider failure of domain.state.rank', (_name, state, message) => {
      const h = createHarness(testScheduler(), base);
      expect(() => h.ctx.rankOfState(state as never)).toThrow(ProviderFailure);
      expect(() => h.ctx.rankOfState(state as never)).toThrow(`domain.state.rank failed: ${message}`);
    });

    it('a throwing accessor is a provider failure of domain.state.rank', () => {
      const h = createHarness(testScheduler(), base);
      expect(() => h.ctx.rankOfState(null as never)).toThrow('domain.state.rank failed');
    });
  });
});
