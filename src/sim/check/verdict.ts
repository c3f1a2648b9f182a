/**
 * The verdict on one run: every checked property and whether it held. Safety is always checked;
 * liveness counts wherever it is promised (n − f honest nodes up and connected at the end) unless
 * `expectLiveness` is false, for a run that stalls on purpose.
 */
import type { RunRecord } from '../record/types';
import { summarizeEvidence, type EvidenceSummary } from './evidence';
import { measureLiveness, type Liveness, type LivenessOptions } from './liveness';
import { checkSafety, describeViolation, type SafetyViolation } from './safety';
import { diagnoseStall, type StallDiagnosis } from './stall';

export interface CheckOptions extends LivenessOptions {
  /** Count lost liveness (while promised) as a failure. Default true. */
  readonly expectLiveness?: boolean;
  /** Count a Byzantine node with a traceable behaviour but no evidence as a failure. Default false. */
  readonly expectEvidence?: boolean;
}

export interface RunVerdict {
  readonly ok: boolean;
  readonly safety: readonly SafetyViolation[];
  readonly liveness: Liveness;
  readonly evidence: EvidenceSummary;
  /** Why progress stopped, when liveness was lost. */
  readonly stall: StallDiagnosis | null;
  /** Every failed property, one readable line each. */
  readonly failures: readonly string[];
}

/** @deprecated The old name of `RunVerdict` (not the engine's `Verdict`). */
export type Verdict = RunVerdict;

export function checkRun(record: RunRecord, options: CheckOptions = {}): RunVerdict {
  const safety = checkSafety(record);
  const liveness = measureLiveness(record, options);
  const evidence = summarizeEvidence(record);
  const failures = safety.map((v) => `safety: ${describeViolation(v)}`);
  if (options.expectLiveness ?? true) failures.push(...liveness.reasons.map((r) => `liveness: ${r}`));
  if (options.expectEvidence)
    failures.push(...evidence.unseen.map((id) => `evidence: nothing recorded against ${id}`));
  const stall = liveness.lost ? diagnoseStall(record) : null;
  return { ok: failures.length === 0, safety, liveness, evidence, stall, failures };
}
