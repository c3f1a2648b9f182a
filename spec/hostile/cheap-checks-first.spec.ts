/**
 * Cheap checks before expensive ones: the guarded path refuses an unknown sender or a rank
 * outside the window without checking any signature, and refusing a megabyte of nesting costs no
 * more than refusing a flat megabyte.
 */
import fc from 'fast-check';
import type { Verifier } from '../../src/wire';
import { decodeEnvelope, DEFAULT_MAX_BYTES, readJson } from '../../src/wire';
import { nestedDeeperThan } from '../../src/wire/nesting';
import { createGuardedInbound } from '../../src/inbound';
import { ed25519Verifier } from '../../src/reference';
import { referenceDomain } from '../../src/reference/domain';
import { chainOf, frameBy, keyring, receiver, seal } from '../reference/support';
import { MB } from './support';

const ring = keyring(4);

describe('the guarded path checks signatures last', () => {
  function countingInbound(protocolWindow?: (kind: string, sender: string) => number) {
    const calls = { verify: 0 };
    const verifier: Verifier = {
      verify: (k, b, s) => {
        calls.verify++;
        return ed25519Verifier.verify(k, b, s);
      },
    };
    const { machine } = receiver(ring);
    const inbound = createGuardedInbound({
      machine,
      domain: referenceDomain,
      chain: chainOf(ring),
      validators: ring.validators,
      verifier,
      protocol: () => undefined,
      ...(protocolWindow === undefined ? {} : { protocolWindow }),
    });
    return { inbound, calls };
  }

  it('an unknown sender, a stale rank and a rank past the window are refused unverified', () => {
    const { inbound, calls } = countingInbound();
    const proposal = seal(ring, { kind: 'proposal', peer: 'v1', proposal: frameBy(ring, 'v1') });
    const refusals = [
      { ...proposal, sender: 'mallory' },
      { ...proposal, rank: 0 },
      { ...proposal, rank: 17 },
    ].map((e) => inbound.accept(JSON.stringify(e)));
    expect(refusals.map((r) => (r._tag === 'Left' ? r.left.reason : 'accepted'))).toEqual([
      'unknown_sender',
      'stale',
      'too_far_ahead',
    ]);
    expect(calls.verify).toBe(0);
    expect(inbound.accept(JSON.stringify(proposal))).toMatchObject({ _tag: 'Right' });
    expect(calls.verify).toBeGreaterThan(0);
  });

  it('a message of any kind past its window costs no signature check', () => {
    const { inbound, calls } = countingInbound();
    const proposal = seal(ring, { kind: 'proposal', peer: 'v1', proposal: frameBy(ring, 'v1') });
    const kinds = ['proposal', 'vote', 'liveness', 'confirmation', 'timeout', 'fetch'] as const;
    const far = kinds.map((kind) => inbound.accept(JSON.stringify({ ...proposal, kind, rank: 1e9 })));
    expect(far.map((r) => (r._tag === 'Left' ? r.left.reason : 'accepted'))).toEqual(
      kinds.map(() => 'too_far_ahead'),
    );
    // Within reach, a timeout and a fetch are checked (and refused for the forged signature).
    const near = (['timeout', 'fetch'] as const).map((kind) =>
      inbound.accept(JSON.stringify({ ...proposal, kind, rank: 16 })),
    );
    expect(near.map((r) => (r._tag === 'Left' ? r.left.reason : 'accepted'))).toEqual([
      'bad_signature',
      'bad_signature',
    ]);
    expect(calls.verify).toBe(2);
  });

  it('a protocol can refuse an answer nobody asked for before its signature', () => {
    const { inbound, calls } = countingInbound((kind, sender) =>
      kind === 'frames' && sender !== 'v2' ? -1 : 1e12,
    );
    const proposal = seal(ring, { kind: 'proposal', peer: 'v1', proposal: frameBy(ring, 'v1') });
    expect(inbound.accept(JSON.stringify({ ...proposal, kind: 'frames', rank: 5 }))).toMatchObject({
      left: {
        reason: 'refused',
        problem: 'frames from v1 is not taken now: the protocol refuses it before its signature',
      },
    });
    expect(calls.verify).toBe(0);
  });
});

describe('a message is priced by its shape before it is parsed or verified', () => {
  const ring4 = keyring(4);
  const wide = (body: string) =>
    `{"body":${body},"chain":"","kind":"proposal","rank":1,"sender":"v1","signature":"${'ab'.repeat(64)}"}`;

  it('a megabyte of zeros or of keys is refused on its raw text: no parse, no signature check', () => {
    const { machine } = receiver(ring4);
    const calls = { verify: 0 };
    const inbound = createGuardedInbound({
      machine,
      domain: referenceDomain,
      validators: ring4.validators,
      verifier: { verify: () => (calls.verify++, false) },
    });
    const zeros = wide(`{"p":[${'0,'.repeat(MB / 2 - 200)}0]}`);
    const keys = wide(`{${Array.from({ length: 70_000 }, (_, i) => `"k${i}":0`).join(',')}}`);
    const parse = jest.spyOn(JSON, 'parse');
    try {
      expect(inbound.accept(Buffer.from(zeros))).toMatchObject({
        left: { reason: 'malformed', problem: 'more than 131072 values' },
      });
      expect(inbound.accept(Buffer.from(keys))).toMatchObject({
        left: { reason: 'malformed', problem: 'an object with more than 1024 keys' },
      });
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
    expect(calls.verify).toBe(0);
  });
});

describe('nesting is refused before parsing', () => {
  const nested = '['.repeat(DEFAULT_MAX_BYTES / 2) + ']'.repeat(DEFAULT_MAX_BYTES / 2);
  const flat = `"${'a'.repeat(DEFAULT_MAX_BYTES - 2)}"`;

  it('a megabyte of [[[…]]] is refused as too deep, naming the limit', () => {
    expect(nested.length).toBe(MB);
    expect(decodeEnvelope(nested)).toMatchObject({
      _tag: 'Left',
      left: { field: '(root)', problem: 'nested deeper than 32' },
    });
    expect(decodeEnvelope(flat)).toMatchObject({
      _tag: 'Left',
      left: { problem: expect.stringMatching(/^expected Envelope, got string/) },
    });
  });

  it('refusing a megabyte of nesting parses nothing', () => {
    const parse = jest.spyOn(JSON, 'parse');
    try {
      expect(readJson(nested, { maxBytes: DEFAULT_MAX_BYTES })._tag).toBe('Left');
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });

  it('the scan reads the depth of any JSON text as the parser would, escaped quotes included', () => {
    const depthOf = (v: unknown): number =>
      typeof v === 'object' && v !== null ? 1 + Math.max(0, ...Object.values(v).map(depthOf)) : 0;
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(6), (value, limit) => {
        const text = JSON.stringify(value);
        // Depth counts containers: the root container is depth 1 here, as the scan counts opens.
        expect(nestedDeeperThan(text, limit)).toBe(depthOf(value) > limit);
      }),
    );
  });

  it('the scan counts brackets outside strings only, and stops at the limit', () => {
    expect(nestedDeeperThan('[[1]]', 2)).toBe(false);
    expect(nestedDeeperThan('[[[1]]]', 2)).toBe(true);
    expect(nestedDeeperThan('{"a":{"b":[]}}', 3)).toBe(false);
    expect(nestedDeeperThan('{"a":{"b":[]}}', 2)).toBe(true);
    expect(nestedDeeperThan('["[[[[\\"[[[", "{{{{"]', 1)).toBe(false);
    expect(nestedDeeperThan('[][][][][][]', 1)).toBe(false);
  });
});
