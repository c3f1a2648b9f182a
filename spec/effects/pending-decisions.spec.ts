/**
 * Vote decisions in flight, one per rank: asked once, shared by every later entry that waits for
 * the same rank, forgotten when they fail (so they may be asked again), cancelled only when their
 * rank is over or the machine stops.
 */
import { EMPTY, NEVER, Observable, Subject, type Subscriber } from 'rxjs';
import { PendingDecisions } from '../../src/effects/pending-decisions';
import { leasedCall } from '../../src/operators/abort-lease';
import type { CastVote } from '../../src/engine/types';
import { unexpected } from './harness';

type Cast = CastVote<string, string>;
const cast = (rank: number): Cast => ({ rank, proposer: 'p', vote: `v${rank}` });

describe('PendingDecisions', () => {
  it('asks once per rank; a later caller gets the same answer, also after it arrived', () => {
    const decisions = new PendingDecisions<string, string>();
    const answer = new Subject<Cast>();
    let asked = 0;
    const decide = () => {
      asked++;
      return answer;
    };
    const seen: string[] = [];
    decisions.at(6, decide).subscribe({ next: (c) => seen.push(`first ${c.vote}`), error: unexpected });
    decisions.at(6, decide).subscribe({ next: (c) => seen.push(`second ${c.vote}`), error: unexpected });
    answer.next(cast(6));
    decisions.at(6, decide).subscribe({ next: (c) => seen.push(`late ${c.vote}`), error: unexpected });
    expect(asked).toBe(1);
    expect(seen).toEqual(['first v6', 'second v6', 'late v6']);
    expect(decisions.has(6)).toBe(true);
  });

  it('keeps ranks apart', () => {
    const decisions = new PendingDecisions<string, string>();
    const ranks: number[] = [];
    for (const rank of [6, 7, 6]) {
      decisions.at(rank, () => {
        ranks.push(rank);
        return NEVER;
      });
    }
    expect(ranks).toEqual([6, 7]);
    expect([decisions.has(5), decisions.has(6), decisions.has(7)]).toEqual([false, true, true]);
  });

  it('a decision that completes stays known; its answer is still replayed', () => {
    const decisions = new PendingDecisions<string, string>();
    const answer = new Subject<Cast>();
    decisions.at(6, () => answer).subscribe({ error: unexpected });
    answer.next(cast(6));
    answer.complete();
    expect(decisions.has(6)).toBe(true);
    const seen: Cast[] = [];
    let completed = false;
    decisions
      .at(6, () => NEVER)
      .subscribe({ next: (c) => seen.push(c), error: unexpected, complete: () => (completed = true) });
    expect(seen).toEqual([cast(6)]);
    expect(completed).toBe(true);
  });

  it('a decision that ends without an answer is forgotten: it may be asked again', () => {
    const decisions = new PendingDecisions<string, string>();
    let completed = false;
    decisions.at(6, () => EMPTY).subscribe({ error: unexpected, complete: () => (completed = true) });
    expect(completed).toBe(true);
    expect(decisions.has(6)).toBe(false);
  });

  it('pruning aborts with the reason that the rank is over', () => {
    const decisions = new PendingDecisions<string, string>();
    let signal: AbortSignal | undefined;
    decisions.at(6, (lease) => leasedCall(lease, 'p', (s) => ((signal = s), NEVER)));
    decisions.pruneThrough(6);
    expect(signal!.reason).toEqual(new Error('rank over'));
  });

  it('a failed decision is forgotten (it may be asked again) and its waiters get the error', () => {
    const decisions = new PendingDecisions<string, string>();
    const answer = new Subject<Cast>();
    const errors: unknown[] = [];
    decisions.at(6, () => answer).subscribe({ error: (e: unknown) => errors.push(e) });
    answer.error(new Error('busy'));
    expect(errors).toEqual([new Error('busy')]);
    expect(decisions.has(6)).toBe(false);
    let askedAgain = false;
    decisions.at(6, () => {
      askedAgain = true;
      return NEVER;
    });
    expect(askedAgain).toBe(true);
  });

  it.each([
    ['fails', (subscriber: Subscriber<Cast>) => subscriber.error(new Error('stopped'))],
    ['ends without an answer', (subscriber: Subscriber<Cast>) => subscriber.complete()],
  ])(
    'a decision that %s after its rank was cancelled and asked again leaves the newer decision',
    (_name, end) => {
      const decisions = new PendingDecisions<string, string>();
      const newer = new Subject<Cast>();
      // The machine stops and votes at the same rank again while the first decision still runs.
      const first = new Observable<Cast>((subscriber) => {
        decisions.close();
        decisions.at(6, () => newer).subscribe({ error: unexpected });
        end(subscriber);
      });
      decisions.at(6, () => first).subscribe({ error: () => undefined });
      expect(decisions.has(6)).toBe(true);
      const seen: Cast[] = [];
      let askedAgain = false;
      decisions
        .at(6, () => {
          askedAgain = true;
          return NEVER;
        })
        .subscribe({ next: (c) => seen.push(c), error: unexpected });
      newer.next(cast(6));
      expect(askedAgain).toBe(false);
      expect(seen).toEqual([cast(6)]);
    },
  );

  it('pruneThrough cancels the decisions at or below the rank: unsubscribed and aborted', () => {
    const decisions = new PendingDecisions<string, string>();
    const signals = new Map<number, AbortSignal>();
    const subscribed = new Map<number, boolean>();
    for (const rank of [4, 5, 6]) {
      decisions.at(rank, (lease) =>
        leasedCall(lease, 'p', (signal) => {
          signals.set(rank, signal);
          return new Observable<Cast>(() => {
            subscribed.set(rank, true);
            return () => subscribed.set(rank, false);
          });
        }),
      );
    }
    decisions.pruneThrough(5);
    expect([4, 5, 6].map((r) => signals.get(r)!.aborted)).toEqual([true, true, false]);
    expect([4, 5, 6].map((r) => subscribed.get(r))).toEqual([false, false, true]);
    expect([4, 5, 6].map((r) => decisions.has(r))).toEqual([false, false, true]);
    decisions.close();
    expect(signals.get(6)!.aborted).toBe(true);
    expect(subscribed.get(6)).toBe(false);
    expect(decisions.has(6)).toBe(false);
  });
});
