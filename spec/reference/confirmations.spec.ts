/**
 * Confirmations on evidence: what the machine confirms is kept, and goes only to a peer that
 * shows it lacks it: one whose vote at that rank never came (again as its silence doubles), or
 * one whose own message came for a rank below it (at most once per interval). Signed once.
 */
import type { Envelope } from '../../src/wire';
import { decodeEnvelope } from '../../src/wire/encoding';
import { createCluster, withholder } from '../../src/entries/sim';
import { createConfirmations } from '../../src/reference/validator/confirmations';
import type { Signer } from '../../src/wire/signature';
import { chainOf, frameBy, keyring } from './support';

const ring = keyring(4);
const f1 = frameBy(ring, 'v1');
const f2 = frameBy(ring, 'v2', f1);

function confirmationsOf(signer: Signer = ring.signer('v0'), votesComeToAll?: boolean) {
  let clock = 0;
  const sent: { envelope: Envelope; to: string | undefined; bytes: Uint8Array | undefined }[] = [];
  const failures: string[] = [];
  const confirmations = createConfirmations({
    self: 'v0',
    validators: ring.ids,
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
    ...(votesComeToAll === undefined ? {} : { votesComeToAll }),
  });
  return { confirmations, sent, failures, advance: (ms: number) => (clock += ms) };
}

describe('confirmations on evidence', () => {
  /** Every peer of v0 voted at `rank`. */
  const allVoted = (c: ReturnType<typeof confirmationsOf>['confirmations'], rank: number) => {
    for (const peer of ring.ids.slice(1)) c.voted(peer, rank);
  };

  it('sends nothing while every peer votes at the ranks it confirms', () => {
    const { confirmations, sent } = confirmationsOf();
    allVoted(confirmations, 1);
    confirmations.confirmed(f1);
    confirmations.voted('v1', 2);
    allVoted(confirmations, 2); // v1's vote twice (taken, then refused as late) counts once
    confirmations.confirmed(f2);
    confirmations.confirmed(frameBy(ring, 'v3', f2));
    expect(sent).toEqual([]);
  });

  it('sends the frame at once to a peer whose vote at its rank was for another frame', () => {
    const { confirmations, sent } = confirmationsOf();
    const other = frameBy(ring, 'v1', undefined, ['shown to v3 only']);
    confirmations.voted('v1', 1, f1.id);
    confirmations.voted('v2', 1, f1.id);
    confirmations.voted('v3', 1, other.id); // its leader equivocated
    confirmations.voted('v3', 1, f1.id); // a second read of the rank does not change the first
    confirmations.confirmed(f1);
    for (const peer of ['v1', 'v2', 'v3']) confirmations.voted(peer, 2, f2.id);
    confirmations.confirmed(f2);
    expect(sent.map((s) => [s.to, s.envelope.rank])).toEqual([['v3', 1]]);
    // At rank 2 every vote was for the frame confirmed: nothing more.
    confirmations.confirmed(frameBy(ring, 'v3', f2));
    expect(sent).toHaveLength(1);
  });

  it('with votes to the next leader only, sends nothing for a rank at which no vote came to it', () => {
    const linear = confirmationsOf(ring.signer('v0'), false);
    const everyone = confirmationsOf(ring.signer('v0'), true);
    for (const { confirmations } of [linear, everyone]) {
      confirmations.confirmed(f1);
      confirmations.confirmed(f2); // nobody's vote at rank 1 came here
      confirmations.voted('v1', 2);
      confirmations.voted('v2', 2); // this node led rank 3: the votes at 2 came to it, v3's did not
      confirmations.confirmed(frameBy(ring, 'v3', f2));
    }
    expect(linear.sent.map((s) => [s.to, s.envelope.rank])).toEqual([['v3', 2]]);
    expect(everyone.sent.map((s) => [s.to, s.envelope.rank])).toEqual([
      ['v1', 1],
      ['v2', 1],
      ['v3', 1],
      ['v3', 2],
    ]);
  });

  it('sends a frame to the peer whose vote at its rank never came, again as its silence doubles', () => {
    const { confirmations, sent } = confirmationsOf();
    const frames = [f1, f2];
    for (let i = 2; i < 10; i++) frames.push(frameBy(ring, ring.ids[i % 4]!, frames[frames.length - 1]));
    for (const frame of frames) {
      for (const peer of ['v1', 'v2']) confirmations.voted(peer, frame.rank); // v3 is silent
      confirmations.confirmed(frame);
    }
    // Confirming frame k + 1 tells v3's vote at k never came: silent for 1, 2, … 9 ranks.
    expect(sent.map((s) => [s.to, s.envelope.rank])).toEqual([
      ['v3', 1],
      ['v3', 2],
      ['v3', 4],
      ['v3', 8],
    ]);
    // v3 votes again: its silence starts over.
    confirmations.voted('v3', 10);
    const f11 = frameBy(ring, 'v3', frames[9]);
    confirmations.voted('v1', 10);
    confirmations.voted('v2', 10);
    confirmations.confirmed(f11);
    confirmations.confirmed(frameBy(ring, 'v0', f11));
    expect(sent.map((s) => [s.to, s.envelope.rank]).slice(4)).toEqual([
      ['v1', 11],
      ['v2', 11],
      ['v3', 11],
    ]);
  });

  it('takes a proposal of the peer as a sign of life: the next vote it misses is sent at once', () => {
    const { confirmations, sent } = confirmationsOf();
    const frames = [f1, f2];
    for (let i = 2; i < 8; i++) frames.push(frameBy(ring, ring.ids[i % 4]!, frames[frames.length - 1]));
    for (const [k, frame] of frames.entries()) {
      for (const peer of ['v1', 'v2']) confirmations.voted(peer, frame.rank); // v3's votes never come
      if (k === 3 || k === 5) confirmations.proposed('v3'); // but its proposals do
      confirmations.confirmed(frame);
    }
    // Silent at ranks 1, 2; after its proposal 1, 2 again (ranks 3, 4); after the next, 1, 2, 3
    // (ranks 5, 6, 7): sent at each 1 and 2. Without the proposals: ranks 1, 2 and 4 only.
    expect(sent.map((s) => [s.to, s.envelope.rank])).toEqual([
      ['v3', 1],
      ['v3', 2],
      ['v3', 3],
      ['v3', 4],
      ['v3', 5],
      ['v3', 6],
    ]);
  });

  it('hands the latest confirmation to a peer stuck below it, as the bytes of one signed envelope', () => {
    const { confirmations, sent } = confirmationsOf();
    allVoted(confirmations, 1);
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
  function confirmationsSent(loss: number): { reached: boolean; sent: number } {
    const cluster = createCluster({ validators: 4, seed: 5, link: { latency: { min: 1, max: 10 }, loss } });
    let sent = 0;
    cluster.start();
    for (const node of cluster.honestNodes())
      node.validator!.events$.subscribe((e) => {
        if (e.kind === 'sent' && e.envelope.kind === 'confirmation') sent += 1;
      });
    const reached = cluster.runUntil(40, 60_000);
    cluster.close();
    return { reached, sent };
  }

  it('sends fewer than one per validator per rank, to one peer each, and few on a clean network', () => {
    // Broadcast, it was one per validator per rank, each to every peer: 40 × 4 broadcasts here.
    const clean = confirmationsSent(0);
    const lossy = confirmationsSent(0.2);
    expect(clean.reached && lossy.reached).toBe(true);
    expect(clean.sent).toBeLessThan(40);
    expect(lossy.sent).toBeLessThan(40 * 4);
  });

  // With votes to the next leader, a frame reaches v3 one rank later (when the node that saw the
  // votes confirms the next frame). Before a peer's proposals counted as signs of life there, v3
  // stopped at rank 134 while the others reached about 300: the one node seeing the votes of v1's
  // ranks saw v3 miss every one, and backed off as from a peer that is down.
  it.each([
    ['everyone', 2],
    ['next-leader', 6],
  ] as const)(
    'keeps a validator whose proposals are withheld by one leader finalizing with the others (votes to %s)',
    (votesTo, lag) => {
      // v1 sends nothing to v3: every fourth frame reaches v3 only from its peers.
      for (const seed of [9994, 2]) {
        const cluster = createCluster({
          validators: 4,
          seed,
          link: { latency: { min: 0, max: 2 } },
          byzantine: { v1: withholder() },
          votesTo,
        });
        cluster.start();
        cluster.runFor(600);
        const [v0, v3] = [cluster.node('v0').validator!.status(), cluster.node('v3').validator!.status()];
        cluster.close();
        expect(v0.finalizedRank).toBeGreaterThan(250);
        expect(v3.finalizedRank).toBeGreaterThanOrEqual(v0.finalizedRank - lag);
      }
    },
  );
});
