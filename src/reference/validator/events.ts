/** What a reference validator reports as it runs, for logs, metrics and simulations. */
import type { Envelope } from '../../wire/envelope';
import type { Frame, PeerId } from '../types';

export type RankChange = 'quorum' | 'timeout' | 'certificate';

export type ValidatorEvent =
  /** A frame became final (in rank order). */
  | { readonly kind: 'finalized'; readonly rank: number; readonly frame: Frame }
  /** The rank in progress moved on: by this node's own quorum, a timeout certificate, or a certificate seen. */
  | { readonly kind: 'rank'; readonly rank: number; readonly by: RankChange }
  /** An envelope this node sealed and handed to the transport: to one peer (`to`), or to all. */
  | { readonly kind: 'sent'; readonly envelope: Envelope; readonly to?: PeerId }
  /** A message refused (by the guarded inbound path or the protocol's own checks). */
  | {
      readonly kind: 'refused';
      readonly reason: string;
      readonly sender: PeerId | null;
      readonly message: string;
    }
  /** Frames fetched from a peer were taken (the highest rank they reached). */
  | { readonly kind: 'caught-up'; readonly rank: number }
  /** Something failed and was contained (a throwing transport, a store that could not write). */
  | { readonly kind: 'error'; readonly message: string };
