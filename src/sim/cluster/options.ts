/** The options of `createCluster`, and the defaults every node of a cluster shares. */
import type { MachineState } from '../../machine/states';
import type { PeerId } from '../../reference/types';
import type { LinkOptions } from '../../transport/link';
import type { ByzantineStrategy } from '../byzantine/types';
import type { TimeMode } from './clock';

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
  readonly links?: readonly LinkOverride[];
  /** A Byzantine strategy per validator id; every other validator is honest. */
  readonly byzantine?: Readonly<Record<PeerId, ByzantineStrategy>>;
  /**
   * Validators that run twice: a second honest machine with the same id and key, on the network as
   * `<id>~twin` (split them with `cluster.network.partition`). Both copies count as faulty.
   */
  readonly twins?: readonly PeerId[];
  /** The vote decision's patience in ms (default 100; see the reference `patientVote`). */
  readonly patience?: number;
  /** Per-state timeout overrides in ms. */
  readonly timeouts?: Partial<Record<MachineState, number>>;
  /** Loading's retry back-off in ms (engine default 10 s). */
  readonly syncRetryDelay?: number;
  /** What each node's mutation pool starts with: a count per node (`tx-<key>-<i>`, default 1) or a list by node key. */
  readonly mutations?: number | ((key: string) => readonly string[]);
  /** Re-broadcast the round's own messages (default every 150 ms); `false`: never. See `resend.ts`. */
  readonly resend?: { readonly every: number } | false;
  /** Catch up to frames f + 1 validators confirmed (default after 1000 ms behind); `false`: never. */
  readonly catchUp?: { readonly after: number } | false;
  /** Transitions, rejections and errors kept per node in its log (default 1000). */
  readonly historyLimit?: number;
  /** Largest inbound message in bytes (default 1 MiB). */
  readonly maxBytes?: number;
  /**
   * Remember signature checks across the whole cluster (default true): each signature is verified
   * once, not once per receiver. Every check is still a real Ed25519 verification.
   */
  readonly sharedVerifier?: boolean;
}

/** What each node of a cluster is built with. */
export interface NodeSettings {
  readonly patience: number;
  readonly timeouts: Partial<Record<MachineState, number>> | undefined;
  readonly syncRetryDelay: number | undefined;
  readonly resendEvery: number | null;
  readonly catchUpAfter: number | null;
  readonly maxBytes: number | undefined;
  readonly historyLimit: number;
}

export const DEFAULT_LINK: Partial<LinkOptions> = { latency: { min: 1, max: 20 } };

export function nodeSettings(options: ClusterOptions): NodeSettings {
  const resend = options.resend ?? { every: 150 };
  const catchUp = options.catchUp ?? { after: 1000 };
  return {
    patience: options.patience ?? 100,
    timeouts: options.timeouts,
    syncRetryDelay: options.syncRetryDelay,
    resendEvery: resend === false ? null : resend.every,
    catchUpAfter: catchUp === false ? null : catchUp.after,
    maxBytes: options.maxBytes,
    historyLimit: options.historyLimit ?? 1000,
  };
}
