/**
 * The options, the status and the handle of a reference validator (`createReferenceValidator`).
 */
import * as t from 'io-ts';
import type { Observable, SchedulerLike } from 'rxjs';
import type { Tracer } from '../../engine/types';
import type { GuardedInbound } from '../../inbound/guarded-inbound';
import type { MachineState } from '../../machine/states';
import type { Signer, Verifier } from '../../wire/signature';
import type { LeaderSchedule } from '../leader-schedule';
import type { MutationPool } from '../mutation-pool';
import type { FinalizedEntry, ValidatorStore } from '../store/types';
import type { Ballot, Collected, Frame, PeerId } from '../types';
import type { ValidatorSet } from '../validator-set';
import type { ValidatorEvent } from './events';
import type { ReferenceMachine } from './machine';
import type { ReceivedSigned } from './received';
import type { InboundBytes, ValidatorTransport } from './transport';

export interface ReferenceValidatorOptions {
  /** This validator's id: its entry in `validators`. */
  readonly self: PeerId;
  /** This validator's key; its public key must be the one the validator set lists for `self`. */
  readonly signer: Signer;
  /** The validator set of the chain: ids, keys and weights (with the genesis, it makes the chain scope). */
  readonly validators: ValidatorSet;
  /** Bytes in and out: the in-memory network's endpoint, the libp2p transport, or any adapter. */
  readonly transport: ValidatorTransport;
  /** Where signed messages, the safety state and the finalized chain are kept (default: in memory). */
  readonly store?: ValidatorStore;
  /** The clock of every timer (default `asyncScheduler`). */
  readonly scheduler?: SchedulerLike;
  /**
   * The chain's first frame (default `genesisFrame()`); every validator of a chain must agree. It
   * names the chain: with the validator set it makes the chain scope every signature covers, so
   * nothing signed here counts on another chain (see `chainScope`).
   */
  readonly genesis?: Frame;
  /** Where mutations wait until a frame carries them (default: a new, empty pool). */
  readonly mutationPool?: MutationPool;
  /** Default: Ed25519. */
  readonly verifier?: Verifier;
  /** Most mutations per frame (default 1000). */
  readonly maxMutationsPerFrame?: number;
  /**
   * How long a rank may take before this validator times out (ms, default 1000), growing by
   * `factor` (default 2) per rank in a row that ended without a frame, up to `max` (default 30 s).
   */
  readonly roundTimeout?: { readonly initial?: number; readonly factor?: number; readonly max?: number };
  /** Re-send this validator's messages of the rank in progress every this many ms (default 200). */
  readonly resendEvery?: number;
  /**
   * Who a vote goes to. `'everyone'` (default): every validator, so each forms the certificate
   * itself. `'next-leader'`: only the leader of the next rank, which forms the certificate and
   * carries it in its proposal; the others take it from there (Jolteon's linear voting). That is
   * fewer than half the messages of a rank (n − 1 votes received per rank in all, not n(n − 1)),
   * for the same safety: a certificate counts only once its ballots verify. While a rank lasts, a
   * re-send still goes to everyone, so a certificate forms without a missing leader.
   */
  readonly votesTo?: VotesTo;
  /**
   * Who leads each rank. `'round-robin'` (default): member r mod n leads rank r, so a validator
   * that is down costs a round timeout at each of its turns. `'reputation'`: a member with no
   * finalized frame among recent ranks is skipped but for one plain round-robin cycle in 25,
   * where it can show it is back. Every validator of a set must use the same rule.
   */
  readonly leaders?: LeaderRule;
  /** Ask a peer for missing frames at most this often, in ms (default: `resendEvery`). */
  readonly catchUpEvery?: number;
  /**
   * Bytes of catch-up answers one peer may draw per second, twice that at once (default 4 MiB):
   * a peer asking again and again gets no more than that.
   */
  readonly catchUpBytesPerSecond?: number;
  /** Ranks ahead of the one in progress accepted from the network (default 16). */
  readonly rankWindow?: number;
  /** Largest inbound message in bytes (default 1 MiB). */
  readonly maxBytes?: number;
  /**
   * Per-state timeout overrides of the machine in ms (the round's come from `roundTimeout`;
   * `starting` is 10 ms unless given here).
   */
  readonly timeouts?: Partial<Record<MachineState, number>>;
  /** Receives trace lines and contained errors (default: none). */
  readonly tracer?: Tracer;
}

/** How leaders are chosen: see `ReferenceValidatorOptions.leaders`. */
export const LeaderRuleCodec = t.keyof({ 'round-robin': null, reputation: null });
export type LeaderRule = t.TypeOf<typeof LeaderRuleCodec>;
/** Every leader rule, for a command line's choices. */
export const LEADER_RULES = Object.keys(LeaderRuleCodec.keys) as readonly LeaderRule[];

/** Who a validator's votes go to: see `ReferenceValidatorOptions.votesTo`. */
export const VotesToCodec = t.keyof({ everyone: null, 'next-leader': null });
export type VotesTo = t.TypeOf<typeof VotesToCodec>;
/** Every value of `VotesTo`, for a command line's choices. */
export const VOTES_TO = Object.keys(VotesToCodec.keys) as readonly VotesTo[];

export interface ValidatorStatus {
  /** The rank in progress. */
  readonly rank: number;
  readonly state: MachineState;
  /** The highest final rank (0: only genesis). */
  readonly finalizedRank: number;
  /** The rank of the highest quorum certificate known. */
  readonly highQcRank: number;
}

export interface ReferenceValidator {
  readonly id: PeerId;
  readonly machine: ReferenceMachine;
  readonly inbound: GuardedInbound<Frame, Ballot, PeerId, Collected>;
  readonly store: ValidatorStore;
  readonly mutationPool: MutationPool;
  /** Who this validator takes to lead each rank (by its `leaders` rule). */
  readonly leaders: LeaderSchedule;
  /** The finalized chain, frame by frame in rank order (each with the certificate that finalized it). */
  readonly finalized$: Observable<FinalizedEntry>;
  readonly events$: Observable<ValidatorEvent>;
  /**
   * Every proposal, ballot and timeout vote this validator accepted from its peers, once per
   * signer, kind, rank and item: what a double-sign check reads (two items at one key).
   */
  readonly received$: Observable<ReceivedSigned>;
  /** The chain scope this validator signs and accepts messages for. */
  readonly chain: string;
  status(): ValidatorStatus;
  /** Hand one inbound message to the validator (what the transport subscription does). */
  deliver(message: InboundBytes): void;
  start(): void;
  stop(): void;
  /** Stop, and let go of the transport and every timer; the store stays open (close it yourself). */
  close(): void;
}

export const DEFAULT_ROUND_TIMEOUT = 1000;
export const DEFAULT_RESEND_EVERY = 200;
export const DEFAULT_CATCH_UP_BYTES_PER_SECOND = 4 * 1024 * 1024;
