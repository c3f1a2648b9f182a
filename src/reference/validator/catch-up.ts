/**
 * Catch-up over the validators' own transport. A validator that lacks frames it needs asks one
 * peer at a time for the certified frames after its last final one (`fetch`); every validator
 * answers such requests with up to 64 frames and their certificates (`frames`), and hands a peer
 * it hears timing out at a rank it has left the certificate that ended that rank. Frames fetched
 * are checked (frame, signatures, certificate) before use. Requests and answers are rate-limited
 * per peer.
 */
import type { SchedulerLike } from 'rxjs';
import type { InboundRejectionDetails } from '../../inbound/rejection';
import type { BlockTree } from '../block-tree';
import { checkQuorumCert } from '../certificates';
import { checkFrame } from '../frame';
import type { Pacemaker } from '../pacemaker';
import type { ValidatorStore } from '../store/types';
import { MAX_FRAMES_PER_REPLY, type CertifiedFrame, type PeerId, type QuorumCert } from '../types';
import type { Verification } from '../verification';
import type { ControlMessage } from './control';

export interface CatchUpDeps {
  readonly self: PeerId;
  readonly check: Verification;
  readonly scheduler: SchedulerLike;
  /** The least time between two requests, and between two helps to one peer. */
  readonly every: number;
  readonly store: ValidatorStore;
  readonly tree: BlockTree;
  readonly pacemaker: Pacemaker;
  readonly send: (message: ControlMessage, to?: PeerId) => void;
  /** A certificate learnt from an answer. */
  readonly certified: (qc: QuorumCert) => void;
  /** Frames from an answer were taken, up to `rank`. */
  readonly caughtUp: (rank: number, from: PeerId) => void;
}

export interface CatchUp {
  /** Ask a peer (`to`, else the next in turn) for the frames after the last final one. */
  request(to?: PeerId): void;
  /** Answer `to`'s request for the frames after `after`. */
  serve(after: number, to: PeerId): void;
  /** Take the frames of `from`'s answer; a refusal names the first bad one. */
  ingest(frames: readonly CertifiedFrame[], from: PeerId): InboundRejectionDetails | undefined;
  /** `peer` is still timing out at `rank`, which this node has left: send what ended it. */
  helpBehind(peer: PeerId, rank: number): void;
}

const malformed = (field: string, problem: string): InboundRejectionDetails => ({
  reason: 'malformed',
  field,
  problem,
});

export function createCatchUp(d: CatchUpDeps): CatchUp {
  const { scheduler, every, store, tree, pacemaker } = d;
  const peers = d.check.validators.members.map((m) => m.id).filter((id) => id !== d.self);
  let lastRequest = -Infinity;
  const servedAt = new Map<PeerId, number>();
  const helpedAt = new Map<PeerId, number>();

  /** Whether `peer` may be answered now (at most once per `gap` ms). */
  const due = (times: Map<PeerId, number>, peer: PeerId, gap: number): boolean => {
    const now = scheduler.now();
    if (now - (times.get(peer) ?? -Infinity) < gap) return false;
    times.set(peer, now);
    return true;
  };

  function serve(after: number, to: PeerId): void {
    if (!due(servedAt, to, every / 2)) return;
    const frames: CertifiedFrame[] = [...store.finalizedAfter(after, MAX_FRAMES_PER_REPLY)];
    const above = frames[frames.length - 1]?.frame.rank ?? after;
    frames.push(...tree.certifiedAfter(above, MAX_FRAMES_PER_REPLY - frames.length));
    if (frames.length > 0) d.send({ kind: 'frames', body: { frames } }, to);
  }

  return {
    request(to) {
      const now = scheduler.now();
      if (now - lastRequest < every) return;
      lastRequest = now;
      const target = to ?? peers[Math.floor(now / Math.max(1, every)) % Math.max(1, peers.length)];
      d.send({ kind: 'fetch', body: { after: tree.lastFinalized.frame.rank } }, target);
    },
    serve,
    ingest(frames, from) {
      let reached = -1;
      for (const [i, { frame, certificate }] of frames.entries()) {
        if (certificate.frame !== frame.id || certificate.rank !== frame.rank)
          return malformed(`body.frames.${i}.certificate`, 'is not a certificate of its frame');
        const frameOk = checkFrame(frame, d.check);
        if (frameOk._tag === 'Left')
          return malformed(`body.frames.${i}.frame.${frameOk.left.field}`, frameOk.left.problem);
        const qcOk = checkQuorumCert(certificate, d.check);
        if (qcOk._tag === 'Left')
          return malformed(`body.frames.${i}.certificate.${qcOk.left.field}`, qcOk.left.problem);
        tree.addFrame(frame);
        d.certified(certificate);
        reached = frame.rank;
      }
      if (reached >= 0) d.caughtUp(reached, from);
      return undefined;
    },
    helpBehind(peer, rank) {
      if (!due(helpedAt, peer, every)) return;
      const own = store.signedAt(rank)?.timeout;
      const { highQc, lastTc } = pacemaker;
      if (own !== undefined && lastTc !== null && lastTc.rank >= rank) {
        d.send({ kind: 'timeout', body: { timeout: own, highQc, lastTc } }, peer);
      } else {
        serve(rank - 1, peer);
      }
    },
  };
}
