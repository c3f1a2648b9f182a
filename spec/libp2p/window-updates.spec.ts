/**
 * Yamux receive credit returned at half the window (`creditAtHalfWindow`): on a stand-in with
 * Yamux's fields, and on real Yamux streams over loopback, where a megabyte of small frames (four
 * windows) must arrive whole while the reader returns credit a handful of times, not once a frame.
 */
import type { Stream } from '@libp2p/interface';
import { loadLibp2p } from '../../src/libp2p';
import { creditAtHalfWindow } from '../../src/libp2p/window-updates';
import { rawPeer, type RawPeer } from './support';

const DEADLINE = 90_000;
jest.setTimeout(2 * DEADLINE);

/** What Yamux's stream holds, with its update counted and done as Yamux does it. */
function standIn(window: number) {
  const stream = {
    recvWindow: window,
    recvWindowCapacity: window,
    updates: [] as number[],
    sendWindowUpdate(): void {
      if (this.recvWindowCapacity >= this.recvWindow) return;
      this.updates.push(this.recvWindow - this.recvWindowCapacity);
      this.recvWindowCapacity = this.recvWindow;
    },
  };
  return stream;
}

describe('creditAtHalfWindow', () => {
  it('holds credit back until half the window is used, then returns all of it at once', () => {
    const stream = standIn(1000);
    expect(creditAtHalfWindow(stream as unknown as Stream)).toBe(true);
    for (const used of [100, 200, 199]) {
      stream.recvWindowCapacity -= used;
      stream.sendWindowUpdate();
    }
    expect(stream.updates).toEqual([]);
    expect(stream.recvWindowCapacity).toBe(501);
    stream.recvWindowCapacity -= 1; // exactly half used
    stream.sendWindowUpdate();
    expect(stream.updates).toEqual([500]);
    expect(stream.recvWindowCapacity).toBe(1000);
  });

  it('leaves a stream without Yamux window fields as it was', () => {
    const sendWindowUpdate = jest.fn();
    const other = { sendWindowUpdate, recvWindow: '256k' };
    expect(creditAtHalfWindow(other as unknown as Stream)).toBe(false);
    expect(other.sendWindowUpdate).toBe(sendWindowUpdate);
    expect(creditAtHalfWindow({} as Stream)).toBe(false);
  });
});

describe('creditAtHalfWindow on real Yamux streams', () => {
  const peers: RawPeer[] = [];
  afterEach(async () => {
    await Promise.all(peers.splice(0).map((p) => p.stop()));
  });

  /**
   * `frames` frames of `size` bytes from a sender to a reader over one stream; answers how many
   * window updates the sender heard and how many bytes the reader got.
   */
  async function carry(changed: boolean, frames: number, size: number) {
    const m = await loadLibp2p();
    const reader = await rawPeer(`reader-${changed}`);
    const sender = await rawPeer(`sender-${changed}`);
    peers.push(reader, sender);
    let received = 0;
    let arrived!: () => void;
    // The reader's own event: its last byte read (real sockets, so no virtual time; no polling).
    const whole = new Promise<void>((resolve) => (arrived = resolve));
    await reader.node.handle('/window-spec/1', ({ stream }: { stream: Stream }) => {
      if (changed) creditAtHalfWindow(stream);
      void (async () => {
        for await (const chunk of m.lp.decode(stream.source)) {
          received += chunk.byteLength;
          if (received >= frames * size) arrived();
        }
      })().catch(() => undefined);
    });
    const stream = await sender.node.dialProtocol(reader.node.getMultiaddrs()[0]!, '/window-spec/1');
    let updates = 0;
    const yamux = stream as unknown as { handleWindowUpdate(header: unknown): void };
    const handle = yamux.handleWindowUpdate.bind(yamux);
    yamux.handleWindowUpdate = (header) => {
      updates += 1;
      handle(header);
    };
    const payload = new Uint8Array(size).fill(7);
    await stream.sink(
      (async function* () {
        for (let i = 0; i < frames; i++) yield m.lp.encode.single(payload);
      })(),
    );
    let deadline: NodeJS.Timeout | undefined;
    await Promise.race([
      whole,
      new Promise((_, reject) => {
        deadline = setTimeout(
          () => reject(new Error(`${received} of ${frames * size} bytes after ${DEADLINE} ms`)),
          DEADLINE,
        );
      }),
    ]).finally(() => clearTimeout(deadline));
    return { updates, received };
  }

  it('carries four windows of small frames with a handful of updates instead of one a frame', async () => {
    const frames = 2000;
    const size = 500; // 1 MB in all; Yamux's window is 256 KiB
    const changed = await carry(true, frames, size);
    const unchanged = await carry(false, frames, size);
    // Four windows arrived, so credit came back; Yamux grows its window as it returns credit.
    expect(changed.received).toBe(frames * size);
    expect(changed.updates).toBeGreaterThanOrEqual(1);
    expect(changed.updates).toBeLessThanOrEqual(8);
    expect(unchanged.received).toBe(frames * size);
    // Unchanged, Yamux answers each read (how many reads take several frames at once depends on
    // the machine's load): more often than the rule allows.
    expect(unchanged.updates).toBeGreaterThan(8);
  });
});
