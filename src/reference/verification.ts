/** What checking a frame or ballot needs: the validator set, a verifier, and the chain's genesis frame. */
import type { Verifier } from '../wire/signature';
import type { Frame } from './types';
import type { ValidatorSet } from './validator-set';

export interface Verification {
  readonly validators: ValidatorSet;
  readonly verifier: Verifier;
  readonly genesis: Frame;
}
