/**
 * The demo's command line, parsed with commander: every option checked, with a clear message and
 * exit status 2 for anything wrong (an unknown option, a bad number, too many Byzantine nodes).
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { BYZANTINE_NAMES, isByzantineName, type ByzantineName } from 'rx-consensus/sim';
import { DEFAULT_NETWORK, type NetworkOptions } from '../network';
import type { DemoIO } from './io';

/** The network's options (time chosen by `virtual`), plus how to report. */
export type DemoOptions = Omit<NetworkOptions, 'time'> & {
  readonly json: boolean;
  readonly virtual: boolean;
};

/** The options, or the exit status to stop with (0 after --help, 2 after an error). */
export type Parsed =
  { readonly ok: true; readonly options: DemoOptions } | { readonly ok: false; readonly exitCode: number };

export const USAGE_ERROR = 2;

const integer =
  (name: string, min: number, max: number) =>
  (text: string): number => {
    const value = Number(text);
    if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}.`);
    }
    return value;
  };

function latency(text: string): { min: number; max: number } {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:(?:-|\.\.)\s*(\d+(?:\.\d+)?))?\s*$/.exec(text);
  const min = Number(match?.[1]);
  const max = match?.[2] === undefined ? min : Number(match[2]);
  if (match === null || !(min <= max) || max > 60_000) {
    throw new InvalidArgumentError('latency is milliseconds, "20" or a range "5-40" (at most 60000).');
  }
  return { min, max };
}

function probability(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !(value >= 0 && value < 1)) {
    throw new InvalidArgumentError('loss is a probability from 0 up to (not including) 1, e.g. 0.3.');
  }
  return value;
}

function program(io: DemoIO): Command {
  const d = DEFAULT_NETWORK;
  return new Command('demo')
    .description(
      'Run a small BFT consensus network with Byzantine validators, show it live, and check that ' +
        'the honest nodes agree on every finalized rank. Exit status: 0 agreed and reached the ' +
        'target, 1 did not, 2 bad option.',
    )
    .option('--nodes <n>', 'validators in the network', integer('--nodes', 1, 64), d.nodes)
    .option(
      '--byzantine <f>',
      'how many of them misbehave (fewer than a third)',
      integer('--byzantine', 0, 21),
      d.byzantine,
    )
    .option('--rounds <r>', 'rank every honest node must finalize', integer('--rounds', 1, 100_000), d.rounds)
    .addOption(
      new Option('--latency <ms>', 'one-way delay in ms: "20" or a range "5-40"')
        .argParser(latency)
        .default(d.latency, `${d.latency.min}-${d.latency.max}`),
    )
    .option('--loss <p>', 'probability that a message is lost', probability, d.loss)
    .option(
      '--reorder <ms>',
      'extra random delay that reorders messages',
      integer('--reorder', 0, 60_000),
      d.reorder,
    )
    .option('--seed <s>', 'seed of every random choice', integer('--seed', 0, 2 ** 31 - 1), d.seed)
    .addOption(
      new Option('--strategy <name>', 'what the Byzantine nodes do')
        .choices(BYZANTINE_NAMES)
        .default(d.strategy),
    )
    .option('--json', 'print only a machine-readable JSON summary', false)
    .option('--virtual', 'run in virtual time: the same run, in well under a second', false)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
    });
}

export function parseDemoOptions(argv: readonly string[], io: DemoIO): Parsed {
  const command = program(io);
  try {
    command.parse([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      const helped = err.code === 'commander.helpDisplayed' || err.code === 'commander.help';
      return { ok: false, exitCode: helped ? 0 : USAGE_ERROR };
    }
    throw err;
  }
  const o = command.opts<Omit<DemoOptions, 'strategy'> & { strategy: string }>();
  const problem =
    o.byzantine * 3 >= o.nodes
      ? `--byzantine ${o.byzantine} is too many for --nodes ${o.nodes}: BFT needs fewer than a third (at most ${Math.floor((o.nodes - 1) / 3)}).`
      : !isByzantineName(o.strategy)
        ? `unknown --strategy ${o.strategy}`
        : null;
  if (problem !== null) {
    io.stderr.write(`error: ${problem}\n(use --help for the options)\n`);
    return { ok: false, exitCode: USAGE_ERROR };
  }
  return { ok: true, options: { ...o, strategy: o.strategy as ByzantineName } };
}
