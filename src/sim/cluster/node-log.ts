/**
 * What the cluster observed of one node across all its lives: the id of the frame made active at
 * each rank (for the agreement check) and the last frames themselves, votes signed by rank (for
 * the double-vote check), rejection counts by reason, and bounded recent transitions, rejections,
 * evidence and errors. Fed from the node's `ClusterEvent`s. Whole frames (a few KB each) are kept
 * for the last `limit` ranks only; what grows with the run is one id per rank.
 */
import {
  INBOUND_REJECTION_REASONS,
  type InboundRejection,
  type InboundRejectionReason,
} from '../../inbound/rejection';
import type { Frame } from '../../reference/types';
import { RingBuffer } from '../../viz/ring-buffer';
import { createTransitionHistory, type TransitionHistory } from '../../viz/transition-history';
import type { ClusterEvent } from './events';

export interface NodeObservations {
  /** The last frames the node made active (at most the log's limit), by rank (genesis at 0). */
  readonly finalized: ReadonlyMap<number, Frame>;
  /** The id of every frame the node made active, by rank. */
  readonly finalizedIds: ReadonlyMap<number, string>;
  /** Highest rank made active; −1 before any. */
  readonly highestRank: number;
  /** The last transitions (bounded), numbered across lives. */
  readonly transitions: TransitionHistory;
  readonly transitionCount: number;
  /** Rank → ids of the frames this node signed votes for (more than one is a double vote). */
  readonly signedVotes: ReadonlyMap<number, ReadonlySet<string>>;
  readonly rejected: number;
  readonly rejectedByReason: Readonly<Record<InboundRejectionReason, number>>;
  /** The last rejections (bounded). */
  recentRejections(): readonly InboundRejection[];
  /** The last equivocation and conflict rejections, with both signed envelopes (bounded). */
  evidence(): readonly InboundRejection[];
  /** The last provider and engine errors (bounded). */
  errors(): readonly string[];
  readonly errorCount: number;
  /** Lives so far: 1 after the first start, +1 per restart. */
  readonly incarnations: number;
  /** Times the node caught up to a confirmed frame. */
  readonly catchUps: number;
  /** Down intervals (`to` null while down). */
  readonly downtime: readonly { readonly from: number; readonly to: number | null }[];
}

export class NodeLog implements NodeObservations {
  readonly finalized = new Map<number, Frame>();
  readonly finalizedIds = new Map<number, string>();
  highestRank = -1;
  readonly transitions: TransitionHistory;
  transitionCount = 0;
  readonly signedVotes = new Map<number, Set<string>>();
  rejected = 0;
  readonly rejectedByReason = Object.fromEntries(INBOUND_REJECTION_REASONS.map((r) => [r, 0])) as Record<
    InboundRejectionReason,
    number
  >;
  errorCount = 0;
  incarnations = 0;
  catchUps = 0;
  readonly downtime: { from: number; to: number | null }[] = [];
  private readonly rejections: RingBuffer<InboundRejection>;
  private readonly proofs: RingBuffer<InboundRejection>;
  private readonly errorLines: RingBuffer<string>;

  constructor(private readonly limit: number) {
    this.transitions = createTransitionHistory(limit);
    this.rejections = new RingBuffer(limit);
    this.proofs = new RingBuffer(limit);
    this.errorLines = new RingBuffer(limit);
  }

  recentRejections = (): readonly InboundRejection[] => this.rejections.toArray();
  evidence = (): readonly InboundRejection[] => this.proofs.toArray();
  errors = (): readonly string[] => this.errorLines.toArray();

  record(event: ClusterEvent): void {
    switch (event.kind) {
      case 'transition':
        this.transitionCount++;
        this.transitions.record(event.transition);
        return;
      case 'finalized':
        this.finalized.delete(event.rank);
        this.finalized.set(event.rank, event.frame);
        if (this.finalized.size > this.limit)
          this.finalized.delete(this.finalized.keys().next().value as number);
        this.finalizedIds.set(event.rank, event.frame.id);
        this.highestRank = Math.max(this.highestRank, event.rank);
        return;
      case 'vote-signed': {
        const ids = this.signedVotes.get(event.rank) ?? new Set<string>();
        ids.add(event.voteId);
        this.signedVotes.set(event.rank, ids);
        return;
      }
      case 'rejected': {
        const r = event.rejection;
        this.rejected++;
        this.rejectedByReason[r.reason]++;
        this.rejections.push(r);
        if (r.reason === 'equivocation' || r.reason === 'conflict') this.proofs.push(r);
        return;
      }
      case 'error':
        this.errorCount++;
        this.errorLines.push(event.message);
        return;
      case 'caught-up':
        this.catchUps++;
        return;
      case 'crashed':
        this.downtime.push({ from: event.at, to: null });
        return;
      case 'restarted': {
        const last = this.downtime[this.downtime.length - 1];
        if (last !== undefined && last.to === null) last.to = event.at;
        return;
      }
    }
  }
}
