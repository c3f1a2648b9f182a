/**
 * What checking a frame, ballot or certificate needs: the validator set, a verifier, the chain's
 * genesis frame, and the chain scope every signature of the chain covers.
 */
import type { Verifier } from '../wire/signature';
import { sha256Hex } from './hash';
import type { Frame } from './types';
import type { ValidatorSet } from './validator-set';

export interface Verification {
  readonly validators: ValidatorSet;
  readonly verifier: Verifier;
  readonly genesis: Frame;
  /**
   * The chain scope (`chainScope(genesis, validators)`): part of every signed payload and carried
   * by every envelope, so a message or certificate of another chain, or of another validator set
   * of this chain, never verifies here even when the keys are the same.
   */
  readonly chain: string;
}

const CHAIN_CONTEXT = 'rx-consensus/chain/v1\n';

/**
 * The scope of a chain: 32 hex characters of SHA-256 over its genesis frame id (which names the
 * chain, see `genesisFrame`) and its validator set's digest.
 */
export const chainScope = (genesis: Pick<Frame, 'id'>, validators: Pick<ValidatorSet, 'digest'>): string =>
  sha256Hex(`${CHAIN_CONTEXT}${genesis.id}\n${validators.digest}`).slice(0, 32);

/** Everything a validator of `validators` checks with, on the chain that starts at `genesis`. */
export const verificationFor = (
  validators: ValidatorSet,
  verifier: Verifier,
  genesis: Frame,
): Verification => ({ validators, verifier, genesis, chain: chainScope(genesis, validators) });

/** The prefix of a signed payload: its kind's context and the chain scope. */
export const scopedContext = (context: string, chain: string): string => `${context}${chain}\n`;
