/**
 * Catch-up through a whole reference validator: an answer (`frames`) nobody asked for is refused
 * before its signature is checked; the answer to the validator's own request is taken; a request
 * (`fetch`) is served once, and replaying it draws nothing.
 */
import { NEVER } from 'rxjs';
import type { CertifiedFrame, Frame } from '../../src/reference';
import { sealControl, type ControlMessage } from '../../src/reference/validator/control';
import { decodeEnvelope } from '../../src/wire';
import {
  certify,
  chainOf,
  startedValidator,
  frameBy,
  genesis,
  keyring,
  sealBytes,
} from '../reference/support';
import { encodeEnvelope } from '../../src/wire/encoding';

const ring = keyring(4);

function rig() {
  const sent: { to: string | undefined; kind: string }[] = [];
  const { v, scheduler, calls, events } = startedValidator(ring, {
    inbound$: NEVER,
    broadcast: (bytes) => void sent.push({ to: undefined, kind: kindOf(bytes) }),
    send: (to, bytes) => void sent.push({ to, kind: kindOf(bytes) }),
  });
  const control = (message: ControlMessage, from: string): Uint8Array =>
    encodeEnvelope(sealControl(message, from, ring.signer(from), chainOf(ring)));
  const deliver = (bytes: Uint8Array, from: string): number => {
    const before = calls.verify;
    v.deliver({ from, bytes });
    return calls.verify - before;
  };
  const run = (ms: number): void => {
    scheduler.maxFrames = scheduler.now() + ms;
    scheduler.flush();
  };
  return { v, sent, events, control, deliver, run };
}

function kindOf(bytes: Uint8Array): string {
  const decoded = decodeEnvelope(bytes, { maxBytes: 1 << 20 });
  return decoded._tag === 'Right' ? decoded.right.kind : 'undecodable';
}

/** Frames by v1 from genesis up to `rank`, certified. */
function certifiedChain(rank: number): CertifiedFrame[] {
  const out: CertifiedFrame[] = [];
  let frame: Frame = genesis;
  for (let r = 1; r <= rank; r++) {
    frame = frameBy(ring, 'v1', frame);
    out.push({ frame, certificate: certify(ring, frame) });
  }
  return out;
}

describe('catch-up answers at a validator', () => {
  it('refuses frames nobody asked for with no signature checked, and takes the answer it asked for', () => {
    const r = rig();
    const frames = certifiedChain(40);
    const answer = r.control({ kind: 'frames', body: { frames: frames.slice(0, 30) } }, 'v1');
    expect(r.deliver(answer, 'v1')).toBe(0);
    expect(r.events.filter((e) => e.kind === 'refused').at(-1)).toMatchObject({
      reason: 'refused',
      sender: null,
      message: 'refused: frames from v1 is not taken now: the protocol refuses it before its signature',
    });
    expect(r.v.status().rank).toBeLessThan(5);

    // A true proposal far ahead shows the validator it is behind: it asks v1.
    const far = frames[39]!.frame;
    r.deliver(sealBytes(ring, { kind: 'proposal', peer: 'v1', proposal: far }), 'v1');
    expect(r.sent.filter((s) => s.kind === 'fetch').map((s) => s.to)).toEqual(['v1']);
    // v1's answer is taken now, and the validator moves on to where the frames end.
    expect(r.deliver(answer, 'v1')).toBeGreaterThan(0);
    expect(r.events.some((e) => e.kind === 'caught-up')).toBe(true);
    // Once: the same answer again is refused unchecked.
    expect(r.deliver(answer, 'v1')).toBe(0);
  });
});

describe('catch-up requests at a validator', () => {
  it('serves a fetch once; the same fetch replayed draws nothing', () => {
    const r = rig();
    const fetch = r.control({ kind: 'fetch', body: { after: 0, seq: 7 } }, 'v2');
    // Give the validator something to serve: its genesis is final, so a certified frame above it.
    const [c1] = certifiedChain(1);
    r.deliver(sealBytes(ring, { kind: 'proposal', peer: 'v1', proposal: c1!.frame }), 'v1');
    r.deliver(
      sealBytes(ring, { kind: 'proposal', peer: 'v2', proposal: frameBy(ring, 'v2', c1!.frame) }),
      'v2',
    );
    const answers = (): number => r.sent.filter((s) => s.kind === 'frames' && s.to === 'v2').length;
    r.deliver(fetch, 'v2');
    expect(answers()).toBe(1);
    r.run(1000);
    r.deliver(fetch, 'v2');
    expect(answers()).toBe(1);
    expect(r.events.filter((e) => e.kind === 'refused').at(-1)).toMatchObject({
      reason: 'refused',
      message: 'refused: fetch 7 from v2 is not newer than its last (7): a replay',
    });
    // A fresh request right after the replay is too soon; later, it is served.
    const fresh = r.control({ kind: 'fetch', body: { after: 0, seq: 8 } }, 'v2');
    expect(r.deliver(fresh, 'v2')).toBe(0);
    expect(answers()).toBe(1);
    r.run(1000);
    r.deliver(fresh, 'v2');
    expect(answers()).toBe(2);
  });

  it('refuses a flood of fresh fetches from one peer before their signatures', () => {
    const r = rig();
    const fetches = Array.from({ length: 50 }, (_, i) =>
      r.control({ kind: 'fetch', body: { after: 0, seq: 100 + i } }, 'v3'),
    );
    expect(r.deliver(fetches[0]!, 'v3')).toBeGreaterThan(0);
    // The other 49 come at once: none is verified, each is refused (and charged to the link).
    const checks = fetches.slice(1).map((f) => r.deliver(f, 'v3'));
    expect(checks.every((n) => n === 0)).toBe(true);
    const refusals = r.events.filter((e) => e.kind === 'refused' && e.reason === 'refused');
    expect(refusals).toHaveLength(49);
    // A fetch from another peer is still checked and served.
    expect(r.deliver(r.control({ kind: 'fetch', body: { after: 0, seq: 1 } }, 'v2'), 'v2')).toBeGreaterThan(
      0,
    );
  });
});
