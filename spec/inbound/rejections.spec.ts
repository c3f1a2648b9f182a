import { signEnvelope, encodeEnvelope, encodeEnvelopeText, type Envelope } from '../../src/wire';
import { left } from 'fp-ts/Either';
import {
  ed25519Verifier,
  makeCollected,
  referenceDomain,
  seededSigner,
  type Ballot,
  type Collected,
  type Frame,
  type PeerId,
} from '../../src/reference';
import {
  createGuardedInbound,
  INBOUND_REJECTION_REASONS,
  verifyEquivocation,
  type InboundRejection,
  type InboundTarget,
} from '../../src/inbound';
import { MACHINE_REJECTION_REASONS, REJECTION_REASONS, Rejection } from '../../src/engine/rejection';
import {
  ballotFor,
  frameBy,
  genesis,
  chainOf,
  keyring,
  receiver,
  seal,
  sealBytes,
  type Receiver,
} from '../reference/support';

const ring = keyring(4);
const proposalBy = (id: string, prior = genesis) =>
  sealBytes(ring, { kind: 'proposal', peer: id, proposal: frameBy(ring, id, prior) });

function rejected(r: Receiver, input: unknown): InboundRejection {
  const before = r.machine.getSnapshot();
  const result = r.inbound.accept(input);
  if (result._tag === 'Right') throw new Error(`expected a rejection, got ${result.right.verdict.status}`);
  expect(r.machine.getSnapshot()).toBe(before);
  return result.left;
}

describe('guarded inbound: accepted messages', () => {
  it('a signed proposal, vote, liveness check and confirmation reach the machine', () => {
    const r = receiver(ring);
    const f = frameBy(ring, 'v1');
    const accepted = [
      sealBytes(ring, { kind: 'proposal', peer: 'v1', proposal: f }),
      sealBytes(ring, { kind: 'vote', proposer: 'v1', voter: 'v2', vote: ballotFor(ring, 'v2', f) }),
      sealBytes(ring, { kind: 'liveness', peer: 'v3', collected: makeCollected(1, ['m']) }),
      sealBytes(ring, { kind: 'confirmation', peer: 'v2', confirmation: f }),
    ].map((bytes) => r.inbound.accept(bytes));
    expect(accepted.map((a) => (a._tag === 'Right' ? a.right.verdict.status : a.left.message))).toEqual([
      'stored',
      'stored',
      'stored',
      'stored',
    ]);
    expect(r.machine.getSnapshot().rounds.counts()).toEqual([
      { rank: 1, liveness: 1, proposals: 1, votes: 1, confirmations: 1 },
    ]);
    expect(r.inbound.counts()).toMatchObject({ accepted: 4, rejected: 0 });
  });

  it('the same message again is a duplicate, not a rejection', () => {
    const r = receiver(ring);
    const bytes = proposalBy('v1');
    r.inbound.accept(bytes);
    expect(r.inbound.accept(bytes)).toMatchObject({
      _tag: 'Right',
      right: { verdict: { status: 'duplicate' } },
    });
  });

  it('accepts text and already-parsed envelopes too', () => {
    const r = receiver(ring);
    const envelope = seal(ring, { kind: 'proposal', peer: 'v1', proposal: frameBy(ring, 'v1') });
    expect(r.inbound.accept(encodeEnvelopeText(envelope))._tag).toBe('Right');
    const other = seal(ring, { kind: 'proposal', peer: 'v2', proposal: frameBy(ring, 'v2') });
    expect(r.inbound.accept(JSON.parse(JSON.stringify(other)))._tag).toBe('Right');
  });
});

describe('guarded inbound: every rejection is typed, counted, published and leaves the machine as it was', () => {
  it('oversized', () => {
    const r = receiver(ring, 'v0', 100);
    const seen: InboundRejection[] = [];
    r.inbound.rejection$.subscribe((x) => seen.push(x));
    const rejection = rejected(r, proposalBy('v1'));
    expect(rejection).toMatchObject({ reason: 'oversized', limit: 100 });
    expect(rejection.message).toMatch(/^oversized: \d+ bytes is over the 100-byte limit$/);
    expect(seen).toEqual([rejection]);
    expect(r.inbound.counts()).toMatchObject({
      accepted: 0,
      rejected: 1,
      byReason: { oversized: 1, malformed: 0 },
    });
  });

  it('malformed: not JSON, not an envelope, a bad body field', () => {
    const r = receiver(ring);
    expect(rejected(r, 'not json').message).toMatch(/^malformed: \(root\): not JSON/);
    expect(rejected(r, '{"chain":"","kind":"vote"}').message).toBe(
      'malformed: sender: expected sender id (1 to 128 characters), got nothing (missing)',
    );
    const badBody = signEnvelope(
      {
        chain: chainOf(ring),
        kind: 'confirmation',
        sender: 'v1',
        rank: 1,
        body: { confirmation: { rank: 1 } },
      },
      ring.signer('v1'),
    );
    expect(rejected(r, encodeEnvelope(badBody)).message).toBe(
      'malformed: body.confirmation.id: expected frame id (64 lowercase hex characters), got nothing (missing)',
    );
    // A proposal is signed by its frame: a frame without an id has nothing to verify.
    const noFrameId = signEnvelope(
      { chain: chainOf(ring), kind: 'proposal', sender: 'v1', rank: 1, body: { proposal: { rank: 1 } } },
      ring.signer('v1'),
    );
    expect(rejected(r, encodeEnvelope(noFrameId)).message).toBe(
      'malformed: body.proposal.id: expected a string, got nothing (missing)',
    );
    expect(r.inbound.counts().byReason.malformed).toBe(4);
  });

  it('malformed: a proposal passed off by someone other than its proposer', () => {
    const r = receiver(ring);
    const relayed = seal(ring, { kind: 'proposal', peer: 'v2', proposal: frameBy(ring, 'v1') });
    expect(rejected(r, relayed).message).toBe(
      'malformed: body.proposal.proposer: the proposer v1 is not the sender v2',
    );
  });

  it('unknown sender', () => {
    const r = receiver(ring);
    const stranger = signEnvelope(
      { chain: chainOf(ring), kind: 'liveness', sender: 'mallory', rank: 1, body: {} },
      seededSigner('mallory'),
    );
    const rejection = rejected(r, encodeEnvelope(stranger));
    expect(rejection).toMatchObject({ reason: 'unknown_sender', sender: 'mallory' });
    expect(rejection.message).toBe('unknown sender "mallory": not a known validator');
  });

  it('bad signature on the envelope', () => {
    const r = receiver(ring);
    const envelope = seal(ring, { kind: 'confirmation', peer: 'v1', confirmation: frameBy(ring, 'v1') });
    const forged: Envelope = {
      ...envelope,
      signature: seal(ring, { kind: 'confirmation', peer: 'v2', confirmation: frameBy(ring, 'v2') })
        .signature,
    };
    const rejection = rejected(r, encodeEnvelope(forged));
    expect(rejection).toMatchObject({ reason: 'bad_signature', sender: 'v1', field: 'signature' });
    expect(rejection.message).toBe(
      'bad signature from "v1": signature: does not verify under the sender key',
    );
  });

  it("bad signature on a proposal: the envelope must carry its frame's signature", () => {
    const r = receiver(ring);
    const envelope = seal(ring, { kind: 'proposal', peer: 'v1', proposal: frameBy(ring, 'v1') });
    expect(envelope.signature).toBe(frameBy(ring, 'v1').signature);
    const forged: Envelope = {
      ...envelope,
      signature: seal(ring, { kind: 'proposal', peer: 'v2', proposal: frameBy(ring, 'v2') }).signature,
    };
    const rejection = rejected(r, encodeEnvelope(forged));
    expect(rejection).toMatchObject({ reason: 'bad_signature', sender: 'v1', field: 'signature' });
    expect(rejection.message).toBe(
      'bad signature from "v1": signature: is not the signature of the item it carries (body.proposal.signature)',
    );
  });

  it('bad signature inside the body (a ballot the voter did not sign)', () => {
    const r = receiver(ring);
    const f = frameBy(ring, 'v1');
    const ballot = { ...ballotFor(ring, 'v2', f), signature: ballotFor(ring, 'v3', f).signature };
    const envelope = seal(ring, { kind: 'vote', proposer: 'v1', voter: 'v2', vote: ballot });
    expect(rejected(r, envelope).message).toBe(
      'bad signature from "v2": body.vote.signature: does not verify under the sender key',
    );
  });

  it('stale', () => {
    const r = receiver(ring);
    const zero = signEnvelope(
      {
        chain: chainOf(ring),
        kind: 'liveness',
        sender: 'v1',
        rank: 0,
        body: { collected: makeCollected(0, []) },
      },
      ring.signer('v1'),
    );
    const rejection = rejected(r, encodeEnvelope(zero));
    expect(rejection).toMatchObject({
      reason: 'stale',
      kind: 'liveness',
      sender: 'v1',
      rank: 0,
      activeRank: 0,
    });
    expect(rejection.message).toBe('stale liveness from "v1": rank 0 is at or below the active rank 0');
  });

  it('too far ahead', () => {
    const r = receiver(ring);
    const far = seal(ring, { kind: 'liveness', peer: 'v1', collected: makeCollected(17, []) });
    const rejection = rejected(r, far);
    expect(rejection).toMatchObject({ reason: 'too_far_ahead', rank: 17, activeRank: 0, window: 16 });
    expect(rejection.message).toBe(
      'liveness from "v1" too far ahead: rank 17 is beyond active rank 0 + window 16',
    );
    expect(
      r.inbound.accept(seal(ring, { kind: 'liveness', peer: 'v1', collected: makeCollected(16, []) }))._tag,
    ).toBe('Right');
  });

  it('equivocation, with both signed envelopes as evidence that verifies', () => {
    const r = receiver(ring);
    const a = frameBy(ring, 'v1');
    const b = frameBy(ring, 'v2');
    const first = seal(ring, { kind: 'vote', proposer: 'v1', voter: 'v3', vote: ballotFor(ring, 'v3', a) });
    const second = seal(ring, { kind: 'vote', proposer: 'v2', voter: 'v3', vote: ballotFor(ring, 'v3', b) });
    expect(r.inbound.accept(encodeEnvelope(first))._tag).toBe('Right');
    const rejection = rejected(r, encodeEnvelope(second));
    expect(rejection).toMatchObject({
      reason: 'equivocation',
      voter: 'v3',
      rank: 1,
      firstId: `${a.id}@v1`,
      secondId: `${b.id}@v2`,
    });
    expect(rejection.message).toBe(
      `equivocation: voter "v3" voted for ${a.id}@v1 and for ${b.id}@v2 at rank 1`,
    );
    if (rejection.reason !== 'equivocation') throw new Error('unreachable');
    expect(rejection.first).toEqual(first);
    expect(rejection.second).toEqual(second);
    const proven = verifyEquivocation(rejection, {
      domain: r.node.domain,
      validators: ring.validators,
      verifier: r.node.verifier,
      check: r.node.checkMessage,
    });
    expect(proven).toMatchObject({ _tag: 'Right', right: { voter: 'v3', rank: 1 } });
  });

  it('equivocation the machine finds itself (no signed first vote held) still has the second as evidence', () => {
    const r = receiver(ring);
    const a = frameBy(ring, 'v1');
    const b = frameBy(ring, 'v2');
    expect(r.machine.receiveVote('v1', 'v3', ballotFor(ring, 'v3', a))._tag).toBe('Right');
    const second = seal(ring, { kind: 'vote', proposer: 'v2', voter: 'v3', vote: ballotFor(ring, 'v3', b) });
    const rejection = rejected(r, second);
    expect(rejection).toMatchObject({
      reason: 'equivocation',
      first: null,
      second,
      firstId: `${a.id}@v1`,
      secondId: `${b.id}@v2`,
    });
  });

  it('conflict: two different proposals from one proposer at one rank', () => {
    const r = receiver(ring);
    r.inbound.accept(proposalBy('v1'));
    const other = seal(ring, { kind: 'proposal', peer: 'v1', proposal: frameBy(ring, 'v1', genesis, ['x']) });
    const rejection = rejected(r, other);
    expect(rejection).toMatchObject({
      reason: 'conflict',
      kind: 'proposal',
      sender: 'v1',
      rank: 1,
      second: other,
    });
    expect(rejection.message).toMatch(
      /^conflicting proposal: "v1" sent [0-9a-f]{64} and [0-9a-f]{64} at rank 1$/,
    );
  });

  it('refused: the machine is closed, or the path is', () => {
    const r = receiver(ring);
    r.machine.close();
    expect(rejected(r, proposalBy('v1')).message).toBe('refused: the machine is closed');
    r.inbound.close();
    expect(r.inbound.accept(proposalBy('v2'))).toMatchObject({
      left: { message: 'refused: the inbound path is closed' },
    });
    expect(r.inbound.counts().byReason.refused).toBe(2);
  });
});

describe('guarded inbound: one vocabulary of reasons with the machine', () => {
  it('every reason either side gives is a word of REJECTION_REASONS', () => {
    const vocabulary = Object.keys(REJECTION_REASONS);
    expect(vocabulary).toEqual(expect.arrayContaining([...INBOUND_REJECTION_REASONS]));
    expect(vocabulary).toEqual(expect.arrayContaining([...MACHINE_REJECTION_REASONS]));
  });

  it("keeps the machine's reason when the path has it: a body naming a non-member is unknown_peer, not an unknown sender", () => {
    const refusing: InboundTarget<Frame, Ballot, PeerId, Collected> = {
      getSnapshot: () => ({ activeRank: 0 }),
      receiveProposal: () => left(new Rejection({ reason: 'closed' })),
      receiveVote: () =>
        left(new Rejection({ reason: 'unknown_peer', kind: 'vote', field: 'proposer', peerId: 'v9' })),
      receiveLivenessCheck: () => left(new Rejection({ reason: 'closed' })),
      receiveConfirmation: () => left(new Rejection({ reason: 'closed' })),
    };
    const inbound = createGuardedInbound({
      machine: refusing,
      domain: referenceDomain,
      chain: chainOf(ring),
      validators: ring.validators,
      verifier: ed25519Verifier,
    });
    const f = frameBy(ring, 'v1');
    const result = inbound.accept(
      sealBytes(ring, { kind: 'vote', proposer: 'v1', voter: 'v2', vote: ballotFor(ring, 'v2', f) }),
    );
    expect(result).toMatchObject({
      _tag: 'Left',
      left: {
        reason: 'unknown_peer',
        kind: 'vote',
        sender: 'v2',
        field: 'proposer',
        peerId: 'v9',
        message: 'vote from "v2" refused: proposer "v9" is not a member',
      },
    });
    expect(inbound.counts().byReason.unknown_peer).toBe(1);
  });
});
