/**
 * A validator whose ballots disagree with the proposal they name: for each leader's proposal it
 * signs a ballot for that frame at the next rank, one naming another validator as its proposer,
 * and one for the frame's parent at the frame's rank. Each is validly signed; none is what the
 * proposal says.
 *
 * Receivers count a ballot only for the frame and rank it names, so these never join a quorum for
 * anything: a certificate is built from ballots for one frame id at one rank, and a ballot naming
 * two proposers for one frame is a second ballot (held as evidence).
 */
import { signBallot } from '../../reference/ballot';
import type { Frame } from '../../reference/types';
import type { ByzantineStrategy } from './types';

export function ballotLiar(): ByzantineStrategy {
  return {
    name: 'ballot-liar',
    faulty: true,
    start(ctx) {
      let through = -1;
      return ctx.inbound$.subscribe(({ message }) => {
        if (message.kind !== 'proposal' || message.proposal.rank <= through) return;
        const frame = message.proposal;
        if (ctx.validators.leaderOrder(frame.rank)[0] !== frame.proposer) return;
        through = frame.rank;
        const other = ctx.validators.members.find((m) => m.id !== frame.proposer)!.id;
        const lies: Frame[] = [
          { ...frame, rank: frame.rank + 1 },
          { ...frame, proposer: other },
          { ...frame, id: frame.parent === 'genesis' ? ctx.genesis.id : frame.parent },
        ];
        for (const lie of lies) {
          const vote = signBallot(lie, ctx.self, ctx.signer, ctx.chain);
          ctx.send({ kind: 'vote', proposer: vote.proposer, voter: ctx.self, vote });
        }
      });
    },
  };
}
