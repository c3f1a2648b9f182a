/**
 * Confirmations on evidence: what the machine confirms is kept, and goes only to a peer that
 * shows it is behind (a re-sent copy of its own message at a rank this node has left), signed
 * once, at most once per interval per peer. In a run where nobody falls behind, no validator
 * sends one.
 */
import type { Envelope } from '../../src/wire';
import { decodeEnvelope } from '../../src/wire/encoding';
import { createCluster } from '../../src/entries/sim';
import { createConfirmations } from '../../src/reference/validator/confirmations';
import type { Signer } from '../../src/wire/signature';
import { chainOf, frameBy, keyring } from './support';

const ring = keyring(4);
const f1 = frameBy(ring, 'v1');
const f2 = frameBy(ring, 'v2', f1);

function confirmationsOf(signer: Signer = ring.signer('v0')) {
  let clock = 0;
  const sent: { envelope: Envelope; to: string | undefined; bytes: Uint8Array | undefined }[] = [];
  const failures: string[] = [];
  const confirmations = createConfirmations({
    self: 'v0',
    signer,
    chain: chainOf(ring),
    outbound: {
      transmit: (envelope, to, bytes) => {
        sent.push({ envelope, to, bytes });
        return bytes?.byteLength ?? 0;
      },
    },
    now: () => clock,
    every: 200,
    failed: (message) => failures.push(message),
  });
  return { confirmations, sent, failures, advance: (ms: number) => (clock += ms) };
}

describe('confirmations on evidence', () => {
  it('keeps what the machine confirms and sends nothing by itself', () => {
    const { confirmations, sent } = confirmationsOf();
    confirmations.confirmed(f1);
    confirmations.confirmed(f2);
    expect(sent).toEqual([]);
  });

  it('hands the latest confirmation to a peer stuck below it, as the bytes of one signed envelope', () => {
    const { confirmations, sent } = confirmationsOf();
    confirmations.confirmed(f1);
    confirmations.confirmed(f2);
    confirmations.behind('v3', 1);
    expect(sent).toHaveLength(1);
    const [{ envelope, to, bytes }] = sent as [(typeof sent)[number]];
    expect(to).toBe('v3');
    expect(envelope).toMatchObject({ kind: 'confirmation', sender: 'v0', rank: 2, chain: chainOf(ring) });
    expect(envelope.body).toMatchObject({ confirmation: { id: f2.id, rank: 2 } });
    const decoded = decodeEnvelope(bytes!);
    expect(decoded._tag === 'Right' && decoded.right).toEqual(envelope);
  });

  it('keeps the highest frame confirmed when an older one comes after it', () => {
    const { confirmations, sent } = confirmationsOf();
    confirmations.confirmed(f2);
    confirmations.confirmed(f1);
    confirmations.behind('v3', 0);
    expect(sent.map((s) => s.envelope.rank)).toEqual([2]);
  });

  it('sends nothing for a rank at or above the confirmed frame, to itself, or before any confirmation', () => {
    const { confirmations, sent } = confirmationsOf();
    confirmations.behind('v3', 0);
    confirmations.confirmed(f2);
    confirmations.behind('v3', 2);
    confirmations.behind('v3', 3);
    confirmations.behind('v0', 1);
    expect(sent).toEqual([]);
  });

  it('answers one peer at most once per interval, signing each frame once', () => {
    let signatures = 0;
    const inner = ring.signer('v0');
    const signer: Signer = {
      publicKey: inner.publicKey,
      sign: (bytes) => {
        signatures++;
        return inner.sign(bytes);
      },
    };
    const { confirmations, sent, advance } = confirmationsOf(signer);
    confirmations.confirmed(f2);
    confirmations.behind('v3', 1);
    confirmations.behind('v3', 1);
    advance(199);
    confirmations.behind('v3', 1);
    confirmations.behind('v1', 0); // another peer has its own interval
    advance(1);
    confirmations.behind('v3', 1);
    expect(sent.map((s) => s.to)).toEqual(['v3', 'v1', 'v3']);
    expect(new Set(sent.map((s) => s.bytes))).toHaveProperty('size', 1);
    expect(signatures).toBe(1);
  });

  it('reports a signer that throws and sends nothing, then tries again on the next evidence', () => {
    let fail = true;
    const inner = ring.signer('v0');
    const signer: Signer = {
      publicKey: inner.publicKey,
      sign: (bytes) => {
        if (fail) throw new Error('key locked');
        return inner.sign(bytes);
      },
    };
    const { confirmations, sent, failures } = confirmationsOf(signer);
    confirmations.confirmed(f2);
    confirmations.behind('v3', 1);
    expect(sent).toEqual([]);
    expect(failures).toEqual(['sealing the confirmation at rank 2 failed']);
    fail = false;
    confirmations.behind('v3', 1);
    expect(sent.map((s) => s.to)).toEqual(['v3']);
  });
});

describe('confirmations in a network', () => {
  /** 40 ranks of 4 validators; each confirmation sent, and each late proposal or vote refused. */
  function run(loss: number) {
    const cluster = createCluster({ validators: 4, seed: 5, link: { latency: { min: 1, max: 10 }, loss } });
    const sent: { from: string; to: string | undefined; rank: number; at: number }[] = [];
    const late: { at: string; from: string; rank: number; time: number }[] = [];
    cluster.start();
    for (const node of cluster.honestNodes()) {
      node.validator!.events$.subscribe((e) => {
        if (e.kind === 'sent' && e.envelope.kind === 'confirmation')
          sent.push({ from: node.id, to: e.to, rank: e.envelope.rank, at: cluster.now() });
      });
      node.validator!.inbound.rejection$.subscribe((r) => {
        if (r.reason === 'stale' && (r.kind === 'vote' || r.kind === 'proposal'))
          late.push({ at: node.id, from: r.sender, rank: r.rank, time: cluster.now() });
      });
    }
    const reached = cluster.runUntil(40, 60_000);
    cluster.close();
    return { reached, sent, late };
  }

  it('sends one only to a peer whose own message came late, for a rank below the frame confirmed', () => {
    for (const loss of [0, 0.2]) {
      const { reached, sent, late } = run(loss);
      expect(reached).toBe(true);
      for (const s of sent)
        expect(late).toContainEqual(
          expect.objectContaining({ at: s.from, from: s.to, time: s.at, rank: expect.any(Number) }),
        );
      for (const s of sent) {
        const evidence = late.filter((l) => l.at === s.from && l.from === s.to && l.time === s.at);
        expect(evidence.some((l) => l.rank < s.rank)).toBe(true);
      }
    }
  });

  it('sends far fewer than one per validator per rank, on a clean or a lossy network', () => {
    // Broadcast, it was one per validator per rank to every peer: 40 × 4 × 3 sends here.
    for (const loss of [0, 0.2]) expect(run(loss).sent.length).toBeLessThan(40);
  });
});
