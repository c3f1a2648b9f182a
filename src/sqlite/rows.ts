/**
 * The store's rows read back into the reference protocol's values: each row's checksum checked,
 * its JSON parsed and decoded with the protocol's codecs. A row that fails any of it is damage,
 * a `StoreCorruptError` naming the file and the record.
 */
import type * as t from 'io-ts';
import { isRight } from 'fp-ts/Either';
import {
  BallotCodec,
  FrameCodec,
  QuorumCertCodec,
  TimeoutVoteCodec,
  type Ballot,
  type Frame,
  type TimeoutVote,
} from '../reference/types';
import type { FinalizedEntry, SafetyState, SignedAtRank } from '../reference/store/types';
import { StoreCorruptError, type SignedKind } from './errors';
import { checksum } from './schema';

const SIGNED_CODECS = { proposal: FrameCodec, vote: BallotCodec, timeout: TimeoutVoteCodec } as const;

/** A record of the `signed`, `certified` or `finalized` table. */
export interface Row {
  readonly rank: number;
  readonly body: string;
  readonly sum: string;
}

/** A row of the `safety` table. */
export interface SafetyRow {
  readonly voted: number;
  readonly timeout: number;
  readonly locked: number;
  readonly sum: string;
}

/** What was signed at `rank`, from its rows (none: nothing was). */
export function signedOf(
  file: string,
  rank: number,
  rows: readonly (Row & { kind: SignedKind })[],
): SignedAtRank | undefined {
  if (rows.length === 0) return undefined;
  const signed: { proposal?: Frame; vote?: Ballot; timeout?: TimeoutVote } = {};
  for (const row of rows) {
    const codec = SIGNED_CODECS[row.kind] as t.Type<unknown> | undefined;
    if (codec === undefined)
      throw new StoreCorruptError(file, `unknown signed kind ${JSON.stringify(row.kind)} at rank ${rank}`);
    const what = `signed ${row.kind} at rank ${rank}`;
    if (row.sum !== checksum('signed', rank, row.kind, row.body))
      throw new StoreCorruptError(file, `${what} checksum`);
    const decoded = codec.decode(parse(file, row.body, what));
    if (!isRight(decoded)) throw new StoreCorruptError(file, `${what} is malformed`);
    (signed as Record<string, unknown>)[row.kind] = decoded.right;
  }
  return signed;
}

/** A certified or finalized frame with its certificate, from its row. */
export function entryOf(file: string, row: Row, table: 'certified' | 'finalized'): FinalizedEntry {
  const what = `${table} record at rank ${row.rank}`;
  if (row.sum !== checksum(table, row.rank, row.body)) throw new StoreCorruptError(file, `${what} checksum`);
  const value = parse(file, row.body, what) as { frame?: unknown; certificate?: unknown };
  const frame = FrameCodec.decode(value?.frame);
  const certificate = QuorumCertCodec.decode(value?.certificate);
  if (!isRight(frame) || !isRight(certificate)) throw new StoreCorruptError(file, `${what} is malformed`);
  return { frame: frame.right, certificate: certificate.right };
}

/** The safety state, from its row. */
export function safetyOf(file: string, row: SafetyRow): SafetyState {
  if (row.sum !== checksum('safety', row.voted, row.timeout, row.locked))
    throw new StoreCorruptError(file, 'safety record checksum');
  return { highestVotedRank: row.voted, highestTimeoutRank: row.timeout, lockedRank: row.locked };
}

function parse(file: string, body: string, what: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new StoreCorruptError(file, `${what} is not JSON`);
  }
}
