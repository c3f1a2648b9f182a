/**
 * The nemesis history: one JSON object a line, each with `t`, milliseconds since the run began.
 * Every fault (its start and its heal), every submission and every change of a validator's
 * finalized rank as the runner saw it is a line; the checker reads nothing else of the run but the
 * validators' stores and received logs.
 */
import { appendFileSync, readFileSync } from 'node:fs';

export type FaultKind = 'partition' | 'isolate' | 'kill' | 'pause' | 'link' | 'disk-full';

export type HistoryEvent =
  | {
      readonly t: number;
      readonly type: 'start';
      readonly nodes: readonly string[];
      readonly seed: number;
      readonly durationMs: number;
      /** `netns`: each validator its own namespace; `loopback`: all on 127.0.0.1 behind the proxy. */
      readonly network: 'netns' | 'loopback';
      /** Longest time the head may stand still while nothing is wrong: longer is a stall. */
      readonly stallBoundMs: number;
      /** Wall-clock ms (epoch) at t = 0, to line the history up with the validators' logs. */
      readonly wallClock?: number;
    }
  | {
      readonly t: number;
      readonly type: 'fault';
      readonly id: number;
      readonly kind: FaultKind;
      /** The validators it takes out of the healthy network (all it touches, for a link fault). */
      readonly nodes: readonly string[];
      readonly detail: string;
    }
  | { readonly t: number; readonly type: 'heal'; readonly id: number }
  | {
      readonly t: number;
      readonly type: 'submit';
      readonly mutation: string;
      readonly node: string;
      /** 202: in the validator's pool; anything else (or `null`: no answer) was not accepted. */
      readonly status: number | null;
    }
  | { readonly t: number; readonly type: 'rank'; readonly node: string; readonly finalizedRank: number }
  | { readonly t: number; readonly type: 'note'; readonly text: string }
  | { readonly t: number; readonly type: 'end' }
  /** Written after the check, for the reader: where each submitted mutation ended up. */
  | {
      readonly t: number;
      readonly type: 'outcome';
      readonly mutation: string;
      readonly finalizedAt: readonly number[];
    };

/** The same events without their time: what the runner hands the writer. */
export type Recorded = HistoryEvent extends infer E ? (E extends HistoryEvent ? Omit<E, 't'> : never) : never;

export interface HistoryWriter {
  readonly file: string;
  /** Milliseconds since the run began. */
  now(): number;
  record(event: Recorded): void;
}

/** Appends synchronously: a crash loses no line that was recorded. */
export function historyWriter(
  file: string,
  clock: () => number = performance.now.bind(performance),
): HistoryWriter {
  const start = clock();
  const now = (): number => Math.round(clock() - start);
  return {
    file,
    now,
    record(event) {
      appendFileSync(file, `${JSON.stringify({ t: now(), ...event })}\n`);
    },
  };
}

/** The events of a history file, in order; a line cut short (a crash while writing) is skipped. */
export function readHistory(file: string): HistoryEvent[] {
  return parseHistory(readFileSync(file, 'utf8'));
}

export function parseHistory(text: string): HistoryEvent[] {
  return text.split('\n').flatMap((line) => {
    if (line.trim() === '') return [];
    try {
      const event = JSON.parse(line) as HistoryEvent;
      return typeof event.t === 'number' && typeof event.type === 'string' ? [event] : [];
    } catch {
      return [];
    }
  });
}
