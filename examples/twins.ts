/**
 * `npm run twins`: the Twins schedules of the reference protocol (n = 4, one validator run as
 * two honest copies, the five network nodes split two ways in each of three phases: 4,096
 * schedules). Every one must keep the honest validators safe; exit 1 names the first that did not.
 *
 *   npm run twins                 # all 4,096
 *   npm run twins -- --every 16   # every 16th
 *   npm run twins -- --every 2 --first 1   # the odd ones (run --first 0 beside it on a 2nd core)
 *   npm run twins -- --json       # one JSON summary on stdout
 */
import { Command, Option } from 'commander';
import { runTwinsCase, twinsCases, twinsNodes, type TwinsResult } from 'rx-consensus/sim';
import { integerAtLeast } from '../src/cli/options';
import { LEADER_RULES, VOTES_TO, type LeaderRule, type VotesTo } from '../src/reference/validator/options';

const program = new Command('twins')
  .description('Enumerate Twins schedules of the reference protocol and check safety in each.')
  .option('--every <k>', 'run every k-th schedule', integerAtLeast(1), 1)
  .option(
    '--first <i>',
    'index of the first schedule run (with --every, to split a run)',
    integerAtLeast(0),
    0,
  )
  .option('--phases <p>', 'phases per schedule (16^p schedules)', integerAtLeast(1), 3)
  .option('--json', 'print one JSON summary instead of text', false)
  .addOption(
    new Option('--votes-to <who>', "who the validators' votes go to (default: everyone)").choices(VOTES_TO),
  )
  .addOption(
    new Option('--leaders <rule>', 'how leaders are chosen (default: round-robin)').choices(LEADER_RULES),
  )
  .exitOverride();

function main(argv: readonly string[]): number {
  let o: {
    every: number;
    first: number;
    phases: number;
    json: boolean;
    votesTo?: VotesTo;
    leaders?: LeaderRule;
  };
  try {
    o = program.parse(argv, { from: 'user' }).opts();
  } catch (err) {
    const code = (err as { exitCode?: number }).exitCode;
    return code === 0 ? 0 : 2;
  }
  const all = [...twinsCases(twinsNodes(4, 'v3'), o.phases)];
  const started = Date.now();
  let run = 0;
  let equivocating = 0;
  const unsafe: TwinsResult[] = [];
  for (let i = o.first; i < all.length; i += o.every) {
    const result = runTwinsCase(all[i]!, {
      seed: i,
      phaseMs: 150,
      settleMs: 600,
      ...(o.votesTo === undefined ? {} : { votesTo: o.votesTo }),
      ...(o.leaders === undefined ? {} : { leaders: o.leaders }),
    });
    run++;
    if (result.twinDoubleVotes > 0) equivocating++;
    if (!result.agree || result.honestDoubleVotes > 0) unsafe.push(result);
    if (!o.json && run % 256 === 0) process.stderr.write(`${run} schedules, ${unsafe.length} unsafe\n`);
  }
  const summary = {
    schedules: run,
    of: all.length,
    unsafe: unsafe.length,
    twinsEquivocated: equivocating,
    seconds: (Date.now() - started) / 1000,
    firstUnsafe: unsafe[0] ?? null,
  };
  if (o.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  else {
    process.stdout.write(
      `${run} of ${all.length} schedules in ${summary.seconds.toFixed(0)} s: ${unsafe.length} unsafe; ` +
        `the twins signed conflicting votes in ${equivocating}\n`,
    );
    if (unsafe[0] !== undefined) process.stdout.write(`first unsafe: ${JSON.stringify(unsafe[0])}\n`);
  }
  return unsafe.length === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
