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

export { DoubleSignError, type SignedKind } from '../reference/store/errors';
