/**
 * Rounds: how certificates move a validator from rank to rank, and how it gives up on one.
 *
 * Every certificate learnt (from its own quorum, a proposal, a timeout message, catch-up) goes to
 * the pacemaker; when the pacemaker's rank passes the machine's, the machine is moved there
 * (`advanceTo`). When this validator's time at its rank runs out it signs one timeout through the
 * safety rules and broadcasts it with the QC that proves its claim, again on every re-send.
 */
import type { Tracer } from '../../engine/types';
import { MachineState } from '../../machine/states';
import { ROUND_STATES } from '../../machine/transitions';
import type { BlockTree } from '../block-tree';
import type { Pacemaker } from '../pacemaker';
import type { SafetyRules } from '../safety-rules';
import type { Frame, QuorumCert, TimeoutCert } from '../types';
import type { RankChange, ValidatorEvent } from './events';
import type { LeaderTurns } from './leader-turns';
import type { Outbound } from './outbound';
import type { ReferenceMachine } from './machine';

export interface Rounds {
  /** A valid QC, learnt `by` this node's own quorum or a certificate seen. */
  observeQc(qc: QuorumCert, by: RankChange): void;
  /** A valid TC. */
  observeTc(tc: TimeoutCert): void;
  /** Move the machine to the pacemaker's rank when it is behind it. */
  reconcile(): void;
  /** This node's time at `rank` ran out: sign a timeout once, then (re-)broadcast it. */
  timeOut(rank: number): void;
}

export interface RoundsOptions {
  readonly pacemaker: Pacemaker;
  readonly tree: BlockTree;
  readonly safety: SafetyRules;
  readonly outbound: Outbound;
  readonly machine: () => ReferenceMachine | null;
  /** A QC whose frame this node lacks: fetch it. */
  readonly missing: () => void;
  /** Told of every certificate taken: whose turns as leader succeeded, and whose failed. */
  readonly turns?: Pick<LeaderTurns, 'certified' | 'timedOut'>;
  readonly report: (event: ValidatorEvent) => void;
  readonly failed: (message: string, err: unknown) => void;
  readonly tracer?: Tracer;
}

export function createRounds(o: RoundsOptions): Rounds {
  const { pacemaker, tree, safety, outbound, report } = o;
  /** The QC this node's timeout at `rank` named, to send with every copy of it. */
  let proof: { readonly rank: number; readonly qc: QuorumCert } | undefined;

  function observeQc(qc: QuorumCert, by: RankChange): void {
    o.turns?.certified(qc.rank);
    tree.addCertificate(qc);
    if (pacemaker.observeQc(qc)) {
      report({ kind: 'rank', rank: pacemaker.rank(), by });
      if (tree.frame(qc.frame) === undefined) o.missing();
      reconcile();
    }
  }

  function observeTc(tc: TimeoutCert): void {
    // The certificate's QC may be news too: the leader of the next rank builds on it.
    observeQc(tc.highQc, 'certificate');
    o.turns?.timedOut(tc.rank);
    if (pacemaker.observeTc(tc)) {
      report({ kind: 'rank', rank: pacemaker.rank(), by: 'timeout' });
      reconcile();
    }
  }

  function reconcile(): void {
    const machine = o.machine();
    if (machine === null) return;
    const snapshot = machine.getSnapshot();
    const target = pacemaker.rank();
    const current = snapshot.activeRank + 1;
    if (target <= current || !(ROUND_STATES as readonly MachineState[]).includes(snapshot.state)) return;
    // Finishing the round it certified itself: the machine gets there on its own, unless the
    // frame it certified never came (its leader showed this node another proposal, or none):
    // then the round cannot finish, and the machine is moved on like a node behind.
    const finishing = snapshot.state === MachineState.Finalizing || snapshot.state === MachineState.Verifying;
    if (finishing && target === current + 1 && tree.frame(pacemaker.highQc.frame) !== undefined) return;
    const head = tree.highestCertified.frame;
    const activeRank = snapshot.activeState === null ? -1 : snapshot.activeState.rank;
    const state: Frame | null = head.rank < target && head.rank >= activeRank ? head : null;
    machine.advanceTo(target, state);
  }

  function timeOut(rank: number): void {
    if (rank !== pacemaker.rank()) return;
    const { highQc, lastTc } = pacemaker;
    let signed;
    try {
      signed = safety.timeout(rank, highQc.rank, lastTc?.rank ?? -1);
    } catch (err) {
      o.failed(`store: recording the timeout at rank ${rank} failed; not sending it`, err);
      return;
    }
    if (signed._tag === 'Left') {
      o.tracer?.trace(`no timeout at rank ${rank}: ${signed.left}`);
      return;
    }
    const vote = signed.right;
    if (vote.highQcRank === highQc.rank && proof?.rank !== rank) proof = { rank, qc: highQc };
    // After a restart the QC the timeout named may be unknown here: a copy without its proof
    // would be refused, so none is sent until this node learns a QC as high.
    const qc = proof?.rank === rank ? proof.qc : highQc;
    if (qc.rank < vote.highQcRank) {
      o.tracer?.trace(`timeout at rank ${rank} not re-sent: its QC at ${vote.highQcRank} is not known`);
      return;
    }
    const formed = pacemaker.addTimeout(vote, qc).formed;
    if (formed !== null) observeTc(formed);
    outbound.sendControl({ kind: 'timeout', body: { timeout: vote, highQc: qc, lastTc: pacemaker.lastTc } });
  }

  return { observeQc, observeTc, reconcile, timeOut };
}
