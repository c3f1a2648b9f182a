/**
 * The validator set: who may propose and vote, with their public keys and voting weights
 * (default 1, equal votes). Members are kept sorted by id, so every node that is given the same
 * members sees the same order, whatever order its configuration lists them in.
 *
 * Quorum arithmetic with total weight T:
 * - `faultyWeight` f = floor((T − 1) / 3): the most Byzantine weight the protocol tolerates;
 * - `quorumWeight` = floor(2T / 3) + 1: the smallest weight strictly greater than two thirds of T.
 *   For n = 3f + 1 equal votes that is 2f + 1; in general it equals T − f, so the honest weight
 *   alone can always reach it, and two quorums always share more than f weight (an honest voter).
 */
import type { KnownSenders } from '../inbound/known-senders';
import { canonicalJsonOf } from '../wire/canonical';
import { sha256Hex } from './hash';
import type { PeerId } from './types';

export interface ValidatorInput {
  readonly id: PeerId;
  /** Public key as the verifier expects it (Ed25519: 64 lowercase hex characters). */
  readonly publicKey: string;
  /** Voting weight, a positive safe integer; default 1. */
  readonly weight?: number;
}

export interface Validator {
  readonly id: PeerId;
  readonly publicKey: string;
  readonly weight: number;
}

export class ValidatorSet implements KnownSenders<PeerId> {
  readonly members: readonly Validator[];
  readonly size: number;
  readonly totalWeight: number;
  readonly faultyWeight: number;
  readonly quorumWeight: number;
  /** The most members that can fail within `faultyWeight` (the lightest ones); f for equal votes. */
  readonly maxFaultyMembers: number;
  /**
   * SHA-256 (hex) of the members with their keys and weights: what every signature of a chain
   * binds, so nothing signed under one validator set counts under another.
   */
  readonly digest: string;
  private readonly byId: ReadonlyMap<PeerId, Validator>;
  private readonly positions: ReadonlyMap<PeerId, number>;

  private constructor(members: readonly Validator[]) {
    this.members = members;
    this.size = members.length;
    this.byId = new Map(members.map((m) => [m.id, m]));
    this.positions = new Map(members.map((m, i) => [m.id, i]));
    this.totalWeight = members.reduce((sum, m) => sum + m.weight, 0);
    this.faultyWeight = Math.floor((this.totalWeight - 1) / 3);
    this.quorumWeight = Math.floor((2 * this.totalWeight) / 3) + 1;
    this.digest = sha256Hex(
      'rx-consensus/validator-set/v1\n' +
        canonicalJsonOf(members.map(({ id, publicKey, weight }) => ({ id, publicKey, weight }))),
    );
    this.maxFaultyMembers = countWithin(
      members.map((m) => m.weight).sort((a, b) => a - b),
      this.faultyWeight,
    );
  }

  /** Build a set; a configuration error (no members, a duplicate id or public key, a bad weight) throws. */
  static of(members: readonly ValidatorInput[]): ValidatorSet {
    if (members.length === 0) throw new RangeError('a validator set needs at least one member');
    const seen = new Set<PeerId>();
    const keys = new Map<string, PeerId>();
    const validators = members.map((m): Validator => {
      const weight = m.weight ?? 1;
      if (!Number.isSafeInteger(weight) || weight <= 0) {
        throw new RangeError(`validator ${m.id}: weight must be a positive integer, got ${weight}`);
      }
      if (seen.has(m.id)) throw new RangeError(`validator ${m.id} is listed twice`);
      seen.add(m.id);
      // Two members with one key are one signer counted twice: its weight would be doubled.
      const other = keys.get(m.publicKey);
      if (other !== undefined)
        throw new RangeError(`validators ${other} and ${m.id} have the same public key`);
      keys.set(m.publicKey, m.id);
      return { id: m.id, publicKey: m.publicKey, weight };
    });
    validators.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (!Number.isSafeInteger(validators.reduce((sum, m) => sum + m.weight, 0) * 2)) {
      throw new RangeError('total validator weight is too large');
    }
    return new ValidatorSet(validators);
  }

  /** Members that must be live for honest progress: all but the most that may be faulty. */
  get minimumLive(): number {
    return this.size - this.maxFaultyMembers;
  }

  has(id: PeerId): boolean {
    return this.byId.has(id);
  }

  member(id: PeerId): Validator | undefined {
    return this.byId.get(id);
  }

  weightOf(id: PeerId): number {
    return this.byId.get(id)?.weight ?? 0;
  }

  peerOf(id: string): PeerId | undefined {
    return this.byId.has(id) ? id : undefined;
  }

  publicKeyOf(id: string): string | undefined {
    return this.byId.get(id)?.publicKey;
  }

  /** Every member in priority order for `rank`: round robin, starting at member `rank mod n`. */
  leaderOrder(rank: number): PeerId[] {
    const start = mod(rank, this.size);
    return this.members.map((_, i) => this.members[(start + i) % this.size]!.id);
  }

  /** `id`'s position in `leaderOrder(rank)` (0 = first); undefined for a non-member. */
  priorityOf(rank: number, id: PeerId): number | undefined {
    const position = this.positions.get(id);
    return position === undefined ? undefined : mod(position - rank, this.size);
  }
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

/** How many of the ascending `weights` fit within `budget`. */
function countWithin(weights: readonly number[], budget: number): number {
  let count = 0;
  let used = 0;
  for (const w of weights) {
    if (used + w > budget) break;
    used += w;
    count++;
  }
  return count;
}
