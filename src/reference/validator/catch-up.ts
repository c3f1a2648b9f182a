/**
 * Catch-up over the validators' own transport. A validator that lacks frames it needs asks one
 * peer at a time for the certified frames after its last final one (`fetch`); every validator
 * answers such requests with up to 64 frames and their certificates (`frames`), and hands a peer
 * it hears timing out at a rank it has left the certificate that ended that rank, or the frames
 * after it. Frames fetched are checked (frame, signatures, certificate) before use.
 *
 * Nobody can make a validator work for free with it:
 * - an answer is taken only from a peer this node asked (a `fetch` to it, or a timeout it
 *   broadcast) within the last four catch-up intervals (at least 2 s), once per asking; any
 *   other is refused
 *   before a frame in it is looked at, and frames already known are skipped unchecked;
 * - a request is served once: its `seq` must be above the last one served to that asker, so a
 *   recorded request replayed draws nothing;
 * - a peer asks at most once per half interval: a request sooner is refused before its
 *   signature (and charged to the peer, whose link the transport cuts when it keeps on);
 * - answers to one peer are limited in bytes per second.
 *
 * Every rate here reads `now`, which the validator takes from a monotonic clock (or the virtual
 * scheduler): a wall clock stepped back cannot silence catch-up.
 */
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
  /** Monotonic ms, for every rate and deadline. */
  readonly now: () => number;
  /** The clock a request's `seq` starts from (wall ms, so it still grows after a restart). */
  readonly epoch: () => number;
  /** The least time between two requests, and between two helps to one peer. */
  readonly every: number;
  /** Bytes of answers one peer may draw per second (and at once, twice that). */
  readonly bytesPerSecond: number;
  readonly store: ValidatorStore;
  readonly tree: BlockTree;
  readonly pacemaker: Pacemaker;
  /** Sends one message (to one peer, or to all); returns the bytes sent (0 when it failed). */
  readonly send: (message: ControlMessage, to?: PeerId) => number;
  /** A certificate learnt from an answer. */
  readonly certified: (qc: QuorumCert) => void;
  /** Frames from an answer were taken, up to `rank`. */
  readonly caughtUp: (rank: number, from: PeerId) => void;
}

export interface CatchUp {
  /** Ask a peer (`to`, else the next in turn) for the frames after the last final one. */
  request(to?: PeerId): void;
  /** This node broadcast a timeout: whoever has left that rank may answer with frames. */
  timingOut(): void;
  /** Whether an answer from `peer` would be taken now (checked before its signature). */
  expects(peer: PeerId): boolean;
  /**
   * Whether a request from `peer` comes too soon after its last one taken (checked before its
   * signature): an honest validator asks one peer at most once per interval.
   */
  fetchTooSoon(peer: PeerId): boolean;
  /** Answer `to`'s request `seq` for the frames after `after`; a refusal when it is a replay. */
  serve(after: number, seq: number, to: PeerId): InboundRejectionDetails | undefined;
  /** Take the frames of `from`'s answer; a refusal when unasked, or naming the first bad one. */
  ingest(frames: readonly CertifiedFrame[], from: PeerId): InboundRejectionDetails | undefined;
  /** `peer` is still timing out at `rank`, which this node has left: send what ended it. */
  helpBehind(peer: PeerId, rank: number): void;
}

/**
 * How long an asked peer has to answer: four catch-up intervals, and at least 2 s, so that a
 * slow link (a round trip of a second) still gets its answer taken. Each asking still takes
 * one answer only.
 */
const answerWindow = (every: number): number => Math.max(4 * every, 2000);

const malformed = (field: string, problem: string): InboundRejectionDetails => ({
  reason: 'malformed',
  field,
  problem,
});

const refused = (problem: string): InboundRejectionDetails => ({ reason: 'refused', problem });

export function createCatchUp(d: CatchUpDeps): CatchUp {
  const { now, every, store, tree, pacemaker } = d;
  const peers = d.check.validators.members.map((m) => m.id).filter((id) => id !== d.self);
  // Every map below is keyed by validators only (senders are looked up before this): bounded.
  let lastRequest = -Infinity;
  let lastSeq = 0;
  const servedAt = new Map<PeerId, number>();
  const helpedAt = new Map<PeerId, number>();
  const servedSeq = new Map<PeerId, number>();
  /** When each peer's last request came (signed: replays count). */
  const askedAt = new Map<PeerId, number>();
  /** Until when each peer's answer is expected. */
  const awaiting = new Map<PeerId, number>();
  /** Each peer's byte allowance for answers, and when it was last topped up. */
  const allowance = new Map<PeerId, { bytes: number; at: number }>();
  const burst = 2 * d.bytesPerSecond;

  /** Whether `peer` may be answered now (at most once per `gap` ms). */
  const due = (times: Map<PeerId, number>, peer: PeerId, gap: number): boolean => {
    const t = now();
    if (t - (times.get(peer) ?? -Infinity) < gap) return false;
    times.set(peer, t);
    return true;
  };

  /** The bytes `peer` may still draw, topped up for the time since last asked. */
  const bytesLeft = (peer: PeerId): { bytes: number; at: number } => {
    const t = now();
    const held = allowance.get(peer) ?? { bytes: burst, at: t };
    held.bytes = Math.min(burst, held.bytes + ((t - held.at) * d.bytesPerSecond) / 1000);
    held.at = t;
    allowance.set(peer, held);
    return held;
  };

  function expects(peer: PeerId): boolean {
    const until = awaiting.get(peer);
    return until !== undefined && now() <= until;
  }

  const fetchTooSoon = (peer: PeerId): boolean => now() - (askedAt.get(peer) ?? -Infinity) < every / 2;

  function answer(after: number, to: PeerId): void {
    if (!due(servedAt, to, every / 2)) return;
    const left = bytesLeft(to);
    if (left.bytes <= 0) return;
    const frames: CertifiedFrame[] = [...store.finalizedAfter(after, MAX_FRAMES_PER_REPLY)];
    const above = frames[frames.length - 1]?.frame.rank ?? after;
    frames.push(...tree.certifiedAfter(above, MAX_FRAMES_PER_REPLY - frames.length));
    if (frames.length > 0) left.bytes -= d.send({ kind: 'frames', body: { frames } }, to);
  }

  return {
    request(to) {
      const t = now();
      if (t - lastRequest < every) return;
      lastRequest = t;
      const target = to ?? peers[Math.floor(t / Math.max(1, every)) % Math.max(1, peers.length)];
      if (target === undefined) return;
      lastSeq = Math.max(lastSeq + 1, Math.floor(d.epoch()));
      awaiting.set(target, t + answerWindow(every));
      d.send({ kind: 'fetch', body: { after: tree.lastFinalized.frame.rank, seq: lastSeq } }, target);
    },
    timingOut() {
      const until = now() + answerWindow(every);
      for (const peer of peers) awaiting.set(peer, until);
    },
    fetchTooSoon,
    serve(after, seq, to) {
      if (fetchTooSoon(to)) return refused(`fetch from ${to} within ${every / 2} ms of its last`);
      // Signed by `to` (checked before this): a replay counts as its asking too.
      askedAt.set(to, now());
      const last = servedSeq.get(to) ?? -1;
      if (seq <= last)
        return refused(`fetch ${seq} from ${to} is not newer than its last (${last}): a replay`);
      servedSeq.set(to, seq);
      answer(after, to);
      return undefined;
    },
    expects,
    ingest(frames, from) {
      if (!expects(from)) return refused(`frames from ${from}, which was not asked for any`);
      awaiting.delete(from);
      const floor = tree.lastFinalized.frame.rank;
      let reached = -1;
      for (const [i, { frame, certificate }] of frames.entries()) {
        if (certificate.frame !== frame.id || certificate.rank !== frame.rank)
          return malformed(`body.frames.${i}.certificate`, 'is not a certificate of its frame');
        // Known already, frame and certificate: nothing to learn, and no signature to check.
        const known = tree.frame(frame.id) !== undefined && tree.certificateOf(frame.id) !== undefined;
        if (frame.rank <= floor || known) continue;
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
        answer(rank - 1, peer);
      }
    },
  };
}
