/**
 * `rx-consensus`: the entry the launcher (`bin/rx-consensus.js`) runs. `--version` answers at
 * once; every other command first checks that the packages it runs on are installed at versions
 * that fit (`requirements.ts`), all of them in one message, before any of them is loaded.
 */
import { describeMisfits, misfits, ownPackageJson } from './requirements';

const USAGE_ERROR = 2;
/** Exit status when a package the command needs is missing or does not fit. */
const MISSING_PACKAGES = 3;

export async function main(argv: readonly string[]): Promise<void> {
  if (argv.length === 1 && ['--version', '-V', 'version'].includes(argv[0]!)) {
    process.stdout.write(`${ownPackageJson().version}\n`);
    return;
  }
  const missing = misfits();
  if (missing.length > 0) {
    process.stderr.write(describeMisfits(missing));
    process.exit(MISSING_PACKAGES);
  }
  // Loaded only now: the program's modules load commander, pino, prom-client, better-sqlite3, libp2p.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildProgram } = require('./program') as typeof import('./program');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { CommanderError } = require('commander') as typeof import('commander');
  try {
    await buildProgram().parseAsync([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(err.code))
        process.exit(0);
      process.exit(USAGE_ERROR);
    }
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}

if (require.main === module) void main(process.argv.slice(2));
