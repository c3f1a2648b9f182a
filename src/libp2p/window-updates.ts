/**
 * Yamux window updates at half the window, as go-yamux and rust-yamux send them.
 *
 * js-libp2p's Yamux (`@chainsafe/libp2p-yamux` 7) answers every frame the reader takes with a
 * window update: a 12-byte frame that Noise encrypts and the socket writes on its own, and that the
 * peer reads, decrypts and parses. A validator link carries small messages one at a time, so every
 * message it delivers costs a second, empty one back: on loopback, about half of a validator's
 * socket writes. Credit only needs returning once half the window is used: the sender then still
 * has the other half in hand, so it never waits for it while the reader keeps reading.
 *
 * The stream is Yamux's own object, and the fields read here are not its public interface: a
 * stream without them (another muxer, another version) is left as it is.
 */
import type { Stream } from '@libp2p/interface';

/** The parts of a Yamux stream this relies on. */
interface YamuxWindow {
  /** Bytes the peer may still send before it must wait for credit. */
  recvWindowCapacity: number;
  /** The window credit is returned up to. */
  recvWindow: number;
  /** Return the credit used, if any (Yamux calls it after each frame the reader takes). */
  sendWindowUpdate(): void;
}

function yamuxWindow(stream: Stream): YamuxWindow | undefined {
  const s = stream as unknown as Partial<YamuxWindow>;
  return typeof s.sendWindowUpdate === 'function' &&
    typeof s.recvWindowCapacity === 'number' &&
    typeof s.recvWindow === 'number'
    ? (s as YamuxWindow)
    : undefined;
}

/**
 * Make an open Yamux stream return receive credit only once half of its window is used. Call it
 * once the stream is open (its opening flags are sent with the first update, before a link has the
 * stream). Answers whether the stream is one it could change.
 */
export function creditAtHalfWindow(stream: Stream): boolean {
  const window = yamuxWindow(stream);
  if (window === undefined) return false;
  const update = window.sendWindowUpdate;
  window.sendWindowUpdate = () => {
    if (window.recvWindowCapacity > window.recvWindow / 2) return;
    update.call(window);
  };
  return true;
}
