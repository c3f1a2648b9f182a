/**
 * Catch-up cannot be used against a validator: answers are taken only when asked for, once, with
 * known frames skipped unchecked; a request is served once (a replay draws nothing); the bytes of
 * answers one peer draws are limited per second; and every rate reads the monotonic clock, so a
 * wall clock stepped back changes nothing.
 */
import {
  BlockTree,
  createMemoryValidatorStore,
  createPacemaker,
  ed25519Verifier,
  verificationFor,
  type CertifiedFrame,
  type Frame,
} from '../../src/reference';
import type { Verifier } from '../../src/wire/signature';
import { createCatchUp, type CatchUp } from '../../src/reference/validator/catch-up';
import type { ControlMessage } from '../../src/reference/validator/control';
import { certify, frameBy, genesis, keyring } from './support';

const ring = keyring(4);
const EVERY = 100;

interface Rig {
  readonly catchUp: CatchUp;
  readonly tree: BlockTree;
  readonly sent: { message: ControlMessage; to: string | undefined }[];
  /** Signature checks made so far. */
  checks(): number;
  advance(ms: number): void;
  stepWallClock(ms: number): void;
}

function rig(options: { bytesPerSecond?: number; final?: readonly Frame[]; answerBytes?: number } = {}): Rig {
  let clock = 0;
  let wall = 1_800_000_000_000;
  let checks = 0;
  const verifier: Verifier = {
    verify: (key, bytes, signature) => {
      checks += 1;
      return ed25519Verifier.verify(key, bytes, signature);
    },
  };
  const store = createMemoryValidatorStore();
  const tree = new BlockTree({ genesis, store, finalized: () => undefined, missing: () => undefined });
  const check = verificationFor(ring.validators, verifier, genesis);
  // Frames made final here: each certified, and final once two more are certified on top.
  for (const f of options.final ?? []) {
    tree.addFrame(f);
    tree.addCertificate(certify(ring, f));
  }
  const sent: Rig['sent'] = [];
  const catchUp = createCatchUp({
    self: 'v0',
    check,
    now: () => clock,
    epoch: () => wall,
    every: EVERY,
    bytesPerSecond: options.bytesPerSecond ?? 1e9,
    store,
    tree,
    pacemaker: createPacemaker(ring.validators, tree.highestCertified.certificate),
    send: (message, to) => {
      sent.push({ message, to });
      return options.answerBytes ?? 1000;
    },
    certified: (qc) => tree.addCertificate(qc),
    caughtUp: () => undefined,
  });
  return {
    catchUp,
    tree,
    sent,
    checks: () => checks,
    advance: (ms) => {
      clock += ms;
      wall += ms;
    },
    stepWallClock: (ms) => {
      wall += ms;
    },
  };
}

/** A chain of `n` frames on genesis, each with its certificate. */
function chain(n: number): CertifiedFrame[] {
  const out: CertifiedFrame[] = [];
  let prior = genesis;
  for (let i = 0; i < n; i += 1) {
    const frame = frameBy(ring, ring.ids[(i + 1) % ring.ids.length]!, prior);
    out.push({ frame, certificate: certify(ring, frame) });
    prior = frame;
  }
  return out;
}

const fetchesOf = (r: Rig) => r.sent.filter((s) => s.message.kind === 'fetch');

describe('catch-up answers', () => {
  it('refuses frames nobody asked for, before checking a signature', () => {
    const r = rig();
    const refusal = r.catchUp.ingest(chain(3), 'v2');
    expect(refusal).toEqual({ reason: 'refused', problem: 'frames from v2, which was not asked for any' });
    expect(r.checks()).toBe(0);
    expect(r.tree.highestCertified.frame.rank).toBe(0);
  });

  it("takes the asked peer's answer once; a second one is refused", () => {
    const r = rig();
    r.catchUp.request('v2');
    expect(fetchesOf(r).map((s) => s.to)).toEqual(['v2']);
    expect(r.catchUp.ingest(chain(3), 'v3')).toMatchObject({ reason: 'refused' });
    expect(r.catchUp.ingest(chain(3), 'v2')).toBeUndefined();
    expect(r.tree.highestCertified.frame.rank).toBe(3);
    const checked = r.checks();
    expect(checked).toBeGreaterThan(0);
    expect(r.catchUp.ingest(chain(3), 'v2')).toMatchObject({ reason: 'refused' });
    expect(r.checks()).toBe(checked);
  });

  it('refuses an answer that comes after its deadline (four intervals, at least 2 s)', () => {
    const r = rig();
    r.catchUp.request('v2');
    r.advance(2000);
    r.catchUp.request('v3');
    expect(r.catchUp.ingest(chain(2), 'v3')).toBeUndefined();
    r.advance(1);
    const checked = r.checks();
    expect(r.catchUp.ingest(chain(2), 'v2')).toMatchObject({ reason: 'refused' });
    expect(r.checks()).toBe(checked);
  });

  it('after a timeout broadcast, takes one answer from each peer', () => {
    const r = rig();
    r.catchUp.timingOut();
    for (const peer of ['v1', 'v2', 'v3']) expect(r.catchUp.ingest(chain(2), peer)).toBeUndefined();
    expect(r.catchUp.ingest(chain(2), 'v1')).toMatchObject({ reason: 'refused' });
  });

  it('skips frames it already has without checking them', () => {
    const known = chain(4);
    const r = rig({ final: known.map((c) => c.frame) });
    expect(r.tree.lastFinalized.frame.rank).toBeGreaterThan(0);
    const before = r.checks();
    r.catchUp.request('v1');
    expect(r.catchUp.ingest(known, 'v1')).toBeUndefined();
    expect(r.checks()).toBe(before);
  });
});

describe('catch-up of a frame known only by its certificate', () => {
  it('takes the frame (the reason catch-up exists)', () => {
    const [c1, c2] = chain(2) as [CertifiedFrame, CertifiedFrame];
    const r = rig();
    r.tree.addCertificate(c1.certificate);
    expect(r.tree.frame(c1.frame.id)).toBeUndefined();
    r.catchUp.request('v1');
    expect(r.catchUp.ingest([c1, c2], 'v1')).toBeUndefined();
    expect(r.tree.frame(c1.frame.id)).toEqual(c1.frame);
  });
});

describe('catch-up requests', () => {
  it('serves a request once: a replayed or older seq is refused and draws nothing', () => {
    const r = rig({ final: chain(4).map((c) => c.frame) });
    expect(r.catchUp.serve(0, 10, 'v2')).toBeUndefined();
    expect(r.sent.filter((s) => s.message.kind === 'frames')).toHaveLength(1);
    r.advance(EVERY);
    expect(r.catchUp.serve(0, 10, 'v2')).toEqual({
      reason: 'refused',
      problem: 'fetch 10 from v2 is not newer than its last (10): a replay',
    });
    r.advance(EVERY);
    expect(r.catchUp.serve(0, 9, 'v2')).toMatchObject({ reason: 'refused' });
    expect(r.sent.filter((s) => s.message.kind === 'frames')).toHaveLength(1);
    // A replay counts as an asking: another request right after it is too soon.
    expect(r.catchUp.fetchTooSoon('v2')).toBe(true);
    // Another asker's numbers are its own.
    expect(r.catchUp.serve(0, 10, 'v3')).toBeUndefined();
    expect(r.sent.filter((s) => s.message.kind === 'frames')).toHaveLength(2);
  });

  it("refuses a request that comes within half an interval of the same peer's last", () => {
    const r = rig({ final: chain(4).map((c) => c.frame) });
    expect(r.catchUp.serve(0, 1, 'v2')).toBeUndefined();
    r.advance(EVERY / 2 - 1);
    expect(r.catchUp.fetchTooSoon('v2')).toBe(true);
    expect(r.catchUp.serve(0, 2, 'v2')).toEqual({
      reason: 'refused',
      problem: `fetch from v2 within ${EVERY / 2} ms of its last`,
    });
    expect(r.catchUp.fetchTooSoon('v3')).toBe(false);
    r.advance(1);
    expect(r.catchUp.fetchTooSoon('v2')).toBe(false);
    expect(r.catchUp.serve(0, 3, 'v2')).toBeUndefined();
    expect(r.sent.filter((s) => s.message.kind === 'frames')).toHaveLength(2);
  });

  it('limits the bytes of answers one peer draws per second', () => {
    // 1,000-byte answers, 2,000 bytes a second (4,000 at once): over ten seconds of asking as
    // often as allowed, about 4,000 + 10 × 2,000 bytes.
    const r = rig({ final: chain(4).map((c) => c.frame), bytesPerSecond: 2000, answerBytes: 1000 });
    for (let seq = 1; seq <= 200; seq += 1) {
      r.catchUp.serve(0, seq, 'v2');
      r.advance(EVERY / 2);
    }
    const answers = r.sent.filter((s) => s.message.kind === 'frames' && s.to === 'v2').length;
    expect(answers).toBeGreaterThanOrEqual(22);
    expect(answers).toBeLessThanOrEqual(25);
    // Another peer has its own allowance.
    r.catchUp.serve(0, 1, 'v3');
    expect(r.sent.filter((s) => s.to === 'v3')).toHaveLength(1);
  });

  it('keeps asking, with growing seqs, when the wall clock steps back', () => {
    const r = rig();
    r.catchUp.request('v1');
    r.stepWallClock(-3_600_000);
    r.advance(EVERY);
    r.catchUp.request('v2');
    const seqs = fetchesOf(r).map((s) => (s.message.body as { seq: number }).seq);
    expect(seqs).toHaveLength(2);
    expect(seqs[1]).toBe(seqs[0]! + 1);
  });

  it('asks at most once per interval', () => {
    const r = rig();
    r.catchUp.request('v1');
    r.advance(EVERY - 1);
    r.catchUp.request('v2');
    expect(fetchesOf(r)).toHaveLength(1);
    r.advance(1);
    r.catchUp.request('v2');
    expect(fetchesOf(r)).toHaveLength(2);
  });
});
