/**
 * The receive side's public face: the `receive*` methods (each answers with an `Either`) and the
 * `receive.*` Observers for transports (they never close, read their messages defensively, and
 * build no answer nobody would read). Reading and validation are `read-inbound`'s; storing is the
 * reducer's.
 */
import { isLeft, left, right, type Either } from 'fp-ts/Either';
import type { Observer } from 'rxjs';
import { safeGet } from '../guard/describe';
import type { Inbound } from '../engine/inputs';
import type { Outcome } from '../engine/outcome';
import type { InboundReader } from '../engine/read-inbound';
import type { Rejection, RejectionDetails } from '../engine/rejection';
import type { Accepted, StateMachine } from '../engine/state-machine';
import type { Tracer } from '../engine/types';
import { toRejection, verdictOf } from '../engine/verdict';
import { MESSAGE_KINDS } from '../machine/message-kinds';

type Answer<V, P> = Either<Rejection<V, P>, Accepted>;

/** What the receive Observers' internal calls return: nobody reads it. */
const NO_ANSWER = right<never, Accepted>(Object.freeze({ status: 'queued' }));

export interface ReceiveDeps<S, V, P, C> {
  readonly read: InboundReader<S, V, P, C>;
  readonly tracer: Tracer;
  readonly isClosed: () => boolean;
  /** Fold a message read; its outcome, or undefined while it waits behind the input in progress. */
  readonly submit: (input: Inbound<S, V, P, C>) => Outcome | undefined;
  /** Fold a refusal of input that could not be read (so it is traced and published). */
  readonly refuse: (details: RejectionDetails) => void;
}

export type ReceiveSide<S, V, P, C> = Pick<
  StateMachine<S, V, P, C>,
  'receive' | 'receiveProposal' | 'receiveVote' | 'receiveLivenessCheck' | 'receiveConfirmation'
>;

export const closedAnswer = <V, P>(): Answer<V, P> => left(toRejection({ reason: 'closed' }));

export function createReceiveSide<S, V, P, C>(deps: ReceiveDeps<S, V, P, C>): ReceiveSide<S, V, P, C> {
  const { read } = deps;

  function submit(parsed: Either<RejectionDetails, Inbound<S, V, P, C>>, answered: boolean): Answer<V, P> {
    if (deps.isClosed()) return closedAnswer();
    if (isLeft(parsed)) {
      deps.refuse(parsed.left);
      return answered ? left(toRejection(parsed.left)) : NO_ANSWER;
    }
    const outcome = deps.submit(parsed.right);
    return answered ? verdictOf(outcome) : NO_ANSWER;
  }

  // With `answered` false (the receive Observers) no verdict is built: nobody would read it.
  const proposalOf =
    (answered: boolean) =>
    (peer: P, proposal: S): Answer<V, P> =>
      submit(read.proposal(peer, proposal, false), answered);
  const voteOf =
    (answered: boolean) =>
    (proposer: P, voter: P, vote: V): Answer<V, P> =>
      submit(read.vote(proposer, voter, vote, false), answered);
  const livenessOf =
    (answered: boolean) =>
    (peer: P, collected: C): Answer<V, P> =>
      submit(read.liveness(peer, collected, false), answered);
  const confirmationOf =
    (answered: boolean) =>
    (peer: P, confirmation: S): Answer<V, P> =>
      submit(read.confirmation(peer, confirmation, false), answered);

  /** An Observer for a transport: it never closes, and reads its messages defensively. */
  function receiver<M>(
    kind: Inbound<S, V, P, C>['kind'],
    deliver: (...args: never[]) => Answer<V, P>,
  ): Observer<M> {
    const fields = MESSAGE_KINDS[kind].fields;
    return {
      next: (message: M) => {
        const args: unknown[] = [];
        for (const field of fields) {
          const got = safeGet(message, field);
          if (!got.ok) {
            deps.refuse({ reason: 'malformed', kind, field, problem: got.problem });
            return;
          }
          args.push(got.value);
        }
        (deliver as (...a: unknown[]) => Answer<V, P>)(...args);
      },
      error: (err: unknown) =>
        deps.tracer.error(`receive.${kind}: the transport errored; ignored, the machine keeps running`, err),
      complete: () =>
        deps.tracer.trace(`receive.${kind}: the transport completed; the machine keeps running`),
    };
  }

  return {
    receive: {
      proposal: receiver('proposal', proposalOf(false)),
      vote: receiver('vote', voteOf(false)),
      liveness: receiver('liveness', livenessOf(false)),
      confirmation: receiver('confirmation', confirmationOf(false)),
    },
    receiveProposal: proposalOf(true),
    receiveVote: voteOf(true),
    receiveLivenessCheck: livenessOf(true),
    receiveConfirmation: confirmationOf(true),
  };
}
