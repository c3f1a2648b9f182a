/**
 * A small seeded random generator (xoroshiro128plus from pure-rand, stepped in place for speed).
 * Same seed ⇒ same sequence; `fork(label)` derives an independent stream from the seed and label only.
 */
import { unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from 'pure-rand';

export interface Rng {
  /** The path this stream was derived from (`"<seed>"`, then `/label` per fork): its identity. */
  readonly key: string;
  /** A float in [0, 1) with 53 random bits. */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability `p` (always draws one value, so consumption does not depend on `p`). */
  chance(p: number): boolean;
  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T;
  /**
   * An independent stream named by `label`. It depends only on this stream's key and the label, not
   * on how many values were drawn so far, so streams can be created lazily in any order.
   */
  fork(label: string): Rng;
}

const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;

export function createRng(seed: number): Rng {
  return rngFromKey(String(seed));
}

function rngFromKey(key: string): Rng {
  const generator = seededGenerator(key);
  return {
    key,
    next: () => nextFloat(generator),
    int(min, max) {
      if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) {
        throw new RangeError(`rng.int: need safe integers min <= max, got ${min}, ${max}`);
      }
      return unsafeUniformIntDistribution(min, max, generator);
    },
    chance: (p) => nextFloat(generator) < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('rng.pick: empty array');
      return items[unsafeUniformIntDistribution(0, items.length - 1, generator)] as T;
    },
    fork: (label) => rngFromKey(`${key}/${label}`),
  };
}

function nextFloat(generator: RandomGenerator): number {
  const high = generator.unsafeNext() >>> 5; // 27 bits
  const low = generator.unsafeNext() >>> 6; // 26 bits
  return (high * TWO_POW_26 + low) / TWO_POW_53;
}

/** 128 bits of state hashed from the key, so nearby seeds and labels give unrelated streams. */
function seededGenerator(key: string): RandomGenerator {
  const a = hash32(key, 0x9e3779b9);
  const b = hash32(key, 0x85ebca6b);
  const c = hash32(key, 0xc2b2ae35);
  const d = hash32(key, 0x27d4eb2f);
  // All-zero is xoroshiro's one forbidden state.
  return xoroshiro128plus.fromState([(a | b | c | d) === 0 ? 1 : a, b, c, d]);
}

/** FNV-1a over UTF-16 code units, salted, with murmur3's finalizer for avalanche. */
function hash32(text: string, salt: number): number {
  let h = (0x811c9dc5 ^ salt) | 0;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}
