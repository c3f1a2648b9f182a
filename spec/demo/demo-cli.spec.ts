/**
 * `npm run demo` end to end: `main(argv, io)` in virtual time with JSON and with the plain text
 * report, bad options (exit 2 and a message), and the real process once.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { main } from '../../examples/demo';
import type { DemoIO } from '../../examples/shared/io';

function capture(): DemoIO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text), isTTY: false },
    stderr: { write: (text: string) => (err += text), isTTY: false },
    out: () => out,
    err: () => err,
  };
}

describe('the demo command', () => {
  it('--virtual --json: prints only a JSON summary reporting agreement, and exits 0', async () => {
    const io = capture();
    expect(await main(['--virtual', '--json'], io)).toBe(0);
    const summary = JSON.parse(io.out());
    expect(summary).toMatchObject({
      agree: true,
      reached: true,
      exitCode: 0,
      options: { nodes: 4, byzantine: 1, rounds: 30 },
    });
    expect(summary.agreement).toMatchObject({ agree: true, conflicts: [] });
    // Genesis and ranks 1…30, but for the 7 that v3 leads: it never proposes, so they end by
    // a timeout certificate with no frame.
    expect(summary.agreement.comparedRanks).toBeGreaterThanOrEqual(24);
    expect(summary.nodes).toHaveLength(4);
    expect(
      summary.nodes.filter((n: { faulty: boolean }) => n.faulty).map((n: { node: string }) => n.node),
    ).toEqual(['v3']);
    expect(io.err()).toBe('');
  });

  it('--virtual on a plain output: progress lines, a table per node, and the verdict', async () => {
    const io = capture();
    expect(
      await main(['--virtual', '--rounds', '8', '--nodes', '7', '--byzantine', '2', '--seed', '9'], io),
    ).toBe(0);
    const text = io.out();
    expect(text).toMatch(/rank 8\/8 final on every honest node/);
    expect(text).toMatch(/│ v6\s+│ byzantine/);
    expect(text).toMatch(/equivocation \d+/);
    expect(text).toContain('Honest nodes agree on every rank');
    expect(text.includes('\u001b[')).toBe(false); // no colours off a terminal
    expect(text).toMatch(/agree on every rank \(\d+ ranks compared\): yes/);
  });

  it.each([
    [['--nodes', 'four'], /--nodes must be a whole number/],
    [['--nodes', '4', '--byzantine', '2'], /too many for --nodes 4/],
    [['--loss', '1.5'], /loss is a probability/],
    [['--latency', '40-5'], /latency is milliseconds/],
    [['--strategy', 'polite'], /Allowed choices are mixed/],
    [['--bogus'], /unknown option '--bogus'/],
    [['extra'], /too many arguments|unknown command|excess/i],
  ])('refuses %j with a message and exit status 2', async (argv, message) => {
    const io = capture();
    expect(await main(argv, io)).toBe(2);
    expect(io.err()).toMatch(message);
    expect(io.out()).toBe('');
  });

  it('--help prints the options and exits 0', async () => {
    const io = capture();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.out()).toMatch(/--byzantine <f>/);
  });

  it('runs as a real process: npx tsx examples/demo.ts --virtual --json', () => {
    const root = join(__dirname, '..', '..');
    const child = spawnSync('npx', ['tsx', 'examples/demo.ts', '--virtual', '--json', '--rounds', '10'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout)).toMatchObject({ agree: true, reached: true });
    const bad = spawnSync('npx', ['tsx', 'examples/demo.ts', '--rounds', '0'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--rounds must be a whole number/);
  });
});
