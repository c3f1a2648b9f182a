/**
 * The deterministic vote decision: among the proposals received for the next rank, the valid one
 * whose proposer comes first in the round-robin leader order. Valid means: it extends the prior
 * frame directly, its id is its content's hash, and its proposer (a validator) signed it. Ties
 * (one proposer, two frames: only possible from a Byzantine proposer) go to the smaller id, so every
 * honest node that sees the same proposals picks the same one.
 *
 * `maxPriority` limits the choice to the first proposers of the leader order (0 = the leader only);
 * the voting provider widens it as time passes, so it waits a little for the leader's proposal
 * before settling for a later one (see `providers/patient-vote.ts`).
 */
import { extendsFrame, checkFrame } from './frame';
import type { Frame } from './types';
import type { Verification } from './verification';

export function chooseProposal(
  proposals: Iterable<Frame>,
  prior: Frame,
  v: Verification,
  maxPriority = Infinity,
): Frame | undefined {
  const rank = prior.rank + 1;
  let best: { frame: Frame; priority: number } | undefined;
  for (const frame of proposals) {
    if (!extendsFrame(frame, prior)) continue;
    const priority = v.validators.priorityOf(rank, frame.proposer);
    if (priority === undefined || priority > maxPriority) continue;
    if (
      best !== undefined &&
      (priority > best.priority || (priority === best.priority && frame.id >= best.frame.id))
    ) {
      continue;
    }
    if (checkFrame(frame, v)._tag === 'Left') continue;
    best = { frame, priority };
  }
  return best?.frame;
}
