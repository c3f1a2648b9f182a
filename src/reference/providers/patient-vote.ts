/**
 * The vote decision with patience. Every validator proposes, and nodes ask for a vote as soon as
 * `minimumProvers` proposals are in, which need not include the leader's yet: voting at once for
 * the best proposal seen would split honest votes whenever the leader's proposal is a little late,
 * and a rank whose votes split never reaches a quorum (the engine allows one vote per rank).
 *
 * So the choice widens with time: right away only the leader's (priority 0) proposal is taken;
 * after `patience` ms the first two proposers of the leader order; after 2 × `patience` the
 * first three; and so on. With `patience` above the network's delay, honest nodes wait for the
 * same proposal and their votes agree; with the leader silent they all move to the next one.
 * While waiting it watches the machine's stored proposals (see `ProposalView`) and re-checks at
 * each widening; the engine cancels the wait when the voting state is left. With `patience` 0 it
 * votes at once for the best valid proposal.
 */
import { Observable } from 'rxjs';
import type { Result } from '../../engine/types';
import { signBallot } from '../ballot';
import { chooseProposal } from '../decide';
import type { Ballot, Frame, PeerId } from '../types';
import { priorOf, type NodeContext } from './context';

export type Vote = { proposer: PeerId; vote: Ballot };

export function patientVote(ctx: NodeContext, given: ReadonlyMap<string, Frame>): Result<Vote> {
  const prior = priorOf(ctx);
  const rank = prior.rank + 1;
  const startedAt = ctx.memory.decidingSince.get(rank) ?? ctx.scheduler.now();
  ctx.memory.decidingSince.set(rank, startedAt);
  const widening = (): number =>
    ctx.patience > 0 ? Math.floor((ctx.scheduler.now() - startedAt) / ctx.patience) : Infinity;
  const choose = (): Frame | undefined => {
    const candidates = [...given.values(), ...(ctx.view()?.at(rank) ?? [])];
    return chooseProposal(candidates, prior, ctx.check, widening());
  };
  const cast = (frame: Frame): Vote => {
    const vote = signBallot(frame, ctx.self, ctx.signer);
    ctx.send.vote(frame.proposer, vote);
    return { proposer: frame.proposer, vote };
  };

  const now = choose();
  if (now !== undefined) return cast(now);
  return new Observable<Vote>((subscriber) => {
    let done = false;
    const attempt = (): void => {
      if (done) return;
      const chosen = choose();
      if (chosen === undefined) return;
      done = true;
      subscriber.next(cast(chosen));
      subscriber.complete();
    };
    const widen = (): void => {
      const next = startedAt + (widening() + 1) * ctx.patience;
      subscriber.add(
        ctx.scheduler.schedule(
          () => {
            attempt();
            if (!done && widening() < ctx.check.validators.size) widen();
          },
          // At least 1 ms: with fractional clocks the floor above can come out one step short,
          // and a 0 ms re-schedule would then loop forever at the same instant.
          Math.max(1, next - ctx.scheduler.now()),
        ),
      );
    };
    const view = ctx.view();
    if (view !== null) subscriber.add(view.changes$.subscribe(() => attempt()));
    if (!done && ctx.patience > 0) widen();
  });
}
