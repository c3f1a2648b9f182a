/**
 * A proposal far past the window tells a validator that it is behind, so the validator checks one
 * in full to learn where the others are. A sender flooding such proposals gets that check at most
 * once per catch-up interval: the rest are refused with no signature checked.
 */
import type { Frame } from '../../src/reference';
import { startedValidator, frameBy, genesis, keyring, sealBytes } from '../reference/support';

const ring = keyring(4);

/** Frames by v1 from genesis up to `rank`, each on the one before. */
function chainTo(rank: number): Frame {
  let frame = genesis;
  for (let r = 1; r <= rank; r++) frame = frameBy(ring, 'v1', frame);
  return frame;
}

describe('proposals far past the window', () => {
  it('cost signature checks for at most one per sender per catch-up interval', () => {
    const { v, scheduler, calls } = startedValidator(ring);

    const prior = chainTo(39);
    // Ten different forged proposals at rank 40 (far past a window of 16): each would be a cache
    // miss, and none can teach the validator anything (a true one would move it to rank 40).
    // The signature's R part altered: well-formed, and false.
    const forged = (bytes: Uint8Array, i: number): Uint8Array =>
      Buffer.from(
        Buffer.from(bytes)
          .toString()
          .replace(
            /"signature":"([0-9a-f]{8})/,
            (_, r: string) => `"signature":"${(i + 1).toString(16).padStart(8, '0')}${r.slice(8)}`,
          ),
      );
    const far = Array.from({ length: 10 }, (_, i) =>
      forged(
        sealBytes(ring, { kind: 'proposal', peer: 'v1', proposal: frameBy(ring, 'v1', prior, [`m${i}`]) }),
        i,
      ),
    );
    const deliver = (bytes: Uint8Array): number => {
      const before = calls.verify;
      v.deliver({ from: 'v1', bytes });
      return calls.verify - before;
    };

    expect(deliver(far[0]!)).toBeGreaterThan(0);
    for (const bytes of far.slice(1, 5)) expect(deliver(bytes)).toBe(0);
    // Another sender has its own allowance.
    const fromV2 = forged(
      sealBytes(ring, { kind: 'proposal', peer: 'v2', proposal: frameBy(ring, 'v2', prior) }),
      0,
    );
    expect(deliver(fromV2)).toBeGreaterThan(0);

    // Virtual time moves with what is scheduled (re-sends, the round timeout): past the interval.
    const then = scheduler.now();
    scheduler.maxFrames += 2_000;
    scheduler.flush();
    expect(scheduler.now() - then).toBeGreaterThanOrEqual(200);
    expect(deliver(far[5]!)).toBeGreaterThan(0);
    for (const bytes of far.slice(6)) expect(deliver(bytes)).toBe(0);
    v.close();
  });
});
