/**
 * Everything a cluster reports as it runs, one event at a time, in order: transitions,
 * finalizations, votes signed, rejections, errors, crashes and restarts. A recorder subscribes to
 * `cluster.events$` before `start()` and sees the whole run; `NodeLog` keeps bounded summaries.
 */
import type { TransitionRecord } from '../../engine/outcome';
import type { InboundRejection } from '../../inbound/rejection';
import type { Frame, PeerId } from '../../reference/types';
import type { Envelope } from '../../wire/envelope';
import type { RankChange } from '../../reference/validator/events';
import type { SignedItemKind } from '../../reference/validator/received';

interface About {
  /** Scheduler time. */
  readonly at: number;
  /** The node's network key (its id, or `<id>~twin`). */
  readonly node: string;
  /** The validator it runs as. */
  readonly id: PeerId;
  /** Which life of the node: 0 before the first restart, then 1, 2, ... */
  readonly incarnation: number;
}

export type ClusterEvent =
  | (About & { readonly kind: 'transition'; readonly transition: TransitionRecord })
  /** `frame` became final on the node (its chain, in rank order; ranks that ended by a timeout have none). */
  | (About & { readonly kind: 'finalized'; readonly rank: number; readonly frame: Frame })
  /** The node's rank in progress moved on: by its own quorum, a timeout certificate, or a certificate seen. */
  | (About & { readonly kind: 'rank'; readonly rank: number; readonly by: RankChange })
  /** The node sent a vote signed with this validator's key (`voteId`: the frame id voted for). */
  | (About & {
      readonly kind: 'vote-signed';
      readonly rank: number;
      readonly voteId: string;
      readonly proposer: PeerId;
    })
  /** The node accepted an item signed by `signer` (a proposal, ballot or timeout vote), first seen. */
  | (About & {
      readonly kind: 'received-signed';
      readonly signer: PeerId;
      readonly signedKind: SignedItemKind;
      readonly rank: number;
      readonly item: string;
    })
  | (About & { readonly kind: 'rejected'; readonly rejection: InboundRejection })
  | (About & { readonly kind: 'error'; readonly message: string })
  /** The node took certified frames fetched from a peer, up to `rank`. */
  | (About & { readonly kind: 'caught-up'; readonly rank: number })
  | (About & { readonly kind: 'crashed' })
  | (About & { readonly kind: 'restarted' });

export type ClusterEventKind = ClusterEvent['kind'];

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event as a node reports it; the cluster adds time, node, validator and incarnation. */
export type NodeEvent = DistributiveOmit<ClusterEvent, keyof About>;

/** The vote inside an envelope a node sealed, for its `vote-signed` event (the double-vote check). */
export function signedVoteOf(
  envelope: Envelope,
): { readonly rank: number; readonly voteId: string; readonly proposer: PeerId } | undefined {
  if (envelope.kind !== 'vote') return undefined;
  const vote = envelope.body['vote'];
  const proposer = envelope.body['proposer'];
  if (typeof vote !== 'object' || vote === null || Array.isArray(vote) || typeof proposer !== 'string') {
    return undefined;
  }
  const voteId = (vote as { readonly [key: string]: unknown })['proposal'];
  return typeof voteId === 'string' ? { rank: envelope.rank, voteId, proposer } : undefined;
}
