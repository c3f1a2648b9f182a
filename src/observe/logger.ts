/**
 * Structured logs: a level, a message and fields (node id, rank, state…). The machine writes to a
 * `Logger` when it is given one instead of a tracer; `consoleLogger` writes JSON lines, and
 * `pinoLogger` hands each entry to a pino logger (or anything with pino's four methods).
 */
import type { LogFields, Logger, LogLevel, Tracer } from '../engine/types';
import { describeError } from '../guard/describe';

export type { LogFields, Logger, LogLevel } from '../engine/types';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** JSON lines (`{ level, time, msg, ...fields }`) at or above `level` (default `info`). */
export function consoleLogger(options: { level?: LogLevel; write?: (line: string) => void } = {}): Logger {
  const floor = RANK[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => console.log(line));
  return {
    log(level, message, fields) {
      if (RANK[level] < floor) return;
      write(JSON.stringify({ level, time: Date.now(), msg: message, ...fields }));
    },
  };
}

/** The four methods of a pino logger this adapter calls (`logger.info(fields, message)`). */
export interface PinoLike {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** A `Logger` writing through pino (pass `pino()` or a child logger). */
export const pinoLogger = (pino: PinoLike): Logger => ({
  log: (level, message, fields) => pino[level](fields, message),
});

/**
 * The machine's tracer as structured logs: traces at `debug`, errors at `error` with the error
 * described, each with the node id and, read when the entry is written, the rank and state.
 */
export function machineTracer(
  logger: Logger,
  node: string,
  where: () => { readonly state: string; readonly activeRank: number },
): Tracer {
  const fields = (): LogFields => {
    const { state, activeRank } = where();
    return { node, rank: activeRank + 1, state };
  };
  return {
    trace: (message) => logger.log('debug', message, fields()),
    error: (message, err) => logger.log('error', message, { ...fields(), error: describeError(err) }),
  };
}
