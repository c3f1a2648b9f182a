/**
 * The reference protocol's own inbound messages, after the guarded path checked their envelope
 * (chain, sender, signature): timeouts, catch-up requests and catch-up answers.
 *
 * A timeout message is taken only when everything it claims is proven (`checkTimeoutMessage`:
 * the vote's signature, a QC at least as high as the vote's claim, the TC it came in by). Its
 * certificates are taken wherever the sender is; its vote counts only within the rank window,
 * which for a timeout is counted from the rank in progress (one rank more than for the machine's
 * messages: a timeout for the round after the window's last is still taken).
 */
import { checkRejection, withinField } from '../../inbound/message-check';
import type { InboundRejectionDetails } from '../../inbound/rejection';
import { rankStanding } from '../../machine/rank-window';
import type { Envelope } from '../../wire/envelope';
import { checkTimeoutMessage } from '../certificates';
import type { Pacemaker } from '../pacemaker';
import type { PeerId, TimeoutMessage } from '../types';
import type { Verification } from '../verification';
import type { CatchUp } from './catch-up';
import { openControl } from './control';
import type { ReceivedLedger } from './received';
import type { Rounds } from './rounds';

export interface ProtocolInboundOptions {
  readonly check: Verification;
  readonly pacemaker: Pacemaker;
  readonly rounds: Rounds;
  readonly catchUp: CatchUp;
  readonly received: ReceivedLedger;
  readonly rankWindow: number;
}

/** Handles one control envelope from `sender`: a refusal, or undefined when taken. */
export type ProtocolInbound = (envelope: Envelope, sender: PeerId) => InboundRejectionDetails | undefined;

export function createProtocolInbound(o: ProtocolInboundOptions): ProtocolInbound {
  const { check, pacemaker, rounds, catchUp, rankWindow } = o;

  function onTimeout(message: TimeoutMessage, sender: PeerId): InboundRejectionDetails | undefined {
    const { timeout, highQc, lastTc } = message;
    if (timeout.voter !== sender)
      return malformed('body.timeout.voter', `${timeout.voter} is not the sender ${sender}`);
    const checked = checkTimeoutMessage(message, check);
    if (checked._tag === 'Left') return checkRejection(withinField('body', checked.left), sender);
    o.received.record(sender, 'timeout', timeout.rank, String(timeout.highQcRank));
    rounds.observeQc(highQc, 'certificate');
    if (lastTc !== null) rounds.observeTc(lastTc);
    // A sender still timing out at a rank this node has left has missed the certificate that
    // ended it (its peers stopped re-sending): hand it over.
    if (timeout.rank < pacemaker.rank()) catchUp.helpBehind(sender, timeout.rank);
    if (rankStanding(timeout.rank, pacemaker.rank(), rankWindow) === 'too_far_ahead') {
      catchUp.request(sender);
      return {
        reason: 'too_far_ahead',
        kind: 'timeout',
        sender,
        rank: timeout.rank,
        activeRank: pacemaker.rank() - 1,
        window: rankWindow,
      };
    }
    const { formed, join } = pacemaker.addTimeout(timeout, highQc);
    if (formed !== null) rounds.observeTc(formed);
    else if (join) rounds.timeOut(pacemaker.rank());
    return undefined;
  }

  return (envelope, sender) => {
    const opened = openControl(envelope);
    if (opened._tag === 'Left') return malformed(opened.left.field, opened.left.problem);
    const message = opened.right;
    switch (message.kind) {
      case 'timeout':
        return onTimeout(message.body, sender);
      case 'fetch':
        return catchUp.serve(message.body.after, message.body.seq, sender);
      case 'frames':
        return catchUp.ingest(message.body.frames, sender);
    }
  };
}

export const malformed = (field: string, problem: string): InboundRejectionDetails => ({
  reason: 'malformed',
  field,
  problem,
});
