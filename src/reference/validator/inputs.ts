/**
 * What drives a validator besides its machine's own timers: the transport's inbound stream, the
 * re-send clock, the machine's transitions (to catch up with the pacemaker), and proof that the
 * leader of the rank in progress equivocated (give up on the rank at once instead of waiting out
 * its timeout).
 */
import { Subscription, timer, type SchedulerLike } from 'rxjs';
import type { GuardedInbound } from '../../inbound/guarded-inbound';
import type { Pacemaker } from '../pacemaker';
import type { Ballot, Collected, Frame, PeerId } from '../types';
import type { ReferenceMachine } from './machine';
import type { Reporting } from './reporting';
import type { Rounds } from './rounds';
import type { InboundBytes, ValidatorTransport } from './transport';

export interface InputsOptions {
  readonly transport: ValidatorTransport;
  readonly deliver: (message: InboundBytes) => void;
  readonly resend: () => void;
  readonly resendEvery: number;
  readonly scheduler: SchedulerLike;
  readonly machine: ReferenceMachine;
  readonly inbound: GuardedInbound<Frame, Ballot, PeerId, Collected>;
  readonly pacemaker: Pacemaker;
  readonly rounds: Rounds;
  readonly leaderOf: (rank: number) => PeerId;
  readonly reporting: Reporting;
}

export function connectInputs(o: InputsOptions): Subscription {
  const { reporting, pacemaker, rounds } = o;
  const all = new Subscription();
  all.add(
    o.inbound.rejection$.subscribe((r) => {
      if (r.reason !== 'conflict' || r.kind !== 'proposal') return;
      if (r.rank === pacemaker.rank() && o.leaderOf(r.rank) === r.sender) rounds.timeOut(r.rank);
    }),
  );
  all.add(o.machine.transition$.subscribe(() => rounds.reconcile()));
  all.add(
    o.transport.inbound$.subscribe({
      next: (message) =>
        reporting.contained('inbound: a message could not be handled', () => o.deliver(message)),
      error: (err: unknown) => reporting.failed('transport: the inbound stream failed', err),
    }),
  );
  all.add(
    timer(o.resendEvery, o.resendEvery, o.scheduler).subscribe(() =>
      reporting.contained('re-sending failed', o.resend),
    ),
  );
  return all;
}
