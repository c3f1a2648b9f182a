/**
 * The shape of a Byzantine behaviour: a small strategy that acts on one validator's network
 * endpoint through a context (its key, the validator set, what it hears, a way to send signed or
 * raw messages to chosen peers, the clock and a seeded random stream). Strategies compose with
 * `combine`; the cluster runs them (see `src/sim/cluster`).
 */
import type { Observable, SchedulerLike, TeardownLogic } from 'rxjs';
import type { Ballot, Collected, Frame, PeerId } from '../../reference/types';
import type { ControlMessage } from '../../reference/validator/control';
import type { ValidatorSet } from '../../reference/validator-set';
import type { Rng } from '../../transport/rng';
import type { Envelope } from '../../wire/envelope';
import type { PlainMessage } from '../../wire/message';
import type { Signer } from '../../wire/signature';

/** A reference protocol message: proposal, vote, liveness or confirmation. */
export type ReferenceMessage = PlainMessage<Frame, Ballot, PeerId, Collected>;

/** A message this node heard: decoded (not verified: a Byzantine node trusts what suits it). */
export interface Heard {
  /** The network id it came from (not necessarily its signer: messages can be relayed). */
  readonly from: string;
  readonly envelope: Envelope;
  readonly message: ReferenceMessage;
  /** The bytes as they arrived, ready to be replayed. */
  readonly bytes: Uint8Array;
  /** Scheduler time of arrival. */
  readonly at: number;
}

/** A timeout or catch-up message this node heard: decoded, not verified. */
export interface HeardControl {
  readonly from: string;
  readonly envelope: Envelope;
  readonly message: ControlMessage;
  readonly at: number;
}

export interface ByzantineContext {
  /** The validator this strategy speaks for. */
  readonly self: PeerId;
  readonly signer: Signer;
  readonly validators: ValidatorSet;
  /** The chain's first frame. */
  readonly genesis: Frame;
  /** The chain scope honest validators sign for (a strategy may sign for another on purpose). */
  readonly chain: string;
  readonly scheduler: SchedulerLike;
  /** This node's own seeded random stream: same seed, same misbehaviour. */
  readonly rng: Rng;
  /** Every decodable consensus message arriving at this node. */
  readonly inbound$: Observable<Heard>;
  /** Every decodable timeout, catch-up request and catch-up answer arriving at this node. */
  readonly controls$: Observable<HeardControl>;
  /** Network ids of the other nodes joined now, in join order. */
  peers(): readonly string[];
  /** Seal `message` as this validator and send it to `to` (default: every peer). */
  send(message: ReferenceMessage, to?: readonly string[]): void;
  /** Seal a timeout or catch-up message as this validator (for `chain`, default its own) and send it. */
  sendControl(message: ControlMessage, to?: readonly string[], chain?: string): void;
  /** Send bytes as they are (replays, garbage) to `to` (default: every peer). */
  sendBytes(bytes: Uint8Array, to?: readonly string[]): void;
}

/** One outbound message: its bytes, and its recipients (absent: every peer). */
export interface OutboundBytes {
  readonly bytes: Uint8Array;
  readonly to?: readonly string[];
}

/** Passes one outbound message of the honest core on, changed, late or not at all: `forward` sends it. */
export type OutboundFilter = (
  out: OutboundBytes,
  forward: (out: OutboundBytes) => void,
  ctx: ByzantineContext,
) => void;

/** Run the honest machine for this validator too, with its outbound messages filtered. */
export interface HonestCore {
  readonly outbound?: OutboundFilter;
}

export interface ByzantineStrategy {
  /** Short name for reports (`double-voter`, `silent+stale-replayer`, ...). */
  readonly name: string;
  /**
   * Whether the node breaks the protocol. A slow node does not (it is correct, only late): the
   * cluster checks it like an honest node.
   */
  readonly faulty: boolean;
  /** Also run this validator's honest machine (e.g. a slow node); absent: the strategy alone speaks. */
  readonly honestCore?: HonestCore;
  /** Start misbehaving; what is returned is torn down when the node crashes or the cluster closes. */
  start(ctx: ByzantineContext): TeardownLogic;
}
