/**
 * The validators of a simulated cluster: reproducible Ed25519 keys derived from each id (for
 * simulations only, never for real keys) and the validator set listing them.
 */
import { seededSigner, type Ed25519Signer } from '../../reference/ed25519';
import type { PeerId } from '../../reference/types';
import { ValidatorSet } from '../../reference/validator-set';

export interface Keyring {
  readonly ids: readonly PeerId[];
  readonly validators: ValidatorSet;
  signer(id: PeerId): Ed25519Signer;
}

/** `v0` … `v<n−1>`. */
export const validatorIds = (n: number): PeerId[] => Array.from({ length: n }, (_, i) => `v${i}`);

export function createKeyring(ids: readonly PeerId[], weights?: readonly number[]): Keyring {
  const signers = new Map(ids.map((id) => [id, seededSigner(id)]));
  const validators = ValidatorSet.of(
    ids.map((id, i) => ({ id, publicKey: signers.get(id)!.publicKey, weight: weights?.[i] ?? 1 })),
  );
  return {
    ids,
    validators,
    signer(id) {
      const signer = signers.get(id);
      if (signer === undefined) throw new RangeError(`${id} is not a validator of this keyring`);
      return signer;
    },
  };
}
