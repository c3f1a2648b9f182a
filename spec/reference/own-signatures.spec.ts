/**
 * A validator does not verify what it signed itself: alone in its set it proposes, votes, counts
 * its own ballot and finalizes, and its verifier is never asked about its own key.
 */
import { NEVER } from 'rxjs';
import { createReferenceValidator } from '../../src/reference';
import type { Verifier } from '../../src/wire';
import { ed25519Verifier } from '../../src/reference';
import { keyring, virtualScheduler } from './support';

it('a validator alone finalizes without verifying a signature of its own', () => {
  const ring = keyring(1);
  const asked: string[] = [];
  const verifier: Verifier = {
    verify: (key, bytes, signature) => {
      asked.push(key);
      return ed25519Verifier.verify(key, bytes, signature);
    },
  };
  const scheduler = virtualScheduler();
  const v = createReferenceValidator({
    self: 'v0',
    signer: ring.signer('v0'),
    validators: ring.validators,
    scheduler,
    verifier,
    transport: { inbound$: NEVER, broadcast: () => undefined },
  });
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
