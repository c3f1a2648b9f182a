/**
 * What leaves a validator: envelopes sealed for its chain and handed to the transport. A throwing
 * transport is reported, never passed on. The latest proposal and vote are kept as sealed bytes,
 * so a re-send goes out byte for byte without signing again.
 */
import type { Envelope } from '../../wire/envelope';
import { encodeEnvelope } from '../../wire/encoding';
import type { Signer } from '../../wire/signature';
import type { PeerId } from '../types';
import { sealControl, type ControlMessage } from './control';
import type { ValidatorEvent } from './events';
import type { ValidatorTransport } from './transport';

export interface Sealed {
  readonly rank: number;
  readonly envelope: Envelope;
  readonly bytes: Uint8Array;
}

export interface Outbound {
  /**
   * Hand `envelope` (or its already encoded `known` bytes) to one peer, or to every peer; the
   * bytes handed over (0 when the transport threw).
   */
  transmit(envelope: Envelope, to?: PeerId, known?: Uint8Array): number;
  /** Seal a timeout or catch-up message and send it; the bytes sent (0 when it failed). */
  sendControl(message: ControlMessage, to?: PeerId): number;
  /** The last proposal or vote this validator sent, sealed. */
  lastSealed(kind: 'proposal' | 'vote'): Sealed | undefined;
}

export interface OutboundOptions {
  readonly self: PeerId;
  readonly signer: Signer;
  readonly chain: string;
  readonly transport: ValidatorTransport;
  readonly report: (event: ValidatorEvent) => void;
  readonly failed: (message: string, err: unknown) => void;
}

export function createOutbound(o: OutboundOptions): Outbound {
  const { transport, report, failed } = o;
  const sealed = new Map<'proposal' | 'vote', Sealed>();

  function transmit(envelope: Envelope, to?: PeerId, known?: Uint8Array): number {
    const bytes = known ?? encodeEnvelope(envelope);
    if (envelope.kind === 'proposal' || envelope.kind === 'vote')
      sealed.set(envelope.kind, { rank: envelope.rank, envelope, bytes });
    report(to === undefined ? { kind: 'sent', envelope } : { kind: 'sent', envelope, to });
    try {
      if (to !== undefined && transport.send !== undefined) transport.send(to, bytes);
      else transport.broadcast(bytes);
      return bytes.byteLength;
    } catch (err) {
      failed(`transport: sending a ${envelope.kind} at rank ${envelope.rank} failed`, err);
      return 0;
    }
  }

  return {
    transmit,
    sendControl(message, to) {
      try {
        return transmit(sealControl(message, o.self, o.signer, o.chain), to);
      } catch (err) {
        failed(`sealing a ${message.kind} failed`, err);
        return 0;
      }
    },
    lastSealed: (kind) => sealed.get(kind),
  };
}
