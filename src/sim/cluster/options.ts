/** The options of `createCluster`, and the defaults every node of a cluster shares. */
import type { MachineState } from '../../machine/states';
import type { PeerId } from '../../reference/types';
import type { ReferenceValidatorOptions } from '../../reference/validator/create-validator';
import type { LinkOptions } from '../../transport/link';
import type { ByzantineStrategy } from '../byzantine/types';
import type { TimeMode } from './clock';
import type { LeaderRule, VotesTo } from '../../reference/validator/options';

/** One direction of one link behaving differently from the default (`from`, `to`: network keys). */
export interface LinkOverride {
  readonly from: string;
  readonly to: string;
  readonly link: Partial<LinkOptions>;
}

export interface ClusterOptions {
  /** How many validators (ids `v0`, `v1`, ...), or their ids. */
  readonly validators: number | readonly PeerId[];
  /** Voting weights by position (default 1 each). */
  readonly weights?: readonly number[];
  /** Seeds the network's draws and every Byzantine node's stream (default 0). Keys depend on ids only. */
  readonly seed?: number;
  /** `'virtual'` (default): nothing moves until `runFor`/`runUntil`; `'real'`: wall-clock time. */
  readonly time?: TimeMode;
  /** Every link's behaviour (default: latency uniform in 1–20 ms, no loss). */
  readonly link?: Partial<LinkOptions>;
  /** Links that behave differently from `link`, by sender and receiver. */
  readonly links?: readonly LinkOverride[];
  /** A Byzantine strategy per validator id; every other validator is honest. */
  readonly byzantine?: Readonly<Record<PeerId, ByzantineStrategy>>;
  /**
   * Allow more faulty validators than the protocol tolerates (f of 3f + 1): neither safety nor
   * liveness is then promised. Default false: such a cluster is refused.
   */
  readonly beyondFaultModel?: boolean;
  /**
   * Validators that run twice: a second honest machine with the same id and key, on the network as
   * `<id>~twin` (split them with `cluster.network.partition`). Both copies count as faulty.
   */
  readonly twins?: readonly PeerId[];
  /**
   * How long a rank may take before a validator times out, in ms (default 500), and how it backs
   * off while ranks fail (default doubling, at most 30 s).
   */
  readonly roundTimeout?:
    number | { readonly initial?: number; readonly factor?: number; readonly max?: number };
  /** Per-state timeout overrides in ms (on top of the round timeout). */
  readonly timeouts?: Partial<Record<MachineState, number>>;
  /** Who the validators' votes go to (default: everyone; see the reference validator's `votesTo`). */
  readonly votesTo?: VotesTo;
  /** How leaders are chosen (default: round robin; see the reference validator's `leaders`). */
  readonly leaders?: LeaderRule;
  /** What each node's mutation pool starts with: a count per node (`tx-<key>-<i>`, default 1) or a list by node key. */
  readonly mutations?: number | ((key: string) => readonly string[]);
  /** Re-broadcast each validator's own messages of the rank in progress (default every 150 ms). */
  readonly resend?: { readonly every: number };
  /** Ask peers for missing certified frames at most this often (default: the resend period). */
  readonly catchUp?: { readonly every: number };
  /** Frames, transitions, rejections and errors kept per node in its log (default 1000; Infinity: all). */
  readonly historyLimit?: number;
  /** Largest inbound message in bytes (default 1 MiB). */
  readonly maxBytes?: number;
  /**
   * Remember signature checks across the whole cluster (default true): each signature is verified
   * once, not once per receiver, and the short payloads a validator signs (ballots, timeout votes,
   * frame ids) not at all, as its own node would not. Every check made is a real Ed25519
   * verification. False: each validator checks what it receives, as real nodes do.
   */
  readonly sharedVerifier?: boolean;
}

/** What each node of a cluster is built with: its log's limit, and its validator's options. */
export interface NodeSettings {
  readonly historyLimit: number;
  readonly validator: Pick<
    ReferenceValidatorOptions,
    'roundTimeout' | 'resendEvery' | 'catchUpEvery' | 'maxBytes' | 'timeouts' | 'votesTo' | 'leaders'
  >;
}

export const DEFAULT_ROUND_TIMEOUT = 500;

export const DEFAULT_LINK: Partial<LinkOptions> = { latency: { min: 1, max: 20 } };

export function nodeSettings(o: ClusterOptions): NodeSettings {
  const round = o.roundTimeout ?? DEFAULT_ROUND_TIMEOUT;
  return {
    historyLimit: o.historyLimit ?? 1000,
    validator: {
      roundTimeout:
        typeof round === 'number' ? { initial: round } : { initial: DEFAULT_ROUND_TIMEOUT, ...round },
      resendEvery: o.resend?.every ?? 150,
      ...(o.catchUp === undefined ? {} : { catchUpEvery: o.catchUp.every }),
      ...(o.maxBytes === undefined ? {} : { maxBytes: o.maxBytes }),
      ...(o.timeouts === undefined ? {} : { timeouts: o.timeouts }),
      ...(o.votesTo === undefined ? {} : { votesTo: o.votesTo }),
      ...(o.leaders === undefined ? {} : { leaders: o.leaders }),
    },
  };
}
