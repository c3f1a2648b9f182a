/**
 * The one record of what a node did across all its lives, fed from its `ClusterEvent`s: every
 * frame it made active (rank, id, time) and the last whole frames, every vote it signed, downtime,
 * rejection counts by reason, and bounded recent transitions, rejections, evidence and errors. The
 * safety check and the run record (`nodeRecord`) read it. Whole frames (a few KB each) are kept
 * for the last `limit` ranks only; what grows with the run is a small entry per rank.
 */
import {
  INBOUND_REJECTION_REASONS,
  type InboundRejection,
  type InboundRejectionReason,
} from '../../inbound/rejection';
import type { Frame } from '../../reference/types';
import { RingBuffer } from '../../viz/ring-buffer';
import { createTransitionHistory, type TransitionHistory } from '../../viz/transition-history';
import type { Finalization, ReceivedTwice, SignedVote } from '../record/types';
import type { ClusterEvent } from './events';

/** A node's log as its readers see it. */
export type NodeObservations = Readonly<Omit<NodeLog, 'record'>>;

export class NodeLog {
  /** The last frames the node made active (at most the log's limit), by rank (genesis at 0). */
  readonly finalized = new Map<number, Frame>();
  /** Every frame made active, in order (a restart reports the frame it starts from again). */
  readonly finalizations: Finalization[] = [];
  /** Highest rank made active; −1 before any. */
  highestRank = -1;
  /** The last transitions (bounded), numbered across lives. */
  readonly transitions: TransitionHistory;
  transitionCount = 0;
  /** Every vote signed with this node's key, in every life. */
  readonly votes: SignedVote[] = [];
  /** Two different signed items from one signer at one rank and kind, as received here. */
  readonly receivedTwice: ReceivedTwice[] = [];
  /** The first item received per signer, kind and rank (recent ranks only). */
  private readonly firstReceived = new Map<string, { readonly rank: number; readonly item: string }>();
  rejected = 0;
  readonly rejectedByReason = Object.fromEntries(INBOUND_REJECTION_REASONS.map((r) => [r, 0])) as Record<
    InboundRejectionReason,
    number
  >;
  errorCount = 0;
  /** Lives so far: 1 after the first start, +1 per restart. */
  incarnations = 0;
  /** Times the node caught up to a confirmed frame. */
  catchUps = 0;
  /** Down intervals (`to` null while down). */
  readonly downtime: { from: number; to: number | null }[] = [];
  private readonly rejections: RingBuffer<InboundRejection>;
  private readonly proofs: RingBuffer<InboundRejection>;
  private readonly errorLines: RingBuffer<string>;

  /** `limit`: how many frames, transitions, rejections and errors to keep (Infinity: all). */
  constructor(private readonly limit: number) {
    const capacity = Math.min(limit, Number.MAX_SAFE_INTEGER);
    this.transitions = createTransitionHistory(capacity);
    this.rejections = new RingBuffer(capacity);
    this.proofs = new RingBuffer(capacity);
    this.errorLines = new RingBuffer(capacity);
  }

  /** The id of every frame the node made active, by rank. */
  get finalizedIds(): ReadonlyMap<number, string> {
    return new Map(this.finalizations.map((f) => [f.rank, f.frameId]));
  }

  /** Rank → ids of the frames this node signed votes for (more than one is a double vote). */
  get signedVotes(): ReadonlyMap<number, ReadonlySet<string>> {
    const byRank = new Map<number, Set<string>>();
    for (const v of this.votes) byRank.set(v.rank, (byRank.get(v.rank) ?? new Set<string>()).add(v.voteId));
    return byRank;
  }

  /** The last rejections (bounded). */
  recentRejections = (): readonly InboundRejection[] => this.rejections.toArray();
  /** The last equivocation and conflict rejections, with both signed envelopes (bounded). */
  evidence = (): readonly InboundRejection[] => this.proofs.toArray();
  /** The last provider and engine errors (bounded). */
  errors = (): readonly string[] => this.errorLines.toArray();

  private forgetBelow(rank: number): void {
    for (const [key, first] of this.firstReceived) if (first.rank < rank) this.firstReceived.delete(key);
  }

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
        this.finalizations.push({ at: event.at, rank: event.rank, frameId: event.frame.id });
        this.highestRank = Math.max(this.highestRank, event.rank);
        return;
      case 'vote-signed':
        this.votes.push({
          at: event.at,
          rank: event.rank,
          voteId: event.voteId,
          incarnation: event.incarnation,
        });
        return;
      case 'received-signed': {
        const key = `${event.signer}\n${event.signedKind}\n${event.rank}`;
        const first = this.firstReceived.get(key);
        if (first === undefined) {
          this.firstReceived.set(key, { rank: event.rank, item: event.item });
          if (this.firstReceived.size > 65_536) this.forgetBelow(event.rank - 1_024);
        } else if (first.item !== event.item)
          this.receivedTwice.push({
            at: event.at,
            signer: event.signer,
            kind: event.signedKind,
            rank: event.rank,
            items: [first.item, event.item],
          });
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
      case 'rank':
        return;
    }
  }
}
