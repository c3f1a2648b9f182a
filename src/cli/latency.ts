/**
 * Finalization figures from the validators' JSON logs: for each frame, the time from its
 * proposal (the proposer's `proposed` line) to each validator's `finalized` line for it (pino's
 * `time`, ms), and the
 * rate of finalized ranks. All processes share one machine clock, so the times compare.
 */
import { readFileSync } from 'node:fs';

export interface FinalizationFigures {
  readonly frames: number;
  readonly ranksPerSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
}

export interface LogLine {
  readonly msg?: string;
  readonly frame?: string;
  readonly rank?: number;
  /** On a `caught up` line: the rank caught up to. */
  readonly upTo?: number;
  /** On a `started` line: the last rank final in the validator's store. */
  readonly resumeFrom?: number;
  readonly time?: number;
}

/** The JSON lines of a validator's log (anything else on it is skipped). */
export const linesOf = (file: string): LogLine[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      if (!line.startsWith('{')) return [];
      try {
        return [JSON.parse(line) as LogLine];
      } catch {
        return [];
      }
    });

export const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

export function finalizationFigures(logFiles: readonly string[]): FinalizationFigures {
  const proposedAt = new Map<string, number>();
  const finalized: { frame: string; rank: number; time: number }[] = [];
  for (const file of logFiles) {
    for (const line of linesOf(file)) {
      if (line.frame === undefined || line.time === undefined) continue;
      if (line.msg === 'proposed')
        proposedAt.set(line.frame, Math.min(proposedAt.get(line.frame) ?? Infinity, line.time));
      if (line.msg === 'finalized' && line.rank !== undefined)
        finalized.push({ frame: line.frame, rank: line.rank, time: line.time });
    }
  }
  const latencies = finalized
    .flatMap((f) => {
      const at = proposedAt.get(f.frame);
      return at === undefined ? [] : [f.time - at];
    })
    .sort((a, b) => a - b);
  const firstByFrame = new Map<string, number>();
  for (const f of finalized)
    firstByFrame.set(f.frame, Math.min(firstByFrame.get(f.frame) ?? Infinity, f.time));
  const times = [...firstByFrame.values()].sort((a, b) => a - b);
  const span = times.length < 2 ? 0 : (times[times.length - 1]! - times[0]!) / 1000;
  return {
    frames: firstByFrame.size,
    ranksPerSecond: span === 0 ? 0 : (times.length - 1) / span,
    latencyMs: {
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? NaN,
    },
  };
}

/** The rank a line says its validator has finalized through, if it says one. */
function finalizedThrough(line: LogLine): number | undefined {
  switch (line.msg) {
    case 'finalized':
      return line.rank;
    case 'caught up':
      return line.upTo;
    case 'started':
      return line.resumeFrom;
    default:
      return undefined;
  }
}

/**
 * How long a restarted validator took to be back at the head: ms from `restartedAt` (the machine
 * clock's ms, when it was started again) to the first line of its log after that moment saying it
 * has finalized through the highest rank any other validator had finalized by that moment: a
 * final frame, a catch-up, or its start when its store already held that rank. Null when its log
 * never says so.
 */
export function backAtHead(
  logs: readonly (readonly LogLine[])[],
  restarted: number,
  restartedAt: number,
): number | null {
  let head = -1;
  logs.forEach((lines, i) => {
    if (i === restarted) return;
    for (const line of lines) {
      const through = finalizedThrough(line);
      if (through !== undefined && line.time !== undefined && line.time <= restartedAt)
        head = Math.max(head, through);
    }
  });
  for (const line of logs[restarted] ?? []) {
    const through = finalizedThrough(line);
    if (through !== undefined && line.time !== undefined && line.time >= restartedAt && through >= head)
      return line.time - restartedAt;
  }
  return null;
}
