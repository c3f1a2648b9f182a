/**
 * A validator does not verify what it signed itself: alone in its set it proposes, votes, counts
 * its own ballot and finalizes, and its verifier is never asked about its own key.
 */
import type { Verifier } from '../../src/wire';
import { ed25519Verifier } from '../../src/reference';
import { keyring, validatorV0 } from './support';

it('a validator alone finalizes without verifying a signature of its own', () => {
  const ring = keyring(1);
  const asked: string[] = [];
  const verifier: Verifier = {
    verify: (key, bytes, signature) => {
      asked.push(key);
      return ed25519Verifier.verify(key, bytes, signature);
    },
  };
  const { v, scheduler } = validatorV0(ring, verifier);
  let finalized = 0;
  v.finalized$.subscribe(() => {
    if (++finalized === 5) v.stop();
  });
  v.start();
  scheduler.maxFrames = 5_000;
  scheduler.flush();
  expect(finalized).toBeGreaterThanOrEqual(5);
  expect(asked).toEqual([]);
  v.stop();
});
