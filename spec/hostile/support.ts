/**
 * Support for the hostile-peer specs: a forced garbage collection (so heap figures are what is
 * retained, not what is waiting to be collected), the median of timed runs, forged envelopes, and
 * how many inputs the property tests generate (`FUZZ=1`, as `npm run fuzz` sets it, for the long run).
 */
import { randomBytes } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** True under `npm run fuzz`: the long runs (a million inputs, thousands of megabyte envelopes). */
export const LONG = process.env['FUZZ'] === '1';

/** `short` runs in `npm test`, `long` under `npm run fuzz`. */
export const runs = (short: number, long: number): number => (LONG ? long : short);

let gc: (() => void) | undefined;

/** Collect garbage now, whether or not node was started with --expose-gc. */
export function collectGarbage(): void {
  if (gc === undefined) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
  gc();
}

/** Heap in use after a full collection, in bytes. */
export function retainedHeap(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

export const MB = 1 << 20;

/** The median wall time of `rounds` calls of `work`, in milliseconds. */
export function medianMs(rounds: number, work: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(rounds / 2)]!;
}

/**
 * Envelope text of about `bytes` bytes claiming to come from `sender` at `rank`, with a random
 * signature: what anyone can send without a key. A confirmation, a kind signed as a whole, so the
 * signature is checked over every byte (a forged proposal or vote is refused on its body first).
 */
export function forgedEnvelopeText(
  sender: string,
  rank: number,
  bytes: number,
  padding: string,
  chain = '',
): string {
  const head = `{"body":{"pad":"`;
  const tail = `"},"chain":"${chain}","kind":"confirmation","rank":${rank},"sender":"${sender}","signature":"${randomBytes(64).toString('hex')}"}`;
  return head + padding.slice(0, bytes - head.length - tail.length) + tail;
}
