/**
 * voting: decide and cast this node's one vote for the next rank once enough proposals are in,
 * then reach `quorum_reached` as soon as the votes stored make a quorum. Vote safety:
 * the vote store is consulted before deciding; a vote already cast at this rank (before an
 * `induce_sync`, a re-entry or a restart) is re-published with `sendVote`, never decided again.
 * Re-evaluated once per instant in which proposals or votes arrived, never twice at once.
 */
import { concat, defer, EMPTY, mergeMap, of, type Observable } from 'rxjs';
import { MachineEvent } from '../machine/states';
import { isPromiseLike } from '../operators/from-result';
import { GrowOnlyMap } from '../store/grow-only-map';
import type { Input } from '../engine/inputs';
import type { CastVote } from '../engine/types';
import { boolean, present, withFields } from './answers';
import type { EffectContext, StateEffect } from './context';

export const voting: StateEffect = <S, V, P, C>(ctx: EffectContext<S, V, P, C>) => {
  const rank = ctx.entry.activeRank + 1;
  const { voting: provider } = ctx.providers;
  const store = ctx.voteStore;
  const round = () => ctx.current().rounds.at(rank);
  const proposals = () => round()?.proposals ?? GrowOnlyMap.empty<string, S, unknown>();
  const votes = () => round()?.votes ?? GrowOnlyMap.empty<string, V, unknown>();

  /** Remember a vote cast (first record wins) and fold it into the snapshot. */
  const castVote = (cast: CastVote<V, P>): Observable<Input<S, V, P, C>> => {
    if (store.votedAt(rank) === undefined) store.record(cast);
    return concat(
      of(ctx.update({ kind: 'voted', cast })),
      ctx.emitReceiveEventsOnSends ? ctx.own(ctx.read.vote(cast.proposer, ctx.self, cast.vote, true)) : EMPTY,
    );
  };

  const republish = defer(() => {
    const cast = store.votedAt(rank);
    if (cast === undefined) return EMPTY;
    return ctx
      .call('voting.sendVote', (signal) => provider.sendVote(cast.vote, signal), present)
      .pipe(mergeMap((proposer) => castVote({ ...cast, proposer })));
  });

  const decision = withFields('proposer', 'vote');
  const decide = () =>
    ctx
      .call(
        'voting.decideAndSendVote',
        (signal) => {
          const answer = provider.decideAndSendVote(proposals().toMap(), signal);
          // A vote sent by a Promise that settles after this state was left is still recorded.
          if (isPromiseLike(answer)) {
            answer.then(
              (v) =>
                decision(v) === null && store.votedAt(rank) === undefined && store.record({ rank, ...v }),
              () => undefined,
            );
          }
          return answer;
        },
        decision,
      )
      .pipe(mergeMap(({ proposer, vote }) => castVote({ rank, proposer, vote })));

  const quorum = () =>
    ctx
      .call('voting.isQuorum', (signal) => provider.isQuorum(votes(), signal), boolean)
      .pipe(
        mergeMap((reached) =>
          reached && proposals().size >= ctx.minimumProvers()
            ? of(ctx.emit(MachineEvent.QuorumReached))
            : EMPTY,
        ),
      );

  const evaluate = (): Observable<Input<S, V, P, C>> => {
    if (store.votedAt(rank) !== undefined) return quorum();
    return proposals().size >= ctx.minimumProvers() ? decide() : EMPTY;
  };

  return concat(republish, ctx.whenever(evaluate));
};
