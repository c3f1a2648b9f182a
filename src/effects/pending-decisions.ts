/**
 * Vote decisions in flight, one per rank. A decision outlives the voting state entry that asked
 * for it: leaving voting (its timeout re-entering it, say) does not cancel it, and re-entering
 * waits for the same answer instead of asking the provider a second time at that rank. The
 * decision's calls lend their signals from its own lease, which fires (for a call still in
 * flight) only when its rank is over (`pruneThrough`). Whatever it answers is
 * recorded in the vote store as soon as it answers, whichever state the machine is in.
 */
import { ReplaySubject, Subscription, type Observable } from 'rxjs';
import type { CastVote } from '../engine/types';
import { AbortLease, SignalPool } from '../operators/abort-lease';

interface Pending<V, P> {
  readonly answer$: ReplaySubject<CastVote<V, P>>;
  readonly lease: AbortLease;
  readonly running: Subscription;
}

/** The abort reason of a decision whose rank is over (one instance: no DOMException per abort). */
const RANK_OVER = new Error('rank over');

export class PendingDecisions<V, P> {
  private readonly byRank = new Map<number, Pending<V, P>>();

  constructor(private readonly signals: SignalPool = new SignalPool()) {}

  /** The decision at `rank`: the one in flight, or a new one started with `decide`. */
  at(rank: number, decide: (lease: AbortLease) => Observable<CastVote<V, P>>): Observable<CastVote<V, P>> {
    const known = this.byRank.get(rank);
    if (known !== undefined) return known.answer$;
    const lease = new AbortLease(this.signals);
    const answer$ = new ReplaySubject<CastVote<V, P>>(1);
    const running = new Subscription();
    const pending: Pending<V, P> = { answer$, lease, running };
    this.byRank.set(rank, pending);
    let decided = false;
    running.add(
      decide(lease).subscribe({
        next: (cast) => {
          decided = true;
          answer$.next(cast);
        },
        // A failed decision may be asked again on a later entry: nothing was decided.
        error: (err: unknown) => {
          if (this.byRank.get(rank) === pending) this.byRank.delete(rank);
          answer$.error(err);
        },
        // Done without a vote: nothing to vote for yet, so it is asked again later.
        complete: () => {
          if (!decided && this.byRank.get(rank) === pending) this.byRank.delete(rank);
          answer$.complete();
        },
      }),
    );
    return answer$;
  }

  /** Whether a decision at `rank` was asked and has neither failed nor answered "not yet". */
  has(rank: number): boolean {
    return this.byRank.has(rank);
  }

  /** The ranks at or below `rank` are over: cancel their decisions. */
  pruneThrough(rank: number): void {
    for (const [r, pending] of this.byRank) {
      if (r > rank) continue;
      this.byRank.delete(r);
      pending.running.unsubscribe();
      pending.lease.abort(RANK_OVER);
    }
  }

  close(): void {
    this.pruneThrough(Number.MAX_SAFE_INTEGER);
  }
}
