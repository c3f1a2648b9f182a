/**
 * The machine's runtime: its mailbox, its snapshot and the answer to each input, in one object.
 *
 * Everything that reaches the machine (messages read by the receive side, events, what state
 * effects hand back, end-of-instant settles) is `send` to it. An input sent while another is
 * being folded (from a listener, a provider, a state entered on the way) waits in the mailbox
 * and is folded after it, in arrival order, never re-entrantly. Each input is folded by the pure
 * reducer (a `scan`: the snapshot and the input give the next snapshot and the outcome); the
 * step is published before anything else runs, in this order: observers of snapshots and
 * transitions (`publish`), the state entered (`entered$`, which a `switchMap` enters), the
 * settle of the instant when round data or decisions changed, then `settled$` and `outcome$`.
 *
 * The caller of `send` gets the outcome of its own input when it was folded right away, and
 * undefined when it waits behind the input in progress (its outcome is then on `outcome$`).
 */
import { Subject, type SchedulerLike, type Subscription } from 'rxjs';
import type { Input } from '../engine/inputs';
import type { Outcome } from '../engine/outcome';
import { faulted, type Reducer, type Step } from '../engine/reducer';
import type { MachineSnapshot } from '../engine/snapshot';
import { describeError } from '../guard/describe';
import { SETTLE } from '../engine/inputs';

export interface RuntimeDeps<S, V, P, C> {
  readonly reduce: Reducer<S, V, P, C>;
  readonly scheduler: SchedulerLike;
  /** Where the settle of an instant is scheduled (see `end-of-instant.ts`). */
  readonly settleScheduler: SchedulerLike;
  /** Tell observers what a step did, before the state it entered starts its work. */
  readonly publish: (step: Step<S, V, P, C>) => void;
}

/** Outcomes that changed round data or decisions: the state's conditions are evaluated again. */
const CHANGED_DATA: ReadonlySet<Outcome['type']> = new Set(['internal', 'stored', 'updated']);

export class Runtime<S, V, P, C> {
  /** Steps that entered a state (a transition, or a fault that stopped the machine). */
  readonly entered$ = new Subject<Step<S, V, P, C>>();
  /** Each settle folded: the end of an instant in which something changed. */
  readonly settled$ = new Subject<void>();
  readonly outcome$ = new Subject<Outcome>();

  private readonly mailbox: (Input<S, V, P, C> | undefined)[] = [];
  private head = 0;
  private folding = false;
  private closed = false;
  private settle: Subscription | null = null;

  constructor(
    private readonly deps: RuntimeDeps<S, V, P, C>,
    private snapshot: MachineSnapshot<S, V, P, C>,
  ) {}

  /** The machine's state now: the last snapshot folded. */
  current(): MachineSnapshot<S, V, P, C> {
    return this.snapshot;
  }

  /** Fold `input` now, or queue it behind the input in progress (then the answer is undefined). */
  send(input: Input<S, V, P, C>): Outcome | undefined {
    if (this.closed) return undefined;
    if (this.folding) {
      this.mailbox.push(input);
      return undefined;
    }
    this.folding = true;
    try {
      const outcome = this.fold(input);
      while (this.head < this.mailbox.length && !this.closed) {
        const next = this.mailbox[this.head] as Input<S, V, P, C>;
        this.mailbox[this.head++] = undefined;
        this.fold(next);
      }
      return outcome;
    } finally {
      this.mailbox.length = 0;
      this.head = 0;
      this.folding = false;
    }
  }

  /** No more input: the machine ends in `final`, the pending settle is cancelled, the streams complete. */
  close(final: MachineSnapshot<S, V, P, C>): void {
    if (this.closed) return;
    this.closed = true;
    this.snapshot = final;
    this.settle?.unsubscribe();
    this.settle = null;
    this.entered$.complete();
    this.settled$.complete();
    this.outcome$.complete();
  }

  private fold(input: Input<S, V, P, C>): Outcome {
    let step: Step<S, V, P, C>;
    try {
      step = this.deps.reduce(this.snapshot, input, this.deps.scheduler.now());
    } catch (err) {
      step = faulted(this.snapshot, `reducer: ${describeError(err)}`, input);
    }
    this.snapshot = step.snapshot;
    this.deps.publish(step);
    const { outcome } = step;
    if (outcome.type === 'transition' || outcome.type === 'fault') this.entered$.next(step);
    else if (CHANGED_DATA.has(outcome.type)) this.settleAtEndOfInstant();
    else if (outcome.type === 'settled' && this.settled$.observed) this.settled$.next();
    // A Subject's `next` costs a closure even with nobody listening: this runs for every input.
    if (this.outcome$.observed) this.outcome$.next(outcome);
    return outcome;
  }

  /** Once per instant with new data: a settle lets the state's conditions be evaluated again. */
  private settleAtEndOfInstant(): void {
    if (this.settle !== null) return;
    let ran = false;
    const settle = this.deps.settleScheduler.schedule(() => {
      ran = true;
      this.settle = null;
      this.send(SETTLE);
    }, 0);
    // A scheduler that ran the work at once (a queue scheduler outside its queue) left nothing pending.
    if (!ran) this.settle = settle;
  }
}
