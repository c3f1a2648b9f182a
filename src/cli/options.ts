/** Command-line value parsers: each throws commander's InvalidArgumentError saying what it expected. */
import { InvalidArgumentError } from 'commander';

export const integerAtLeast =
  (min: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(`expected an integer >= ${min}, got "${value}"`);
    }
    return n;
  };

export const port = (value: string): number => {
  const n = integerAtLeast(0)(value);
  if (n > 65535) throw new InvalidArgumentError(`expected a port (0 to 65535), got "${value}"`);
  return n;
};

export const hostPort = (value: string): string => {
  if (!/^[A-Za-z0-9.-]+:\d{1,5}$/.test(value) || Number(value.slice(value.lastIndexOf(':') + 1)) > 65535) {
    throw new InvalidArgumentError(`expected HOST:PORT, got "${value}"`);
  }
  return value;
};

export const hostPortList = (value: string, previous: readonly string[] = []): string[] => [
  ...previous,
  ...value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(hostPort),
];

export interface KillSpec {
  /** Validator number K (validator id vK). */
  readonly node: number;
  /** Milliseconds after the testnet started. */
  readonly at: number;
}

export const killSpec = (value: string, previous: readonly KillSpec[] = []): KillSpec[] => {
  const m = /^(\d+)@(\d+)$/.exec(value.trim());
  if (!m)
    throw new InvalidArgumentError(`--kill expects K@T (validator number @ milliseconds), got "${value}"`);
  return [...previous, { node: Number(m[1]), at: Number(m[2]) }];
};

/** The exit status of a bad command line. */
export const USAGE_ERROR = 2;

/** Says what was wrong with the command line and exits with `USAGE_ERROR`. */
export function usageError(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(USAGE_ERROR);
}
