/**
 * The reference protocol's own messages, beyond the four the machine receives: timeouts and
 * catch-up requests and answers. They travel in the same signed envelopes; these functions seal
 * them and decode their bodies.
 */
import { left, right, type Either } from 'fp-ts/Either';
import type * as t from 'io-ts';
import { canonicalJsonOf } from '../../wire/canonical';
import { signEnvelope, type Envelope } from '../../wire/envelope';
import type { Json } from '../../wire/json';
import { reportErrors } from '../../wire/reporter';
import type { Signer } from '../../wire/signature';
import { underField, wireError, type WireError } from '../../wire/wire-error';
import {
  FetchReplyCodec,
  FetchRequestCodec,
  TimeoutMessageCodec,
  type FetchReply,
  type FetchRequest,
  type PeerId,
  type TimeoutMessage,
} from '../types';

export type ControlMessage =
  | { readonly kind: 'timeout'; readonly body: TimeoutMessage }
  | { readonly kind: 'fetch'; readonly body: FetchRequest }
  | { readonly kind: 'frames'; readonly body: FetchReply };

const CODECS = {
  timeout: TimeoutMessageCodec,
  fetch: FetchRequestCodec,
  frames: FetchReplyCodec,
} as const;

const rankOf = (m: ControlMessage): number => {
  switch (m.kind) {
    case 'timeout':
      return m.body.timeout.rank;
    case 'fetch':
      return m.body.after;
    case 'frames':
      return m.body.frames[m.body.frames.length - 1]?.frame.rank ?? 0;
  }
};

/** Seal `message` from `sender` for the chain of scope `chain`. */
export function sealControl(
  message: ControlMessage,
  sender: PeerId,
  signer: Signer,
  chain: string,
): Envelope {
  const codec = CODECS[message.kind] as t.Type<unknown, unknown>;
  const body = JSON.parse(canonicalJsonOf(codec.encode(message.body))) as { readonly [key: string]: Json };
  return signEnvelope({ chain, kind: message.kind, sender, rank: rankOf(message), body }, signer);
}

/** Decode the body of a control envelope (its signature already checked). */
export function openControl(envelope: Envelope): Either<WireError, ControlMessage> {
  const kind = envelope.kind;
  if (kind !== 'timeout' && kind !== 'fetch' && kind !== 'frames')
    return left(wireError('kind', `${kind} is not a control message`));
  const decoded = (CODECS[kind] as t.Type<unknown, unknown>).decode(envelope.body);
  if (decoded._tag === 'Left') return left(underField('body', reportErrors(decoded.left)));
  const message = { kind, body: decoded.right } as ControlMessage;
  if (rankOf(message) !== envelope.rank)
    return left(wireError('rank', `the envelope says rank ${envelope.rank}, its body ${rankOf(message)}`));
  return right(message);
}
