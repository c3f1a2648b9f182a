/** Counters of the guarded inbound path: messages accepted, and rejections per reason. */
import { INBOUND_REJECTION_REASONS, type InboundRejectionReason } from './rejection';

export interface InboundCounts {
  readonly accepted: number;
  readonly rejected: number;
  readonly byReason: Readonly<Record<InboundRejectionReason, number>>;
}

export class InboundCounter {
  private accepted = 0;
  private rejected = 0;
  private readonly byReason = Object.fromEntries(INBOUND_REJECTION_REASONS.map((r) => [r, 0])) as Record<
    InboundRejectionReason,
    number
  >;

  accept(): void {
    this.accepted++;
  }

  reject(reason: InboundRejectionReason): void {
    this.rejected++;
    this.byReason[reason]++;
  }

  snapshot(): InboundCounts {
    return { accepted: this.accepted, rejected: this.rejected, byReason: { ...this.byReason } };
  }
}
