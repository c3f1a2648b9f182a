/**
 * Votes for a proposal nobody made: as soon as a round opens, sign a vote for a made-up frame id
 * (as if from the round's leader) and send it to everyone. It verifies (it is this validator's
 * real signature) but can never help finalize anything: no valid frame with that id exists.
 */
import { map } from 'rxjs';
import { signBallot } from '../../reference/ballot';
import type { Rng } from '../../transport/rng';
import { roundOpenings } from './round-openings';
import type { ByzantineStrategy } from './types';

export function phantomVoter(): ByzantineStrategy {
  return {
    name: 'phantom-voter',
    faulty: true,
    start(ctx) {
      return roundOpenings(ctx)
        .pipe(
          map(({ rank, prior }) => {
            const proposer = ctx.validators.leaderOrder(rank)[0]!;
            const phantom = { ...prior, rank, id: randomFrameId(ctx.rng), proposer };
            return {
              kind: 'vote' as const,
              proposer,
              voter: ctx.self,
              vote: signBallot(phantom, ctx.self, ctx.signer, ctx.chain),
            };
          }),
        )
        .subscribe((vote) => ctx.send(vote));
    },
  };
}

/** 64 lowercase hex characters: shaped like a frame id, the hash of nothing. */
function randomFrameId(rng: Rng): string {
  let id = '';
  for (let i = 0; i < 8; i++) id += rng.int(0, 0xffffffff).toString(16).padStart(8, '0');
  return id;
}
