/**
 * The messages waiting for one peer: a queue bounded in messages and bytes that drops its oldest
 * message to make room (the freshest consensus message is the useful one), read by whichever link
 * to the peer is up. It outlives links, so a short drop loses nothing that still fits.
 */
export interface OutboxLimits {
  /** Most messages held; default 1024. */
  readonly maxMessages?: number;
  /** Most bytes held; default 8 MiB. */
  readonly maxBytes?: number;
}

export class Outbox {
  private readonly queue: Uint8Array[] = [];
  private head = 0;
  private bytes = 0;
  private wake: (() => void) | undefined;
  private readonly maxMessages: number;
  private readonly maxBytes: number;

  constructor(limits: OutboxLimits = {}) {
    this.maxMessages = limits.maxMessages ?? 1024;
    this.maxBytes = limits.maxBytes ?? 8 * 1024 * 1024;
  }

  /** Queue `message`; answers how many older messages were dropped to make room. */
  push(message: Uint8Array): number {
    let dropped = 0;
    while (
      this.size > 0 &&
      (this.size >= this.maxMessages || this.bytes + message.byteLength > this.maxBytes)
    ) {
      this.shift();
      dropped += 1;
    }
    this.queue.push(message);
    this.bytes += message.byteLength;
    this.notify();
    return dropped;
  }

  /** The oldest message, or undefined when empty. */
  shift(): Uint8Array | undefined {
    if (this.size === 0) return undefined;
    const message = this.queue[this.head]!;
    this.queue[this.head++] = EMPTY;
    this.bytes -= message.byteLength;
    // Compact once the consumed prefix is most of the array: amortized O(1) per message.
    if (this.head > 64 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    return message;
  }

  get size(): number {
    return this.queue.length - this.head;
  }

  /** Resolves when a message is queued, or at once when one is waiting, or when `notify` is called. */
  ready(): Promise<void> {
    if (this.size > 0) return Promise.resolve();
    return new Promise((resolve) => {
      const previous = this.wake;
      this.wake = () => {
        previous?.();
        resolve();
      };
    });
  }

  /** Wake every reader waiting in `ready` (a link closing, to let its writer return). */
  notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

const EMPTY = new Uint8Array(0);
