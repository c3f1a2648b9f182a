/**
 * The abort lease of a state entry: calls that answer at once share the machine's spare signal,
 * which never fires; a call still in flight keeps its own, aborted (with the reason given, "state
 * left" by default) when the state is left, or at once if the state was left while it was made.
 */
import { NEVER, of, Subject } from 'rxjs';
import { AbortLease, leasedCall, SignalPool } from '../../src/operators/abort-lease';

const NEVER_SETTLES = new Promise<number>(() => undefined);

/** Make one provider call through `lease`; the signal it was given. */
function call(lease: AbortLease, answer: (signal: AbortSignal) => unknown): AbortSignal {
  let given: AbortSignal | undefined;
  leasedCall(lease, 'p', (signal) => {
    given = signal;
    return answer(signal) as number;
  }).subscribe({ error: () => undefined });
  return given!;
}

describe('AbortLease', () => {
  it('lends the same spare signal to calls that answer at once, and never aborts it', () => {
    const pool = new SignalPool();
    const first = new AbortLease(pool);
    const a = call(first, () => 1);
    const b = call(first, () => of(2));
    first.abort();
    const c = call(new AbortLease(pool), () => 3);
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(a.aborted).toBe(false);
    expect(first.keptSignals()).toEqual([]);
  });

  it('keeps the signal of each call in flight, gives the next call a new one, and aborts them when the state is left', () => {
    const pool = new SignalPool();
    const lease = new AbortLease(pool);
    const promised = call(lease, () => NEVER_SETTLES);
    const observed = call(lease, () => NEVER);
    const instant = call(lease, () => 1);
    expect(observed).not.toBe(promised);
    expect(instant).not.toBe(observed);
    expect(lease.keptSignals()).toEqual([promised, observed]);
    expect([promised.aborted, observed.aborted]).toEqual([false, false]);

    lease.abort();
    expect([promised.aborted, observed.aborted, instant.aborted]).toEqual([true, true, false]);
    expect((promised.reason as Error).message).toBe('state left');
    expect(observed.reason).toBe(promised.reason);
    expect(lease.keptSignals()).toEqual([]);
    // The spare, never aborted, goes on to the next entry.
    expect(call(new AbortLease(pool), () => 1)).toBe(instant);
  });

  it('aborts with the reason given, once: a second abort changes nothing', () => {
    const lease = new AbortLease();
    const kept = call(lease, () => NEVER_SETTLES);
    const closed = new Error('machine closed');
    lease.abort(closed);
    lease.abort(new Error('later'));
    expect(kept.reason).toBe(closed);
    const after = call(lease, () => NEVER_SETTLES);
    expect([after.aborted, after.reason]).toEqual([true, closed]);
  });

  it('gives a call made after the state was left a signal already aborted, and keeps nothing', () => {
    const lease = new AbortLease();
    lease.abort();
    const late = call(lease, () => NEVER_SETTLES);
    expect(late.aborted).toBe(true);
    expect((late.reason as Error).message).toBe('state left');
    expect(lease.keptSignals()).toEqual([]);
  });

  it('aborts a call whose state was left while it was being made, as soon as it is in flight', () => {
    const pool = new SignalPool();
    const lease = new AbortLease(pool);
    const left = new Subject<void>();
    left.subscribe(() => lease.abort());
    // The provider's call leaves the state (a listener closes the machine), then returns a Promise.
    const signal = call(lease, () => {
      left.next();
      return NEVER_SETTLES;
    });
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe('state left');
    // Aborted, it is no one's spare.
    expect(call(new AbortLease(pool), () => 1)).not.toBe(signal);
  });
});
