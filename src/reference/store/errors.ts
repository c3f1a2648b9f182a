/** The one error every validator store throws for a would-be second signature at a rank. */

export type SignedKind = 'proposal' | 'vote' | 'timeout';

/**
 * A different message of the same kind is already recorded at the rank: a bug or a misuse, never
 * something to send. `store` names the store (a durable one: its file).
 */
export class DoubleSignError extends Error {
  override readonly name = 'DoubleSignError';
  constructor(
    readonly kind: SignedKind,
    readonly rank: number,
    readonly store = 'memory',
  ) {
    super(`refusing to record a second, different ${kind} at rank ${rank} (validator store ${store})`);
  }
}
