/** Well-formed reference-protocol records for store tests (the store checks shape, not signatures). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Ballot, Frame, QuorumCert, TimeoutVote } from '../../src/reference/types';
import type { FinalizedEntry, ValidatorStore } from '../../src/reference/store/types';
import { afterTimeout, afterVote } from '../../src/reference/safety-rules';

export const hex64 = (n: number): string => n.toString(16).padStart(64, '0');
const sig = 'ab'.repeat(64);

export const frameAt = (rank: number, salt = 0): Frame => ({
  rank,
  id: hex64(rank * 1000 + salt + 1),
  parent: rank === 0 ? 'genesis' : hex64((rank - 1) * 1000 + 1),
  proposer: 'v1',
  mutations: [`m${rank}`],
  proof: '',
  justify: null,
  timeout: null,
  signature: sig,
});

export const voteAt = (rank: number, salt = 0): Ballot => ({
  rank,
  voter: 'v1',
  proposal: frameAt(rank, salt).id,
  proposer: 'v1',
  signature: sig,
});

export const timeoutAt = (rank: number, highQcRank = 0): TimeoutVote => ({
  rank,
  voter: 'v1',
  highQcRank,
  signature: sig,
});

export const certFor = (frame: Frame): QuorumCert => ({
  rank: frame.rank,
  frame: frame.id,
  votes: [voteAt(frame.rank)],
});

export const entryAt = (rank: number): FinalizedEntry => {
  const frame = frameAt(rank);
  return { frame, certificate: certFor(frame) };
};

export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'rx-consensus-store-'));

/**
 * Record `voteAt(rank, salt)` in `store` the way a validator does: with the safety state the
 * safety rules compute after voting for a frame that builds on a QC at `lockedRank`.
 */
export const recordVote = (store: ValidatorStore, rank: number, lockedRank: number, salt = 0): void =>
  store.recordVote(
    voteAt(rank, salt),
    afterVote(store.safety(), {
      ...frameAt(rank),
      justify: { rank: lockedRank, frame: hex64(0), votes: [] },
    }),
  );

/** Record `timeoutAt(rank, highQcRank)` with the safety state the safety rules compute after it. */
export const recordTimeout = (store: ValidatorStore, rank: number, highQcRank: number): void =>
  store.recordTimeout(timeoutAt(rank, highQcRank), afterTimeout(store.safety(), rank, highQcRank));
