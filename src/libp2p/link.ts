/**
 * One long-lived stream to one validator: length-prefixed frames both ways (it-length-prefixed, as
 * libp2p frames its own protocols), the message size limit applied to the frame's announced
 * length before its bytes are buffered, an empty frame as a keep-alive, and the peer's outbox
 * drained into the stream (the messages waiting at once coalesced into one write).
 *
 * A link ends on the first bad frame, an oversized length, a read error or the stream's end; the
 * transport's sweep ends it too when nothing was heard for the read timeout. Whatever the peer
 * sends, nothing here throws: every end is reported once, with its reason.
 */
import type { Stream } from '@libp2p/interface';
import type { Libp2pModules } from './modules';
import type { Outbox } from './outbox';
import { creditAtHalfWindow } from './window-updates';

export type LinkEnd =
  'ended' | 'too-large' | 'bad-frame' | 'read-timeout' | 'send-failed' | 'replaced' | 'closed';

export interface LinkHandlers {
  /** A whole frame (never the empty keep-alive). */
  frame(bytes: Uint8Array): void;
  /** The link is gone; called once. */
  ended(link: Link, why: LinkEnd): void;
}

export interface LinkOptions {
  /** The message size limit: a frame announcing more is refused before it is read. */
  readonly maxBytes: number;
  /** The most bytes one write carries when coalescing queued frames. */
  readonly maxWriteBytes?: number;
}

/** Frame lengths are varints (it-length-prefixed's default, libp2p's wire convention). */
const KEEP_ALIVE = new Uint8Array([0]);

export class Link {
  /** Monotonic ms of the last frame heard (a keep-alive counts). */
  lastHeard = performance.now();
  /** Monotonic ms of the last write. */
  lastSent = performance.now();
  readonly openedAt = performance.now();
  bytesIn = 0;
  bytesOut = 0;
  private closed = false;
  private keepAliveDue = false;

  constructor(
    private readonly lp: Libp2pModules['lp'],
    readonly stream: Stream,
    /** Who dialled: true when this node opened the stream. */
    readonly outbound: boolean,
    private readonly outbox: Outbox,
    private readonly options: LinkOptions,
    private readonly handlers: LinkHandlers,
  ) {}

  get open(): boolean {
    return !this.closed;
  }

  start(): void {
    creditAtHalfWindow(this.stream);
    void this.read();
    this.stream.sink(this.writes()).then(
      () => this.end('ended'),
      () => this.end('send-failed'),
    );
  }

  /** Ask for an empty frame (the peer's read timeout is measured from the last frame it heard). */
  keepAlive(): void {
    this.keepAliveDue = true;
    this.outbox.notify();
  }

  /** End the link: `closed` and `replaced` close the stream politely, anything else resets it. */
  end(why: LinkEnd): void {
    if (this.closed) return;
    this.closed = true;
    this.outbox.notify();
    if (why === 'closed' || why === 'replaced' || why === 'ended')
      this.stream.close().catch(() => this.abort(why));
    else this.abort(why);
    this.handlers.ended(this, why);
  }

  private abort(why: string): void {
    try {
      this.stream.abort(new Error(why));
    } catch {
      // already gone
    }
  }

  private async read(): Promise<void> {
    try {
      for await (const frame of this.lp.decode(this.stream.source, {
        maxDataLength: this.options.maxBytes,
      })) {
        if (this.closed) return;
        this.lastHeard = performance.now();
        this.bytesIn += frame.byteLength + varintLength(frame.byteLength);
        if (frame.byteLength > 0) this.handlers.frame(frame.subarray());
      }
      this.end('ended');
    } catch (err) {
      this.end(endOf(err));
    }
  }

  /** The stream's input: queued messages, framed, those waiting at once in one write. */
  private async *writes(): AsyncGenerator<Uint8Array> {
    const maxWrite = this.options.maxWriteBytes ?? 64 * 1024;
    while (!this.closed) {
      const first = this.outbox.shift();
      if (first === undefined) {
        if (this.keepAliveDue) {
          this.keepAliveDue = false;
          this.lastSent = performance.now();
          yield KEEP_ALIVE;
          continue;
        }
        await this.outbox.ready();
        continue;
      }
      const parts = [this.lp.encode.single(first)];
      let size = parts[0]!.byteLength;
      while (size < maxWrite && this.outbox.size > 0) {
        const next = this.lp.encode.single(this.outbox.shift()!);
        parts.push(next);
        size += next.byteLength;
      }
      this.keepAliveDue = false;
      this.lastSent = performance.now();
      this.bytesOut += size;
      yield parts.length === 1
        ? parts[0]!.subarray()
        : Buffer.concat(
            parts.flatMap((p) => [...p]),
            size,
          );
    }
  }
}

/** Why reading stopped: the framing's own errors are the peer's doing; anything else is the stream's end. */
function endOf(err: unknown): LinkEnd {
  switch ((err as { name?: string } | null)?.name) {
    case 'InvalidDataLengthError':
    case 'InvalidDataLengthLengthError':
      return 'too-large';
    case 'InvalidMessageLengthError':
      return 'bad-frame';
    default:
      return 'ended';
  }
}

/** Bytes of the varint that announces a frame of `n` bytes. */
const varintLength = (n: number): number => (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : 4);
