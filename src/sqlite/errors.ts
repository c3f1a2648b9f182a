/** The two ways a durable validator store refuses: a file it cannot trust, and a would-be double sign. */

/** The store file is torn, corrupt, or not a validator store: never silently replaced by a fresh one. */
export class StoreCorruptError extends Error {
  override readonly name = 'StoreCorruptError';
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`validator store ${file} cannot be trusted: ${problem}`);
  }
}

/** A signed message of the same kind at the same rank is already recorded, and differs. */
export class DoubleSignError extends Error {
  override readonly name = 'DoubleSignError';
  constructor(
    readonly file: string,
    readonly rank: number,
    readonly kind: SignedKind,
  ) {
    super(`refusing to sign a second ${kind} at rank ${rank} (validator store ${file})`);
  }
}

export type SignedKind = 'proposal' | 'vote' | 'timeout';
