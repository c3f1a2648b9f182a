/**
 * The command lines of `npm run demo` and `npm run simulate`, defined once: the options both share
 * (the scenario, its seed and the reports: same names, same defaults, the same `--json`), then each
 * command's own. A bad command line exits 2 with a message. The README's option table is checked
 * against these definitions.
 */
import { writeFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { parseBehaviours, parseCrash, parseLatency, parsePartition } from './parse';
import { BEHAVIOUR_KINDS } from '../../sim/scenario/types';
import { DEFAULT_SCENARIO_OPTIONS as D, type ScenarioOptions } from './scenario-options';
import { LEADER_RULES, VOTES_TO, type LeaderRule, type VotesTo } from '../../reference/validator/options';

import { USAGE_ERROR } from '../options';

export { USAGE_ERROR };

/** The options both commands take. */
export interface SharedOptions extends ScenarioOptions {
  readonly behaviour: string[];
  readonly partition: string[];
  readonly crash: string[];
  readonly rounds: number;
  /** `--json` alone: true (standard output); `--json FILE`: the file (`-`: standard output). */
  readonly json?: string | true;
  readonly html?: string;
  /** The old spelling of `--behaviour`, still read. */
  readonly strategy?: string[];
}

export interface DemoOptions extends SharedOptions {
  readonly virtual: boolean;
}

export interface SimulateOptions extends SharedOptions {
  readonly replay?: string;
  readonly random?: number;
  readonly expectLiveness: boolean;
  readonly stallLimit: number;
  readonly campaign?: number;
  readonly firstSeed?: number;
  readonly quick: boolean;
  /** Who the validators' votes go to in the campaign's (or `--random`'s) scenarios. */
  readonly votesTo?: VotesTo;
  /** How leaders are chosen in the campaign's (or `--random`'s) scenarios. */
  readonly leaders?: LeaderRule;
  /** Run each of the campaign's (or `--random`'s) scenarios for its whole duration. */
  readonly fullRuns: boolean;
  readonly workers: number;
  readonly saveFailing?: string;
  readonly shrink: boolean;
  readonly workerSlice?: number;
}

export function demoCommand(): Command {
  return withSharedOptions(
    new Command('demo').description(
      'Run a small BFT consensus network with Byzantine validators, show it live, and check that the ' +
        'honest nodes agree on every finalized rank. Exit status: 0 agreed and reached the target, ' +
        '1 did not, 2 bad option.',
    ),
  ).option('--virtual', 'run in virtual time: the same run, in well under a second', false);
}

export function simulateCommand(): Command {
  return withSharedOptions(
    new Command('simulate').description(
      'Deterministic simulation of rx-consensus reference nodes under faults, in virtual time. Exit ' +
        'status: 0 every checked property held, 1 one failed, 2 bad option or scenario.',
    ),
  )
    .option(
      '--replay <file>',
      "run the scenario in this JSON file instead (a saved scenario, or a run's --json output)",
    )
    .option(
      '--random <seed>',
      "run a campaign's scenario: the random scenario of this seed (with --quick: of the quick space)",
      integer('--random', 0),
    )
    .option('--expect-liveness', 'fail when liveness is lost while n − f honest nodes are connected', true)
    .option('--no-expect-liveness', 'report lost liveness without failing the run')
    .option(
      '--stall-limit <ms>',
      'a stall longer than this counts as lost liveness',
      integer('--stall-limit', 0),
      2_000,
    )
    .option(
      '--campaign <count>',
      'run this many random scenarios (f < n/3) instead of one',
      integer('--campaign', 1),
    )
    .option(
      '--first-seed <seed>',
      'seed of the first campaign scenario (default: --seed, or 1)',
      integer('--first-seed', 0),
    )
    .option('--quick', 'campaign: short runs (the CI property test space) instead of 4–8 s runs', false)
    .addOption(
      new Option(
        '--votes-to <who>',
        "campaign and --random: who the validators' votes go to (default: everyone)",
      ).choices(VOTES_TO),
    )
    .addOption(
      new Option(
        '--leaders <rule>',
        'campaign and --random: how leaders are chosen (default: round-robin)',
      ).choices(LEADER_RULES),
    )
    .option(
      '--full-runs',
      'campaign and --random: run each scenario for its whole duration, not until 5 ranks after its last fault',
      false,
    )
    .option('--workers <k>', 'campaign worker processes', integer('--workers', 1, 64), 1)
    .option('--save-failing <file>', 'campaign: write the shrunk failing scenario as JSON, for --replay')
    .option('--no-shrink', 'campaign: do not shrink the first failing scenario')
    .addOption(new Option('--worker-slice <offset>').argParser(integer('--worker-slice', 0)).hideHelp());
}

function withSharedOptions(command: Command): Command {
  return command
    .option('-n, --nodes <n>', 'validators in the network', integer('--nodes', 1, 1_000), D.nodes)
    .option(
      '-b, --byzantine <k>',
      'how many of them, the last ones, are Byzantine (default: 1, or 0 below 4 nodes)',
      integer('--byzantine', 0, 1_000),
    )
    .addOption(
      new Option(
        '--behaviour <forms>',
        'what the Byzantine nodes do, comma-separated, one per node in turn: KIND[:MS][+KIND…], ' +
          'e.g. double-voter, slow:300+garbage or timeout-liar:deflated (kinds: mixed, ' +
          `${BEHAVIOUR_KINDS.join(', ')})`,
      )
        .argParser(list(',', parseBehaviours))
        .default([], D.behaviour),
    )
    .addOption(new Option('--strategy <forms>').argParser(list(',', parseBehaviours)).hideHelp())
    .option(
      '--latency <ms>',
      'one-way link delay: MS, MIN-MAX or exp:[MIN:]MEAN',
      checked(parseLatency),
      D.latency,
    )
    .option('--loss <p>', 'probability that a message is lost', probability('--loss'), D.loss)
    .option(
      '--duplicate <p>',
      'probability that a message arrives twice',
      probability('--duplicate'),
      D.duplicate,
    )
    .option(
      '--reorder <ms>',
      'extra random delay that reorders messages',
      integer('--reorder', 0, 60_000),
      D.reorder,
    )
    .option(
      '--partition <spec>',
      'AT-HEAL:NODES[/NODES], e.g. 1000-2500:0,1 (repeatable)',
      list(/\s+/, parsePartition),
      [],
    )
    .option('--crash <spec>', 'NODE@AT[-RESTART], e.g. 2@1000-3000 (repeatable)', list(/\s+/, parseCrash), [])
    .option(
      '--rounds <r>',
      'stop once every live honest node finalized this rank',
      integer('--rounds', 1, 100_000),
      D.rounds,
    )
    .option(
      '--duration <ms>',
      'time limit in ms (default: 1000 per round, at least 5000)',
      integer('--duration', 1),
    )
    .option(
      '--round-timeout <ms>',
      'how long a rank may take before validators time out',
      integer('--round-timeout', 1),
      D.roundTimeout,
    )
    .option('-s, --seed <seed>', 'seed of every random choice', integer('--seed', 0, 2 ** 31 - 1), D.seed)
    .option(
      '--json [file]',
      'the JSON summary: alone, on the standard output instead of the text report; with a file, written there',
    )
    .option('--html <file>', 'write a self-contained HTML report with an SVG timeline')
    .showHelpAfterError('(add --help for every option)');
}

export type Parsed<T> =
  | { readonly ok: true; readonly options: T; readonly command: Command }
  | { readonly ok: false; readonly exitCode: number };

interface Writer {
  write(text: string): unknown;
}

/** Parses `argv` with `command`: its options, or the exit status (0 after --help, 2 for an error). */
export function parseCommand<T extends SharedOptions>(
  command: Command,
  argv: readonly string[],
  io: { readonly stdout: Writer; readonly stderr: Writer },
): Parsed<T> {
  command.exitOverride().configureOutput({
    writeOut: (text) => void io.stdout.write(text),
    writeErr: (text) => void io.stderr.write(text),
  });
  try {
    command.parse([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return { ok: false, exitCode: err.exitCode === 0 ? 0 : USAGE_ERROR };
    throw err;
  }
  const o = command.opts<T>();
  return { ok: true, command, options: { ...o, behaviour: [...o.behaviour, ...(o.strategy ?? [])] } };
}

/** Where `--json` goes: nowhere, the standard output (`-`), or a file. */
export const jsonTarget = (json: string | true | undefined): string | undefined =>
  json === true ? '-' : json;

/** Writes `text` to `target`: a file, or the standard output for `-`. */
export function writeTo(target: string, text: string, stdout: Writer): void {
  if (target === '-') stdout.write(`${text}\n`);
  else writeFileSync(target, text);
}

function integer(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (text: string): number => {
    const value = Number(text);
    if (!/^\s*-?\d+\s*$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `from ${min} to ${max}`;
      throw new InvalidArgumentError(`${name} must be a whole number ${range}.`);
    }
    return value;
  };
}

function probability(name: string) {
  return (text: string): number => {
    const value = Number(text);
    if (text.trim() === '' || !(value >= 0 && value <= 1))
      throw new InvalidArgumentError(`${name} is a probability from 0 to 1, e.g. 0.05.`);
    return value;
  };
}

/** The text as given, once `parse` accepts it (its RangeError is the message). */
function checked(parse: (text: string) => unknown) {
  return (text: string): string => {
    try {
      parse(text);
    } catch (err) {
      throw new InvalidArgumentError(err instanceof Error ? err.message : String(err));
    }
    return text;
  };
}

/** A repeatable option whose value may hold several items, each checked. */
function list(separator: string | RegExp, parse: (text: string) => unknown) {
  return (text: string, previous: string[] = []): string[] => [
    ...previous,
    ...text
      .split(separator)
      .filter((item) => item !== '')
      .map(checked(parse)),
  ];
}
