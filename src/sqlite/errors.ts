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

/** The store's file or folder cannot be read or written by this process: a permissions problem, not damage. */
export class StoreAccessError extends Error {
  override readonly name = 'StoreAccessError';
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(
      `validator store ${file} cannot be opened for writing: ${problem} (check the owner and mode of the file and its data dir, and that the file system is not read-only)`,
    );
  }
}

/** The store belongs to another chain than the one the validator was started for. */
export class StoreChainError extends Error {
  override readonly name = 'StoreChainError';
  constructor(
    readonly file: string,
    readonly stored: string,
    readonly expected: string,
  ) {
    super(
      `validator store ${file} belongs to chain ${stored}, not ${expected}: a data dir serves one chain (the validator set file names the chain)`,
    );
  }
}

export { DoubleSignError, type SignedKind } from '../reference/store/errors';
