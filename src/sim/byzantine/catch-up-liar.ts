/**
 * A validator whose catch-up answers are valid but useless or contradictory. It keeps the
 * certified frames it hears of (a proposal, certified by the `justify` of a later one) and answers
 * every `fetch` in turn with frames the asker did not ask for (below its `after`), with a gap (only
 * the highest frame, its ancestors missing), or out of order (highest first); now and then it sends
 * such an answer to a peer that asked nothing.
 *
 * Every frame and certificate in them is genuine, so receivers can take each one; none can make
 * them skip a frame, take one out of order into their chain, or finalize anything that is not
 * certified, and an honest peer's answer still brings what is missing.
 */
import { timer } from 'rxjs';
import type { CertifiedFrame, Frame } from '../../reference/types';
import { MAX_FRAMES_PER_REPLY } from '../../reference/types';
import type { ByzantineStrategy } from './types';

export function catchUpLiar(options: { readonly unaskedEvery?: number } = {}): ByzantineStrategy {
  const unaskedEvery = options.unaskedEvery ?? 400;
  return {
    name: 'catch-up-liar',
    faulty: true,
    honestCore: {},
    start(ctx) {
      const frames = new Map<string, Frame>();
      const certified: CertifiedFrame[] = []; // ascending rank
      let turn = 0;
      const answer = (after: number): readonly CertifiedFrame[] => {
        turn += 1;
        switch (turn % 3) {
          case 0:
            return certified.filter((c) => c.frame.rank <= after).slice(-MAX_FRAMES_PER_REPLY);
          case 1:
            return certified.slice(-1);
          default:
            return [...certified.filter((c) => c.frame.rank > after)]
              .reverse()
              .slice(0, MAX_FRAMES_PER_REPLY);
        }
      };
      const send = (after: number, to: string): void => {
        const reply = answer(after);
        if (reply.length > 0) ctx.sendControl({ kind: 'frames', body: { frames: reply } }, [to]);
      };
      const listening = ctx.inbound$.subscribe(({ message }) => {
        if (message.kind !== 'proposal') return;
        const frame = message.proposal;
        frames.set(frame.id, frame);
        const parent = frame.justify === null ? undefined : frames.get(frame.justify.frame);
        if (
          parent !== undefined &&
          frame.justify !== null &&
          !certified.some((c) => c.frame.id === parent.id)
        ) {
          certified.push({ frame: parent, certificate: frame.justify });
          certified.sort((a, b) => a.frame.rank - b.frame.rank);
          if (certified.length > 4 * MAX_FRAMES_PER_REPLY) certified.shift();
        }
        for (const [id, f] of frames) if (f.rank < frame.rank - 4 * MAX_FRAMES_PER_REPLY) frames.delete(id);
      });
      listening.add(
        ctx.controls$.subscribe(({ message, from }) => {
          if (message.kind === 'fetch') send(message.body.after, from);
        }),
      );
      listening.add(
        timer(unaskedEvery, unaskedEvery, ctx.scheduler).subscribe(() => {
          const peers = ctx.peers();
          if (peers.length > 0) send(ctx.rng.int(0, 8), ctx.rng.pick(peers));
        }),
      );
      return listening;
    },
  };
}
