/**
 * Cheap checks before expensive ones: the guarded path refuses an unknown sender or a rank
 * outside the window without checking any signature, and refusing a megabyte of nesting costs no
 * more than refusing a flat megabyte.
 */
import type { Verifier } from '../../src/wire';
import { decodeEnvelope, DEFAULT_MAX_BYTES, readJson } from '../../src/wire';
import { nestedDeeperThan } from '../../src/wire/nesting';
import { createGuardedInbound } from '../../src/inbound';
import { ed25519Verifier } from '../../src/reference';
import { referenceDomain } from '../../src/reference/domain';
import { chainOf, frameBy, keyring, receiver, seal } from '../reference/support';
import { medianMs, MB } from './support';

const ring = keyring(4);

describe('the guarded path checks signatures last', () => {
  function countingInbound() {
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

  it('refusing a megabyte of nesting costs at most a few times a flat megabyte', () => {
    const limits = { maxBytes: DEFAULT_MAX_BYTES };
    const nestedMs = medianMs(7, () => readJson(nested, limits));
    const flatMs = medianMs(7, () => readJson(flat, limits));
    // Before the scan, nesting cost about 50 times the flat string (150 ms against 3 ms).
    expect(nestedMs).toBeLessThan(4 * flatMs + 1);
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
