/**
 * The public shapes of the engine: the domain accessors, the four providers, the options of
 * `createStateMachine`. Names here are stable; add members, never rename.
 */
import type { SchedulerLike } from 'rxjs';
import type * as t from 'io-ts';
import type { MachineState } from '../machine/states';

/** What a provider may return: a value, a Promise, or an Observable whose first value counts. */
export type { Result } from '../operators/from-result';
import type { Result } from '../operators/from-result';

export interface RankedAccessor<T> {
  identity(value: T): string;
  rank(value: T): number;
  /** Validates inbound data; decoding failures are rejected with the offending field named. */
  codec?: t.Type<T, unknown>;
}

export interface PeerAccessor<P> {
  identity(peer: P): string;
  codec?: t.Type<P, unknown>;
  /**
   * Whether `peer` may send to this machine (e.g. is a validator). When given, proposals, votes
   * (voter and proposer), liveness checks and confirmations naming anyone else are refused as
   * `unknown_peer` before their item is read, so what the machine stores is bounded by the
   * members, the rank window and the four kinds of message.
   */
  isMember?(peer: P): boolean;
}

/** How the machine reads identity and rank of the user's plain data. */
export interface Domain<S, V, P, C> {
  readonly state: RankedAccessor<S>;
  readonly vote: RankedAccessor<V>;
  readonly peer: PeerAccessor<P>;
  readonly collected: RankedAccessor<C>;
}

export interface SyncProvider<S> {
  synchronize(existing: S | null, signal: AbortSignal): Result<S>;
}

export interface VotingProvider<S, V, P> {
  sendProposal(proposal: S, signal: AbortSignal): Result<void>;
  decideAndSendVote(proposals: ReadonlyMap<string, S>, signal: AbortSignal): Result<{ proposer: P; vote: V }>;
  /** Re-publishes a vote already cast at its rank; returns the proposer it was for. */
  sendVote(vote: V, signal: AbortSignal): Result<P>;
  isQuorum(votes: ReadonlyMap<string, V>, signal: AbortSignal): Result<boolean>;
  finalizeVotes(
    proposals: ReadonlyMap<string, S>,
    votes: ReadonlyMap<string, V>,
    signal: AbortSignal,
  ): Result<{ state: S; proposer: P }>;
  sendConfirmation(finalized: S, signal: AbortSignal): Result<void>;
  /**
   * Decide and sign this node's vote without sending it. When present it is used instead of
   * `decideAndSendVote`: the machine records the vote in its `VoteStore` first and only then
   * sends it with `sendVote`, so a crash can never leave a vote on the wire that the store lacks.
   * A decision still pending when the voting state is left keeps running (its signal fires only
   * when the rank is over) and is never asked again at that rank. Answer `null` when there is
   * nothing to vote for yet: the machine asks again, with the proposals then stored, each time
   * proposals or votes change during the round.
   */
  decideVote?(
    proposals: ReadonlyMap<string, S>,
    signal: AbortSignal,
  ): Result<{ proposer: P; vote: V } | null>;
  /**
   * The round at `rank` ran out of time (the voting or liveness timeout fired): for a protocol
   * with timeout certificates, sign and broadcast (or re-broadcast) a timeout for `rank`.
   */
  sendTimeout?(rank: number, signal: AbortSignal): Result<void>;
}

export interface LeaderProvider<S, P, C> {
  getNextLeaders(prior: S | null, signal: AbortSignal): Result<readonly P[]>;
  proveNextState(prior: S | null, collected: C, signal: AbortSignal): Result<S>;
}

export interface LivenessProvider<S, C> {
  collect(signal: AbortSignal): Result<C>;
  sendLiveness(prior: S | null, collected: C, signal: AbortSignal): Result<void>;
}

export interface Providers<S, V, P, C> {
  readonly sync: SyncProvider<S>;
  readonly voting: VotingProvider<S, V, P>;
  readonly leader: LeaderProvider<S, P, C>;
  readonly liveness: LivenessProvider<S, C>;
}

export interface Tracer {
  trace(message: string): void;
  error(message: string, err: unknown): void;
}

/** A vote this node has cast, as remembered by a `VoteStore`. */
export interface CastVote<V, P> {
  readonly rank: number;
  readonly proposer: P;
  readonly vote: V;
}

/**
 * The record of votes cast. The machine consults it before deciding a vote, so a node
 * never casts two different votes at one rank, across `induce_sync`, re-entry or a restart with a
 * durable store. Calls are synchronous so the check-then-record step cannot interleave.
 */
export interface VoteStore<V, P> {
  votedAt(rank: number): CastVote<V, P> | undefined;
  /**
   * Remember a vote cast. With a `decideVote` provider this runs before the vote is sent, and the
   * send waits for it: a durable store syncs before returning (and throws if it cannot, in which
   * case nothing is sent).
   */
  record(cast: CastVote<V, P>): void;
  /** Forget votes at or below `rank` (they can never be cast again). Optional. */
  pruneThrough?(rank: number): void;
}

export interface StateMachineOptions<S, V, P, C> {
  /** This node. */
  readonly id: P;
  /**
   * The consensus data to start from (your genesis, or the last state finalized before a
   * restart): it becomes the snapshot's `activeState`, and the first rank worked on is its rank + 1.
   * `null` when there is none yet: `sync.synchronize(null)` then provides it. Not to be confused
   * with the machine's own state (`snapshot.state`: `loading`, `collecting`, `voting`…).
   */
  readonly initialState: S | null;
  /**
   * Record this node's own liveness check and vote as if they had arrived from the network, so
   * they count toward `minimumProvers` and the quorum without the transport echoing them back. Set it
   * unless your transport delivers a node's broadcasts to itself.
   */
  readonly emitReceiveEventsOnSends: boolean;
  /**
   * How many peers must be known ready for the next rank before the round moves on: liveness
   * checks stored in `liveness_check` (and next provers from `getNextLeaders`, asked again while
   * fewer are known), then proposals stored in `voting` before `decideAndSendVote` is asked. With one
   * leader per rank (the reference protocol) it is 1; when several provers each propose, the number
   * of proposals to wait for. A function is asked each time it is needed.
   */
  readonly minimumProvers: number | (() => number);
  /**
   * How the machine reads your data: the identity and rank of states, votes and collected
   * batches, the identity of peers, and optional io-ts codecs that validate what the network sends.
   */
  readonly domain: Domain<S, V, P, C>;
  /** Your protocol and your network: `sync`, `voting`, `leader` and `liveness` (see `Providers`). */
  readonly providers: Providers<S, V, P, C>;
  /** Gets trace lines and the failures of providers and listeners (default: none; see `logger`). */
  readonly tracer?: Tracer;
  /**
   * Structured logs instead of a tracer: traces at `debug`, failures at `error`, each entry with
   * the node id, the rank in progress and the state (`consoleLogger`, `pinoLogger` in
   * `rx-consensus/observe`). Ignored when `tracer` is given.
   */
  readonly logger?: Logger;
  /** Per-state timeout overrides in milliseconds. */
  readonly timeouts?: Partial<Record<MachineState, number>>;
  /**
   * Time source of every timer (default `asyncScheduler`: real time). For virtual time pass the
   * TestScheduler or VirtualTimeScheduler itself; inside `TestScheduler.run` none is needed (run
   * mode virtualizes the default, as it does for RxJS's own operators).
   */
  readonly scheduler?: SchedulerLike;
  /** Ranks ahead of the active one accepted from the network (default 16). */
  readonly rankWindow?: number;
  /**
   * Most proposals, votes, liveness checks or confirmations stored at one rank, each kind counted
   * apart (default: no limit). With the rank window it bounds what the machine stores when the
   * domain cannot tell members (`domain.peer.isMember`); past it a new item is refused as
   * `rank_full`, while duplicates and conflicts of stored items are still recognized.
   */
  readonly maxItemsPerRank?: number;
  /** Back-off before loading retries when this node is not a next leader or sync failed (default 10 s). */
  readonly syncRetryDelay?: number;
  /**
   * After a provider failure answered by `induce_sync`, loading waits before synchronizing again:
   * `initial` ms, doubling with each failure in a row up to `max` (defaults 100 ms and
   * `syncRetryDelay`). A completed round resets it. This keeps a provider that always fails from
   * spinning the machine.
   */
  readonly failureBackoff?: { readonly initial?: number; readonly max?: number };
  /**
   * How the voting and liveness timeouts grow while ranks end by `advanceTo` without this node
   * finalizing them (default: doubling, at most 60 s); the first rank it finalizes resets them.
   */
  readonly roundBackoff?: { readonly factor?: number; readonly max?: number };
  /** Where votes cast are recorded (default: in memory). Make it durable to keep vote safety across restarts. */
  readonly voteStore?: VoteStore<V, P>;
}

/** How severe a structured log entry is. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
/** A structured log entry's fields (node id, rank, state…). */
export type LogFields = Readonly<Record<string, unknown>>;

/** Structured logs: the machine writes to one when given it instead of a tracer. */
export interface Logger {
  log(level: LogLevel, message: string, fields: LogFields): void;
}
