/**
 * One signature per proposal and per vote: their envelopes carry the frame's or the ballot's
 * signature instead of a second one over the envelope, a receiver verifies that one signature
 * once, and every envelope field the item fixes is checked against it before any signature work.
 */
import { cachingVerifier, referenceMessageCheck, verificationFor } from '../../src/reference';
import { cryptoBackend } from '../../src/reference/crypto-backend';
import { referenceDomain } from '../../src/reference/domain';
import { verifyEquivocation } from '../../src/inbound/evidence';
import {
  encodeEnvelope,
  encodeEnvelopeText,
  envelopeSigningBytes,
  sealMessage,
  sealMessageWithText,
  verifyEnvelope,
  type Envelope,
} from '../../src/wire';
import { ballotFor, chainOf, countingVerifier, frameBy, genesis, keyring, receiver, seal } from './support';

const ring = keyring(4);
const frame = frameBy(ring, 'v1');
const vote = (voter = 'v2', f = frame) =>
  seal(ring, { kind: 'vote', proposer: f.proposer, voter, vote: ballotFor(ring, voter, f) });
const proposal = () => seal(ring, { kind: 'proposal', peer: 'v1', proposal: frame });

/** A guarded inbound path whose Ed25519 calls are counted, behind a signature cache as a node has. */
function countingReceiver() {
  const { verifier: counting, calls } = countingVerifier();
  const { machine, inbound, node } = receiver(ring, undefined, undefined, cachingVerifier(counting));
  return { machine, inbound, calls, checkMessage: node.checkMessage };
}

/** An envelope as plain JSON, for specs to change any field of. */
interface EnvelopeJson {
  sender: string;
  rank: number;
  body: { proposer?: unknown; vote: Record<string, unknown>; proposal: Record<string, unknown> };
}

/** `envelope` with its JSON changed by `edit`, as bytes: what a sender or a relay could send. */
function edited(envelope: Envelope, edit: (json: EnvelopeJson) => void): Uint8Array {
  const json = JSON.parse(JSON.stringify(envelope)) as EnvelopeJson;
  edit(json);
  return Buffer.from(JSON.stringify(json));
}

describe('sealing', () => {
  it("a vote's envelope carries its ballot's signature, a proposal's its frame's: nothing is signed twice", () => {
    expect(vote().signature).toBe(ballotFor(ring, 'v2', frame).signature);
    expect(proposal().signature).toBe(frame.signature);
    const signer = {
      publicKey: ring.signer('v2').publicKey,
      sign: (): never => {
        throw new Error('signed again');
      },
    };
    const ballot = ballotFor(ring, 'v2', frame);
    const message = { kind: 'vote', proposer: 'v1', voter: 'v2', vote: ballot } as const;
    expect(sealMessage(referenceDomain, signer, message, chainOf(ring))).toEqual(vote('v2'));
  });

  it("an envelope's text is its canonical JSON, signed once or by its item", () => {
    const ballot = ballotFor(ring, 'v2', frame);
    for (const message of [
      { kind: 'vote', proposer: 'v1', voter: 'v2', vote: ballot } as const,
      { kind: 'confirmation', peer: 'v2', confirmation: frame } as const,
    ]) {
      const { envelope, text } = sealMessageWithText(
        referenceDomain,
        ring.signer('v2'),
        message,
        chainOf(ring),
      );
      expect(text).toBe(encodeEnvelopeText(envelope));
    }
  });

  it('liveness and confirmations are signed as a whole, over the envelope', () => {
    const confirmation = seal(ring, { kind: 'confirmation', peer: 'v2', confirmation: frame });
    expect(confirmation.signature).not.toBe(frame.signature);
    const key = ring.validators.publicKeyOf('v2')!;
    expect(
      countingVerifier().verifier.verify(key, envelopeSigningBytes(confirmation), confirmation.signature),
    ).toBe(true);
    expect(referenceDomain.itemSigning!.signedItemOf(confirmation)).toBeUndefined();
  });
});

describe('receiving', () => {
  it('a vote and a proposal cost one Ed25519 verification each, the item check finding it verified', () => {
    const { inbound, calls } = countingReceiver();
    expect(inbound.accept(encodeEnvelope(proposal()))).toMatchObject({ _tag: 'Right' });
    // The frame's signature; its certificate is the genesis one, with no ballots.
    expect(calls.verify).toBe(1);
    expect(inbound.accept(encodeEnvelope(vote('v2')))).toMatchObject({ _tag: 'Right' });
    expect(calls.verify).toBe(2);
  });

  it('the proposal the machine stores is the one the inbound path checked: checking it again is free', () => {
    const { machine, inbound, checkMessage } = countingReceiver();
    const accepted = inbound.accept(encodeEnvelope(proposal()));
    if (accepted._tag !== 'Right' || accepted.right.message?.kind !== 'proposal') throw new Error('refused');
    const stored = machine.getSnapshot().rounds.at(1)?.proposals.get('v1');
    expect(stored).toBe(accepted.right.message.proposal);
    expect(Object.isFrozen(stored)).toBe(true);
    // The same check again: the frame's id is not hashed again, nor its signature looked up.
    const hashed = jest.spyOn(cryptoBackend, 'sha256');
    expect(checkMessage({ kind: 'proposal', peer: 'v1', proposal: stored! })).toBeUndefined();
    expect(hashed).not.toHaveBeenCalled();
    hashed.mockRestore();
  });

  it.each([
    [
      'vote',
      'the sender is not the voter',
      (j: EnvelopeJson) => (j.sender = 'v3'),
      'body.vote.voter',
      'the voter v2 is not the sender v3',
    ],
    [
      'vote',
      "the rank is not the ballot's",
      (j: EnvelopeJson) => (j.rank = 2),
      'rank',
      'the envelope says rank 2 but its vote is at rank 1',
    ],
    [
      'vote',
      "the proposer is not the ballot's",
      (j: EnvelopeJson) => (j.body.proposer = 'v3'),
      'body.proposer',
      "v3 is not the ballot's proposer v1",
    ],
    [
      'vote',
      'the ballot is not an object',
      (j: EnvelopeJson) => ((j.body as Record<string, unknown>).vote = 'ballot'),
      'body.vote',
      'expected a ballot, got no object',
    ],
    [
      'vote',
      'the voter is not a string',
      (j: EnvelopeJson) => (j.body.vote.voter = 2),
      'body.vote.voter',
      'expected a string, got 2',
    ],
    [
      'vote',
      'the proposal is missing',
      (j: EnvelopeJson) => delete j.body.vote.proposal,
      'body.vote.proposal',
      'expected a string, got nothing (missing)',
    ],
    [
      'vote',
      'the ballot is null',
      (j: EnvelopeJson) => ((j.body as Record<string, unknown>).vote = null),
      'body.vote',
      'expected a ballot, got no object',
    ],
    [
      'vote',
      "the ballot's proposer is missing",
      (j: EnvelopeJson) => delete j.body.vote.proposer,
      'body.vote.proposer',
      'expected a string, got nothing (missing)',
    ],
    [
      'vote',
      "the ballot's signature is not a string",
      (j: EnvelopeJson) => (j.body.vote.signature = 1),
      'body.vote.signature',
      'expected a string, got 1',
    ],
    [
      'vote',
      'a voter of 80 characters is shown whole',
      (j: EnvelopeJson) => (j.body.vote.voter = 'x'.repeat(80)),
      'body.vote.voter',
      `the voter ${'x'.repeat(80)} is not the sender v2`,
    ],
    [
      'vote',
      'a longer one is cut to 80 characters',
      (j: EnvelopeJson) => (j.body.vote.voter = 'x'.repeat(81)),
      'body.vote.voter',
      `the voter ${'x'.repeat(77)}... is not the sender v2`,
    ],
    [
      'proposal',
      'the sender is not the proposer',
      (j: EnvelopeJson) => (j.sender = 'v2'),
      'body.proposal.proposer',
      'the proposer v1 is not the sender v2',
    ],
    [
      'proposal',
      "the rank is not the frame's",
      (j: EnvelopeJson) => (j.rank = 3),
      'rank',
      'the envelope says rank 3 but its proposal is at rank 1',
    ],
    [
      'proposal',
      'the frame has no signature',
      (j: EnvelopeJson) => delete j.body.proposal.signature,
      'body.proposal.signature',
      'expected a string, got nothing (missing)',
    ],
    [
      'proposal',
      "the frame's proposer is not a string",
      (j: EnvelopeJson) => (j.body.proposal.proposer = 5),
      'body.proposal.proposer',
      'expected a string, got 5',
    ],
    [
      'proposal',
      'the frame is not an object',
      (j: EnvelopeJson) => ((j.body as Record<string, unknown>).proposal = ['frame']),
      'body.proposal',
      'expected a frame, got no object',
    ],
  ])(
    "an envelope whose fields are not its signed item's is malformed before any signature: a %s, %s",
    (kind, _, edit, field, problem) => {
      const { inbound, calls } = countingReceiver();
      const envelope = kind === 'vote' ? vote('v2') : proposal();
      expect(inbound.accept(edited(envelope, edit))).toMatchObject({
        _tag: 'Left',
        left: { reason: 'malformed', field, problem },
      });
      expect(calls.verify).toBe(0);
      expect(inbound.refusalsBySender().size).toBe(0);
    },
  );

  it("a ballot changed on the way no longer verifies under the voter's key, and nothing changes", () => {
    const { inbound } = countingReceiver();
    const other = frameBy(ring, 'v1', undefined, ['other']);
    const changed = edited(vote('v2'), (j) => (j.body.vote.proposal = other.id));
    expect(inbound.accept(changed)).toMatchObject({
      _tag: 'Left',
      left: { reason: 'bad_signature', sender: 'v2', field: 'body.vote.signature' },
    });
    expect(inbound.counts().accepted).toBe(0);
    expect(inbound.refusalsBySender().size).toBe(0);
  });

  it('a vote that passed is held against its voter when the machine refuses it (two ballots at one rank)', () => {
    const { inbound } = countingReceiver();
    const other = frameBy(ring, 'v1', undefined, ['other']);
    expect(inbound.accept(encodeEnvelope(vote('v2')))).toMatchObject({ _tag: 'Right' });
    const second = inbound.accept(encodeEnvelope(vote('v2', other)));
    expect(second).toMatchObject({ _tag: 'Left', left: { reason: 'equivocation', voter: 'v2' } });
    expect(inbound.score('v2')).toBe(1);
    // The two envelopes prove it to anyone holding the keys: each carries the voter's ballot signature.
    if (second._tag !== 'Left' || second.left.reason !== 'equivocation') throw new Error('no evidence');
    const proven = verifyEquivocation(
      { first: second.left.first, second: second.left.second },
      {
        domain: referenceDomain,
        validators: ring.validators,
        verifier: countingVerifier().verifier,
        check: referenceMessageCheck(verificationFor(ring.validators, countingVerifier().verifier, genesis)),
      },
    );
    expect(proven).toMatchObject({ _tag: 'Right', right: { voter: 'v2', rank: 1 } });
  });
});

describe('verifyEnvelope', () => {
  const key = ring.validators.publicKeyOf('v2')!;
  const { verifier } = countingVerifier();

  it("checks a vote's envelope over its ballot when given the domain's signing, and over the envelope without", () => {
    const envelope = vote('v2');
    expect(verifyEnvelope(envelope, key, verifier, referenceDomain.itemSigning)).toBe(true);
    expect(verifyEnvelope(envelope, key, verifier)).toBe(false);
  });

  it('answers false when the verifier throws', () => {
    const throwing = {
      verify: (): boolean => {
        throw new Error('broken verifier');
      },
    };
    expect(verifyEnvelope(vote('v2'), key, throwing, referenceDomain.itemSigning)).toBe(false);
  });

  it("refuses an envelope whose signature is not its item's, even a valid one of the same sender", () => {
    const confirmation = seal(ring, { kind: 'confirmation', peer: 'v2', confirmation: frame });
    const swapped = { ...vote('v2'), signature: confirmation.signature };
    expect(verifyEnvelope(swapped, key, verifier, referenceDomain.itemSigning)).toBe(false);
  });
});
