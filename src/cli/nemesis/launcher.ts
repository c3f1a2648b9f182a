/** How a nemesis run starts its validators: from a fresh build, or from the source. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/** The command that runs `rx-consensus`: the fresh build (faster to start) or the source. */
export function launcherOf(build: boolean): { kind: 'build' | 'source'; command: string[] } {
  const cli = join(ROOT, 'dist', 'cli.js');
  if (build) {
    execFileSync(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'tsup', 'dist', 'cli-default.js'),
        '--config',
        'tsup.cli.config.ts',
        '--silent',
      ],
      {
        cwd: ROOT,
        stdio: 'pipe',
      },
    );
  }
  if (build && existsSync(cli)) return { kind: 'build', command: [process.execPath, cli] };
  return { kind: 'source', command: [process.execPath, join(ROOT, 'bin', 'rx-consensus.js')] };
}
