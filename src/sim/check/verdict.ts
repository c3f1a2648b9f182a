/**
 * The verdict on one run: every checked property and whether it held. Safety is always checked;
 * liveness only counts toward the verdict when asked (`expectLiveness`), because a scenario may
 * take more than f nodes out on purpose.
 */
import type { RunRecord } from '../record/types';
import { summarizeEvidence, type EvidenceSummary } from './evidence';
import { measureLiveness, type Liveness, type LivenessOptions } from './liveness';
import { checkSafety, describeViolation, type SafetyViolation } from './safety';
import { diagnoseStall, type StallDiagnosis } from './stall';

export interface CheckOptions extends LivenessOptions {
  /** Count lost liveness (while promised) as a failure. Default false. */
  readonly expectLiveness?: boolean;
  /** Count a Byzantine node with a traceable behaviour but no evidence as a failure. Default false. */
  readonly expectEvidence?: boolean;
}

export interface Verdict {
  readonly ok: boolean;
  readonly safety: readonly SafetyViolation[];
  readonly liveness: Liveness;
  readonly evidence: EvidenceSummary;
  /** Why progress stopped, when liveness was lost. */
  readonly stall: StallDiagnosis | null;
  /** Every failed property, one readable line each. */
  readonly failures: readonly string[];
}

export function checkRun(record: RunRecord, options: CheckOptions = {}): Verdict {
  const safety = checkSafety(record);
  const liveness = measureLiveness(record, options);
  const evidence = summarizeEvidence(record);
  const failures = safety.map((v) => `safety: ${describeViolation(v)}`);
  if (options.expectLiveness) failures.push(...liveness.reasons.map((r) => `liveness: ${r}`));
  if (options.expectEvidence)
    failures.push(...evidence.unseen.map((id) => `evidence: nothing recorded against ${id}`));
  const stall = liveness.lost ? diagnoseStall(record) : null;
  return { ok: failures.length === 0, safety, liveness, evidence, stall, failures };
}
