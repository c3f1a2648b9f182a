/**
 * A hand-built effect context for driving one state's effect alone: fake providers that record
 * each call with its arguments and answer what the test says, a snapshot the test sets (the
 * entry's, and the live one conditions read), a `changes$` the test fires, and the real
 * `createEffectContext` over them. Time is the TestScheduler's.
 */
import { Subject, type Observable, type SchedulerLike } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { createEffectContext, type EffectContext } from '../../src/effects/context';
import { PendingDecisions } from '../../src/effects/pending-decisions';
import type { Inbound, Input } from '../../src/engine/inputs';
import { createInboundReader } from '../../src/engine/read-inbound';
import { initialSnapshot, type MachineSnapshot } from '../../src/engine/snapshot';
import type { CastVote, Providers, Result, Tracer, VoteStore } from '../../src/engine/types';
import { createMemoryVoteStore } from '../../src/engine/vote-store';
import type { MachineEvent, MachineState } from '../../src/machine/states';
import { AbortLease } from '../../src/operators/abort-lease';
import { ProviderFailure } from '../../src/operators/from-result';
import { withCollection } from '../../src/store/round-book';
import { domain, type Ballot, type Frame, type Mutations, type Peer } from '../support/fixture';

export { ballot, frame, type Ballot, type Frame, type Mutations, type Peer } from '../support/fixture';

export type Snap = MachineSnapshot<Frame, Ballot, Peer, Mutations>;
export type In = Input<Frame, Ballot, Peer, Mutations>;
export type Ctx = EffectContext<Frame, Ballot, Peer, Mutations>;

export const SELF = 'n1';
/** The entry epoch every harness uses: the snapshot's transition count. */
export const EPOCH = 12;

type AnyProvider = (...args: never[]) => Result<unknown>;
export type Answers = Partial<{
  synchronize: (existing: Frame | null) => Result<Frame>;
  sendProposal: (proposal: Frame) => Result<void>;
  decideAndSendVote: (proposals: ReadonlyMap<string, Frame>) => Result<{ proposer: Peer; vote: Ballot }>;
  decideVote: (proposals: ReadonlyMap<string, Frame>) => Result<{ proposer: Peer; vote: Ballot }>;
  sendVote: (vote: Ballot) => Result<Peer>;
  sendTimeout: (rank: number) => Result<void>;
  isQuorum: (votes: ReadonlyMap<string, Ballot>) => Result<boolean>;
  finalizeVotes: (
    proposals: ReadonlyMap<string, Frame>,
    votes: ReadonlyMap<string, Ballot>,
  ) => Result<{ state: Frame; proposer: Peer }>;
  sendConfirmation: (finalized: Frame) => Result<void>;
  getNextLeaders: (prior: Frame | null) => Result<readonly Peer[]>;
  proveNextState: (prior: Frame | null, collected: Mutations) => Result<Frame>;
  collect: () => Result<Mutations>;
  sendLiveness: (prior: Frame | null, collected: Mutations) => Result<void>;
}>;

export interface Call {
  readonly method: string;
  readonly args: readonly unknown[];
  readonly at: number;
  readonly signal: AbortSignal;
}

export interface HarnessOptions {
  readonly state: MachineState;
  readonly event: MachineEvent;
  readonly entry?: Partial<Snap>;
  /** Round data stored in the entry snapshot (and so in the live one, until the test replaces it). */
  readonly stored?: readonly Inbound<Frame, Ballot, Peer, Mutations>[];
  readonly answers?: Answers;
  readonly minimumProvers?: number;
  readonly emitReceiveEventsOnSends?: boolean;
  /** The wait the entry's provider failures call for (one failure in a row, so the initial wait). */
  readonly failureBackoff?: number;
  readonly syncRetryDelay?: number;
  readonly rankWindow?: number;
  readonly voteStore?: VoteStore<Ballot, Peer>;
  readonly decisions?: PendingDecisions<Ballot, Peer>;
}

export interface Harness {
  readonly ctx: Ctx;
  readonly calls: Call[];
  callsTo(method: string): Call[];
  readonly errors: string[];
  /** What was reported with each error. */
  readonly causes: unknown[];
  readonly traces: string[];
  readonly voteStore: VoteStore<Ballot, Peer>;
  readonly decisions: PendingDecisions<Ballot, Peer>;
  readonly lease: AbortLease;
  /** Replace the live snapshot (what `ctx.current()` answers). */
  setCurrent(s: Snap): void;
  current(): Snap;
  /** Round data changed in this instant: conditions are re-evaluated. */
  changed(): void;
}

/** A snapshot in `state` with active state f5 at rank 5 (the round in progress is rank 6). */
export function entrySnapshot(state: MachineState, fields: Partial<Snap> = {}): Snap {
  return {
    ...initialSnapshot<Frame, Ballot, Peer, Mutations>({ rank: 5, id: 'f5' }, 5, 0),
    state,
    transitionCount: EPOCH,
    ...fields,
  };
}

const reader = createInboundReader(domain);

/** `s` with inbound items stored at their ranks (as the reducer would, without its checks). */
export function withStored(s: Snap, ...items: Inbound<Frame, Ballot, Peer, Mutations>[]): Snap {
  let rounds = s.rounds;
  for (const m of items) {
    const round = rounds.roundAt(m.rank);
    const field = (
      { proposal: 'proposals', vote: 'votes', liveness: 'liveness', confirmation: 'confirmations' } as const
    )[m.kind];
    const collection = round[field] as unknown as {
      with(k: string, v: unknown, t: unknown): unknown;
    };
    rounds = rounds.with(withCollection(round, field, collection.with(m.key, m.item, m) as never));
  }
  return { ...s, rounds };
}

/** Inbound records read the way the machine reads its own and received messages. */
export const read = {
  proposal: (peer: Peer, f: Frame) => right(reader.proposal(peer, f, false)),
  vote: (proposer: Peer, voter: Peer, b: Ballot) => right(reader.vote(proposer, voter, b, false)),
  liveness: (peer: Peer, m: Mutations) => right(reader.liveness(peer, m, false)),
};

function right<T>(e: { _tag: 'Left' | 'Right' } & ({ right: T } | { left: unknown })): T {
  if (e._tag !== 'Right' || !('right' in e)) throw new Error('fixture message unreadable');
  return e.right;
}

export function createHarness(scheduler: SchedulerLike, opts: HarnessOptions): Harness {
  const calls: Call[] = [];
  const errors: string[] = [];
  const causes: unknown[] = [];
  const traces: string[] = [];
  const lease = new AbortLease();
  const answers: Answers = opts.answers ?? {};
  const missing = (method: string) => () => {
    throw new Error(`unexpected call to ${method}`);
  };
  const recorded =
    (method: keyof Answers) =>
    (...args: unknown[]): Result<unknown> => {
      const signal = args.pop() as AbortSignal;
      calls.push({ method, args, at: scheduler.now(), signal });
      const answer = (answers[method] as AnyProvider | undefined) ?? missing(method);
      return (answer as (...a: unknown[]) => Result<unknown>)(...args);
    };
  const providers = {
    sync: { synchronize: recorded('synchronize') },
    voting: {
      sendProposal: recorded('sendProposal'),
      decideAndSendVote: recorded('decideAndSendVote'),
      sendVote: recorded('sendVote'),
      isQuorum: recorded('isQuorum'),
      finalizeVotes: recorded('finalizeVotes'),
      sendConfirmation: recorded('sendConfirmation'),
      ...(answers.decideVote ? { decideVote: recorded('decideVote') } : {}),
      ...(answers.sendTimeout ? { sendTimeout: recorded('sendTimeout') } : {}),
    },
    leader: { getNextLeaders: recorded('getNextLeaders'), proveNextState: recorded('proveNextState') },
    liveness: { collect: recorded('collect'), sendLiveness: recorded('sendLiveness') },
  } as unknown as Providers<Frame, Ballot, Peer, Mutations>;
  const tracer: Tracer = {
    trace: (message) => traces.push(message),
    error: (message, err) => {
      errors.push(message);
      causes.push(err);
    },
  };
  const entry = withStored(
    entrySnapshot(opts.state, {
      ...(opts.failureBackoff === undefined ? {} : { providerFailures: 1 }),
      ...opts.entry,
    }),
    ...(opts.stored ?? []),
  );
  let current = entry;
  const changes$ = new Subject<void>();
  const voteStore = opts.voteStore ?? createMemoryVoteStore<Ballot, Peer>();
  const decisions = opts.decisions ?? new PendingDecisions<Ballot, Peer>();
  const ctx = createEffectContext<Frame, Ballot, Peer, Mutations>(
    {
      self: SELF,
      selfId: SELF,
      domain,
      providers,
      voteStore,
      emitReceiveEventsOnSends: opts.emitReceiveEventsOnSends ?? false,
      syncRetryDelay: opts.syncRetryDelay ?? 500,
      rankWindow: opts.rankWindow ?? 16,
      scheduler,
      tracer,
      read: reader,
      decisions,
      failureBackoff: { initial: opts.failureBackoff ?? 0, max: opts.failureBackoff ?? 0 },
      minimumProvers: () => opts.minimumProvers ?? 1,
      current: () => current,
      changes$,
    },
    entry,
    opts.event,
    lease,
  );
  return {
    ctx,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    errors,
    causes,
    traces,
    voteStore,
    decisions,
    lease,
    setCurrent: (s) => {
      current = s;
    },
    current: () => current,
    changed: () => changes$.next(),
  };
}

/** A TestScheduler whose assertions compare with Jest's `toEqual`. */
export const testScheduler = (): TestScheduler =>
  new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

/** Inputs an entry at `EPOCH` emits. */
export const event = (e: MachineEvent): In => ({ type: 'event', event: e, epoch: EPOCH });
export const update = (u: Extract<In, { type: 'update' }>['update']): In => ({
  type: 'update',
  epoch: EPOCH,
  update: u,
});

/** What a stream emitted, how it ended (if it did). */
export interface Emitted<T> {
  readonly values: T[];
  error?: unknown;
  complete: boolean;
}

/** Everything `effect$` emits, synchronously (for effects whose providers answer at once). */
export function collect<T = In>(effect$: Observable<T>): Emitted<T> {
  const values: T[] = [];
  const out: Emitted<T> = { values, complete: false };
  effect$
    .subscribe({
      next: (v) => values.push(v),
      error: (err: unknown) => (out.error = err),
      complete: () => (out.complete = true),
    })
    .unsubscribe();
  return out;
}

export type { CastVote };

/**
 * Everything `effect$` emits until it ends or Promises settle (a few microtask turns), then
 * unsubscribes: for providers answering with Promises.
 */
export async function drain(
  effect$: Observable<In>,
): Promise<{ values: In[]; error?: unknown; complete: boolean }> {
  const values: In[] = [];
  const out: { values: In[]; error?: unknown; complete: boolean } = { values, complete: false };
  const subscription = effect$.subscribe({
    next: (v) => values.push(v),
    error: (err: unknown) => (out.error = err),
    complete: () => (out.complete = true),
  });
  for (let i = 0; i < 5; i++) await Promise.resolve();
  subscription.unsubscribe();
  return out;
}

/** The provider failure `effect$` ends with (fails the test if it ends otherwise). */
export async function failureOf(effect$: Observable<In>): Promise<ProviderFailure> {
  const { error } = await drain(effect$);
  if (!(error instanceof ProviderFailure))
    throw new Error(`expected a ProviderFailure, got ${String(error)}`);
  return error;
}

const unexpectedErrors: unknown[] = [];
/**
 * The `error` observer for a stream that must not fail: the error is kept and fails the test
 * afterwards (throwing from an observer would only become an unhandled error).
 */
export const unexpected = (err: unknown): void => void unexpectedErrors.push(err);
afterEach(() => expect(unexpectedErrors.splice(0)).toEqual([]));
