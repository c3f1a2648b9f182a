/**
 * Garbage on the wire: every `every` ms, send each peer one piece of malformed, unauthenticated,
 * badly signed or oversized input, cycling through the kinds. Each piece is built
 * deterministically from the node's seeded stream: what the guarded inbound path must refuse,
 * cheaply and without a trace on the machine.
 */
import { timer } from 'rxjs';
import { makeCollected } from '../../reference/collected';
import { referenceDomain } from '../../reference/domain';
import { seededSigner } from '../../reference/ed25519';
import type { Rng } from '../../transport/rng';
import { DEFAULT_MAX_BYTES, encodeEnvelope } from '../../wire/encoding';
import { sealMessage } from '../../wire/message';
import type { Signer } from '../../wire/signature';
import { encodeUtf8 } from '../../wire/utf8';
import type { ByzantineStrategy } from './types';

export interface GarbageSenderOptions {
  /** Milliseconds between sends (default 250). */
  readonly every?: number;
  /** Kinds sent, in turn (default: all). */
  readonly kinds?: readonly GarbageKind[];
  /** The receivers' size limit; oversized garbage is one byte more (default 1 MiB). */
  readonly maxBytes?: number;
}

export function garbageSender(options: GarbageSenderOptions = {}): ByzantineStrategy {
  const every = options.every ?? 250;
  const kinds = options.kinds ?? GARBAGE_KINDS;
  const oversizedBytes = (options.maxBytes ?? DEFAULT_MAX_BYTES) + 1;
  return {
    name: 'garbage-sender',
    faulty: true,
    start(ctx) {
      let heardRank = 1;
      const source = {
        self: ctx.self,
        signer: ctx.signer,
        chain: ctx.chain,
        rng: ctx.rng,
        oversizedBytes,
        // Ahead of the rank heard (it is over by the next send), still inside every window.
        rank: () => heardRank + 2,
      };
      const listening = ctx.inbound$.subscribe((heard) => {
        heardRank = Math.max(heardRank, heard.envelope.rank);
      });
      const sending = timer(every, every, ctx.scheduler).subscribe((tick) => {
        ctx.sendBytes(garbage(kinds[tick % kinds.length]!, source));
      });
      sending.add(listening);
      return sending;
    },
  };
}

export const GARBAGE_KINDS = [
  'random-bytes',
  'not-json',
  'not-an-envelope',
  'truncated',
  'unknown-sender',
  'bad-signature',
  'oversized',
] as const;
export type GarbageKind = (typeof GARBAGE_KINDS)[number];

export interface GarbageSource {
  readonly self: string;
  readonly signer: Signer;
  /** The receivers' chain: garbage that should reach the sender and signature checks is sealed for it. */
  readonly chain: string;
  readonly rng: Rng;
  /** Size of an oversized message: one byte over the receivers' limit. */
  readonly oversizedBytes: number;
  /**
   * A rank inside the receivers' window (the highest rank heard): receivers check the window
   * before any signature, so badly signed garbage must be current to reach the signature check.
   */
  readonly rank: () => number;
}

const stranger = seededSigner('rx-consensus/sim/garbage-sender/stranger');
let oversized: Uint8Array | null = null;

export function garbage(kind: GarbageKind, source: GarbageSource): Uint8Array {
  const { rng, self, signer } = source;
  const rank = source.rank();
  const liveness = (peer: string, by: Signer) =>
    encodeEnvelope(
      sealMessage(
        referenceDomain,
        by,
        {
          kind: 'liveness',
          peer,
          collected: makeCollected(rank, [`garbage-${rng.int(0, 1e9)}`]),
        },
        source.chain,
      ),
    );
  switch (kind) {
    case 'random-bytes':
      return Uint8Array.from({ length: rng.int(1, 256) }, () => rng.int(0, 255));
    case 'not-json':
      return encodeUtf8(`{"kind":"vote","sender":${rng.int(0, 1e9)}`);
    case 'not-an-envelope':
      return encodeUtf8(JSON.stringify({ kind: 'vote', hello: 'world', n: rng.int(0, 1e9) }));
    case 'truncated': {
      const bytes = liveness(self, signer);
      return bytes.subarray(0, rng.int(1, bytes.length - 1));
    }
    case 'unknown-sender':
      return liveness('mallory', stranger);
    case 'bad-signature': {
      const text = new TextDecoder().decode(liveness(self, signer));
      // Flip one hex digit of the signature: still well-formed, no longer valid.
      const at = text.lastIndexOf('"signature":"') + '"signature":"'.length + rng.int(0, 127);
      return encodeUtf8(text.slice(0, at) + (text[at] === '0' ? '1' : '0') + text.slice(at + 1));
    }
    case 'oversized':
      if (oversized === null || oversized.length !== source.oversizedBytes) {
        oversized = new Uint8Array(source.oversizedBytes).fill(0x20);
      }
      return oversized;
  }
}
