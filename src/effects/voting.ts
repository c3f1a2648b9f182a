/**
 * voting: decide and cast this node's one vote for the round's rank once enough proposals are in,
 * then reach `quorum_reached` as soon as the votes stored make a quorum. Re-evaluated once per
 * instant in which proposals or votes arrived, never twice at once.
 *
 * Vote safety: the vote store is consulted before deciding; a vote already cast at this rank
 * (before an `induce_sync`, a re-entry or a restart) is re-published with `sendVote`, never
 * decided again, and a decision still in flight is waited for, never asked twice. With a
 * `decideVote` provider the vote is recorded before it is sent.
 *
 * Entered by its own timeout, it first tells the provider the round ran out of time
 * (`sendTimeout`), which is how a protocol with timeout certificates starts ending the rank.
 */
import { concat, defer, EMPTY, filter, map, merge, mergeMap, of, type Observable } from 'rxjs';
import { enoughPeers, quorumReached } from '../machine/guards';
import { MachineEvent } from '../machine/states';
import { leasedCall } from '../operators/abort-lease';
import { isPromiseLike, ProviderFailure } from '../operators/from-result';
import { GrowOnlyMap } from '../store/grow-only-map';
import type { Input } from '../engine/inputs';
import type { CastVote } from '../engine/types';
import { boolean, present, withFields } from './answers';
import type { EffectContext, StateEffect } from './context';

const decision = withFields('proposer', 'vote');
const noop = (): void => undefined;

export const voting: StateEffect = <S, V, P, C>(ctx: EffectContext<S, V, P, C>) => {
  const rank = ctx.entry.activeRank + 1;
  const { voting: provider } = ctx.providers;
  const store = ctx.voteStore;
  const round = () => ctx.current().rounds.at(rank);
  const proposals = () => round()?.proposals ?? GrowOnlyMap.empty<string, S, unknown>();
  const votes = () => round()?.votes ?? GrowOnlyMap.empty<string, V, unknown>();
  ctx.decisions.pruneThrough(ctx.entry.activeRank);

  /** Fold a vote cast into the snapshot (and record it as received if asked to). */
  const castVote = (cast: CastVote<V, P>): Observable<Input<S, V, P, C>> =>
    concat(
      of(ctx.update({ kind: 'voted', cast })),
      ctx.emitReceiveEventsOnSends ? ctx.own(ctx.read.vote(cast.proposer, ctx.self, cast.vote, true)) : EMPTY,
    );

  /** Remember a vote decided (the first record at a rank wins) and answer the one remembered. */
  /** `remember` for an answer that arrives outside any pipeline: failures are only traced. */
  function rememberQuietly(answer: { proposer: P; vote: V }): void {
    try {
      if (decision(answer) === null) remember({ rank, proposer: answer.proposer, vote: answer.vote });
    } catch (err) {
      ctx.tracer.error('voting: a vote sent by decideAndSendVote could not be recorded', err);
    }
  }

  function remember(cast: CastVote<V, P>): CastVote<V, P> {
    try {
      if (store.votedAt(rank) === undefined) store.record(cast);
      return store.votedAt(rank) ?? cast;
    } catch (err) {
      throw new ProviderFailure('voteStore.record', err);
    }
  }

  const send = (cast: CastVote<V, P>) =>
    ctx
      .call('voting.sendVote', (signal) => provider.sendVote(cast.vote, signal), present)
      .pipe(mergeMap((proposer) => castVote({ ...cast, proposer })));

  const republish = defer(() => {
    const cast = store.votedAt(rank);
    return cast === undefined ? EMPTY : send(cast);
  });

  const decide = (): Observable<Input<S, V, P, C>> => {
    const given = proposals().toMap();
    const signAndKeep = provider.decideVote?.bind(provider);
    const decided = ctx.decisions.at(rank, (lease) =>
      leasedCall(lease, 'voting.' + (signAndKeep ? 'decideVote' : 'decideAndSendVote'), (signal) => {
        if (signAndKeep) return signAndKeep(given, signal);
        const answer = provider.decideAndSendVote(given, signal);
        // That vote is sent by the provider itself: record it even if it settles after the
        // machine stopped or closed.
        if (isPromiseLike(answer)) answer.then((v) => void rememberQuietly(v), noop);
        return answer;
      }).pipe(
        // `decideVote` may answer null: nothing to vote for yet. The decision then ends without a
        // vote and is asked again once proposals or votes change.
        filter((answer): answer is { proposer: P; vote: V } => !(signAndKeep && answer === null)),
        map((answer) => {
          const problem = decision(answer);
          if (problem !== null) throw new ProviderFailure('voting.decideVote', new TypeError(problem));
          return remember({ rank, proposer: answer.proposer, vote: answer.vote });
        }),
      ),
    );
    // Recorded first; only a `decideVote` answer still needs sending.
    return decided.pipe(mergeMap((cast) => (signAndKeep ? send(cast) : castVote(cast))));
  };

  const quorum = () =>
    ctx
      .call('voting.isQuorum', (signal) => provider.isQuorum(votes(), signal), boolean)
      .pipe(
        mergeMap((reached) =>
          quorumReached(reached, proposals().size, ctx.minimumProvers())
            ? of(ctx.emit(MachineEvent.QuorumReached))
            : EMPTY,
        ),
      );

  const evaluate = (): Observable<Input<S, V, P, C>> => {
    if (store.votedAt(rank) !== undefined) return quorum();
    if (ctx.decisions.has(rank)) return EMPTY;
    return enoughPeers(proposals().size, ctx.minimumProvers()) ? decide() : EMPTY;
  };

  // A decision in flight from an earlier entry: wait for it here as well. Operators are added
  // only when needed: this runs on every voting entry.
  const watch = ctx.whenever(evaluate);
  const inFlight = store.votedAt(rank) === undefined && ctx.decisions.has(rank);
  const body = concat(republish, inFlight ? merge(decide(), watch) : watch);
  return ctx.event === MachineEvent.VotingTimeout ? merge(ctx.roundTimedOut(rank), body) : body;
};
