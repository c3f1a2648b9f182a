/**
 * What a signed field claims is checked against the evidence it summarizes, and every signature
 * is bound to one chain: a timeout must prove its highQcRank, a timeout certificate must carry
 * the QC of exactly its highest claim, and a ballot, timeout vote, envelope or certificate signed
 * for one chain is refused on another even when the validators' keys are the same.
 */
import {
  chainScope,
  checkBallot,
  checkQuorumCert,
  checkTimeoutCert,
  checkTimeoutMessage,
  checkTimeoutVote,
  ed25519Verifier,
  genesisCertificate,
  genesisFrame,
  signTimeout,
  timeoutCert,
  verificationFor,
  type QuorumCert,
  type TimeoutCert,
  type TimeoutVote,
} from '../../src/reference';
import { ballotFor, certify, chainOf, frameBy, genesis, keyring, receiver, seal } from './support';

const ring = keyring(4); // quorum 3
const v = verificationFor(ring.validators, ed25519Verifier, genesis);
const timeout = (voter: string, rank: number, highQcRank: number, chain = chainOf(ring)): TimeoutVote =>
  signTimeout(rank, voter, highQcRank, ring.signer(voter), chain);

// A chain: frame a at rank 1 (certified), so QC(1) exists; nothing is certified at 2 or 3.
const a = frameBy(ring, 'v1');
const qc1 = certify(ring, a);
const qc0 = genesisCertificate(genesis);

describe('a timeout proves what it claims', () => {
  it('a timeout message whose QC is below its claim is refused, naming both ranks', () => {
    const lie = { timeout: timeout('v3', 4, 3), highQc: qc1, lastTc: null };
    expect(checkTimeoutMessage(lie, v)).toMatchObject({
      _tag: 'Left',
      left: { field: 'highQc.rank', problem: 'the timeout claims a QC at rank 3 but proves only rank 1' },
    });
  });

  it('a timeout message with a QC at least as high as its claim is taken', () => {
    expect(checkTimeoutMessage({ timeout: timeout('v3', 4, 1), highQc: qc1, lastTc: null }, v)._tag).toBe(
      'Right',
    );
    expect(checkTimeoutMessage({ timeout: timeout('v3', 4, 0), highQc: qc1, lastTc: null }, v)._tag).toBe(
      'Right',
    );
  });
});

describe('a timeout certificate carries the QC of its highest claim', () => {
  const honest = ['v0', 'v1', 'v2'].map((id) => timeout(id, 3, 1));
  const good: TimeoutCert = { rank: 3, timeouts: honest, highQc: qc1 };

  it('is valid when its QC is valid and at exactly the highest claim', () => {
    expect(checkTimeoutCert(good, v)).toEqual({ _tag: 'Right', right: good });
  });

  it('is refused when its QC does not match its largest claim, above or below', () => {
    const poisoned = { ...good, timeouts: [...honest.slice(0, 2), timeout('v3', 3, 2)] };
    expect(checkTimeoutCert(poisoned, v)).toMatchObject({
      left: { field: 'highQc.rank', problem: 'the certificate proves rank 1, but its highest claim is 2' },
    });
    expect(checkTimeoutCert({ ...good, highQc: qc0 }, v)).toMatchObject({ left: { field: 'highQc.rank' } });
  });

  it('is refused when its QC is not a valid certificate', () => {
    const forged: QuorumCert = { ...qc1, votes: qc1.votes.slice(0, 2) };
    expect(checkTimeoutCert({ ...good, highQc: forged }, v)).toMatchObject({
      left: { field: 'highQc.votes' },
    });
  });

  it('is refused inside a timeout message as its lastTc', () => {
    const poisoned = { ...good, timeouts: [...honest.slice(0, 2), timeout('v3', 3, 2)] };
    const message = { timeout: timeout('v0', 4, 1), highQc: qc1, lastTc: poisoned };
    expect(checkTimeoutMessage(message, v)).toMatchObject({ left: { field: 'lastTc.highQc.rank' } });
  });

  it('is formed only from proven claims: an unproven vote is left out while the rest make a quorum', () => {
    const weightOf = (id: string): number => ring.validators.weightOf(id);
    const proven = ['v0', 'v1', 'v2'].map((id) => ({ vote: timeout(id, 3, 1), qc: qc1 }));
    const liar = { vote: timeout('v3', 3, 2), qc: qc1 };
    const formed = timeoutCert(3, [...proven, liar], weightOf, 3);
    expect(formed?.timeouts.map((t) => t.voter)).toEqual(['v0', 'v1', 'v2']);
    expect(formed?.highQc).toBe(qc1);
    expect(checkTimeoutCert(formed!, v)._tag).toBe('Right');
    // Two proven votes and the liar weigh the quorum, but the liar's claim has no proof.
    expect(timeoutCert(3, [...proven.slice(0, 2), liar], weightOf, 3)).toBeNull();
  });
});

describe('one chain per signature', () => {
  const otherGenesis = genesisFrame('another-chain');
  const other = chainScope(otherGenesis, ring.validators);
  const vOther = verificationFor(ring.validators, ed25519Verifier, otherGenesis);

  it('the scope binds the genesis and the validator set', () => {
    expect(other).not.toBe(chainOf(ring));
    expect(chainScope(genesis, keyring(5).validators)).not.toBe(chainOf(ring));
  });

  it('a ballot of this chain is refused on another with the same keys', () => {
    expect(checkBallot(ballotFor(ring, 'v2', a), vOther)).toMatchObject({
      left: { reason: 'bad_signature', problem: "not v2's signature over the ballot on this chain" },
    });
  });

  it('a timeout vote and a certificate of this chain are refused on another', () => {
    expect(checkTimeoutVote(timeout('v2', 3, 1), vOther)._tag).toBe('Left');
    // Chain B's genesis differs, so chain A's QC does not even name a frame of B's.
    expect(checkQuorumCert(qc1, vOther)._tag).toBe('Left');
    const tc: TimeoutCert = {
      rank: 3,
      timeouts: ['v0', 'v1', 'v2'].map((id) => timeout(id, 3, 0)),
      highQc: qc0,
    };
    expect(checkTimeoutCert(tc, v)._tag).toBe('Right');
    const tcOnB = { ...tc, highQc: genesisCertificate(otherGenesis) };
    expect(checkTimeoutCert(tcOnB, vOther)).toMatchObject({ left: { reason: 'bad_signature' } });
  });

  it('an envelope of another chain is refused before any other work, saying so', () => {
    const r = receiver(ring);
    const envelope = { ...seal(ring, { kind: 'proposal', peer: 'v1', proposal: a }), chain: other };
    expect(r.inbound.accept(envelope)).toMatchObject({
      _tag: 'Left',
      left: {
        reason: 'malformed',
        field: 'chain',
        problem: `signed for another chain ("${other}"); this node is on "${chainOf(ring)}"`,
      },
    });
  });
});
