/**
 * The testnet's verdict, read from every validator's durable store after the run: do they agree
 * on the frame at every finalized rank (and on which ranks were finalized, up to the shortest
 * chain), and did any validator sign two different messages of one kind at one rank? The second
 * is judged by what its peers received (each validator logs every signed item it accepted), not
 * by the signer's own journal, which would refuse a second message before recording it.
 */
import { auditStoreFile, type StoreAudit } from '../sqlite';
import { readReceivedLog, type ReceivedEntry } from './received-log';

export type { ReceivedEntry } from './received-log';

export interface Verdict {
  readonly agree: boolean;
  /** How many validators signed two different messages of one kind at some rank, as peers received them. */
  readonly doubleSigned: number;
  /** The highest rank every validator finalized (-1 when one finalized nothing). */
  readonly ranks: number;
  /** Each validator's highest finalized rank. */
  readonly finalizedRank: Readonly<Record<string, number>>;
  /** The first disagreement found, for the report. */
  readonly conflict?: string;
  /** Stores that could not be read (corrupt): a failed verdict. */
  readonly unreadable: Readonly<Record<string, string>>;
}

/**
 * `stores`: each validator's store file. `received`: each validator's received log, its current
 * file (its rotated file is read too; absent files count as empty); double signing is read from
 * them, and from the stores' journals as well.
 */
export function verdictOf(
  stores: Readonly<Record<string, string>>,
  received: Readonly<Record<string, string>> = {},
): Verdict {
  const audits: [string, StoreAudit][] = [];
  const unreadable: Record<string, string> = {};
  for (const [id, file] of Object.entries(stores)) {
    try {
      audits.push([id, auditStoreFile(file)]);
    } catch (err) {
      unreadable[id] = err instanceof Error ? err.message : String(err);
    }
  }
  const finalizedRank = Object.fromEntries(audits.map(([id, a]) => [id, a.finalizedRank]));
  const ranks = audits.length === 0 ? -1 : Math.min(...audits.map(([, a]) => a.finalizedRank));
  const conflict = firstConflict(audits);
  return {
    agree: conflict === undefined && Object.keys(unreadable).length === 0,
    doubleSigned: new Set([
      ...audits.filter(([, a]) => a.doubleSignedRanks.length > 0).map(([id]) => id),
      ...doubleSignersReceived(Object.values(received)),
    ]).size,
    ranks,
    finalizedRank,
    ...(conflict === undefined ? {} : { conflict }),
    unreadable,
  };
}

/** Two chains agree when, up to the shorter one's end, they finalized the same frames at the same ranks. */
export function firstConflict(
  audits: readonly (readonly [string, Pick<StoreAudit, 'finalized' | 'finalizedRank'>])[],
): string | undefined {
  for (let i = 0; i < audits.length; i += 1) {
    for (let j = i + 1; j < audits.length; j += 1) {
      const [idA, a] = audits[i]!;
      const [idB, b] = audits[j]!;
      const upTo = Math.min(a.finalizedRank, b.finalizedRank);
      for (const rank of new Set([...a.finalized.keys(), ...b.finalized.keys()])) {
        if (rank > upTo) continue;
        const [x, y] = [a.finalized.get(rank), b.finalized.get(rank)];
        if (x !== y) return `rank ${rank}: ${idA} finalized ${x ?? 'nothing'}, ${idB} ${y ?? 'nothing'}`;
      }
    }
  }
  return undefined;
}

/** Signers of whom some validator received two different items of one kind at one rank. */
export function doubleSignersReceived(files: readonly string[]): Set<string> {
  return doubleSigners(files.flatMap(readReceivedLog));
}

/** Signers with two different items of one kind at one rank among `entries`. */
export function doubleSigners(entries: Iterable<ReceivedEntry>): Set<string> {
  const first = new Map<string, string>();
  const signers = new Set<string>();
  for (const entry of entries) {
    const key = `${entry.signer}\n${entry.kind}\n${entry.rank}`;
    const known = first.get(key);
    if (known === undefined) first.set(key, entry.item);
    else if (known !== entry.item) signers.add(entry.signer);
  }
  return signers;
}
