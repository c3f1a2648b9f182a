#!/usr/bin/env node
/* global setTimeout, clearTimeout, fetch */
/**
 * The validator as an operator installs and runs it, from the packed tarballs, in a fresh folder
 * outside the repository:
 *   1. build and pack `rx-consensus` and `rx-consensus-validator`;
 *   2. install them with the README's one install command (the tarballs in place of the names);
 *   3. `npx rx-consensus --version`; `init` four home folders; a validator set from their
 *      `show-validator`; four `npx rx-consensus node --home …` started by hand;
 *   4. `submit` a mutation to one validator, `follow` each of the four until it finalized it;
 *   5. stop each validator by SIGTERM to its `npx` and see it close its store;
 *   6. `testnet --nodes 4 --ranks 10 --json` and its verdict;
 *   7. the library alone (`npm install rx-consensus rxjs`): its command names every missing package.
 * Any failed step exits 1. Every wait is on an event with a generous deadline.
 *
 * better-sqlite3 is compiled from source when no prebuilt binary can be downloaded (CI reaches only
 * the npm registry): 2–3 minutes. Unless `--build-sqlite` is given, the binary this checkout already
 * built is offered to better-sqlite3's installer as a local prebuild (prebuild-install's
 * `local-prebuilds`), so the install is the README's command with no compile.
 * Run by CI (`.ci/run`) as `npm run check:install`; `--keep` keeps the folder.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const args = new Set(process.argv.slice(2));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const started = Date.now();
const timings = [];
let stepStarted = Date.now();
let stepName = '';
const step = (what) => {
  if (stepName !== '') timings.push([stepName, Date.now() - stepStarted]);
  stepName = what;
  stepStarted = Date.now();
  process.stdout.write(`· ${what}\n`);
};
const fail = (message) => {
  process.stderr.write(`\n✗ ${stepName}: ${message}\n`);
  process.exit(1);
};

const run = (cmd, argv, cwd, env = {}) => {
  try {
    return execFileSync(cmd, argv, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
  } catch (err) {
    fail(`${cmd} ${argv.join(' ')} (in ${cwd}) exited ${err.status}\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
};

/** Resolves when `test()` is true, checked every `every` ms; fails the step after `deadline` ms. */
const until = async (what, test, deadline, every = 200) => {
  const end = Date.now() + deadline;
  for (;;) {
    if (await test()) return;
    if (Date.now() > end) fail(`no ${what} within ${deadline} ms`);
    await new Promise((r) => setTimeout(r, every));
  }
};

const freePorts = (count) =>
  Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise((res, rej) => {
          const s = createServer();
          s.once('error', rej);
          s.listen(0, '127.0.0.1', () => res(s));
        }),
    ),
  ).then(async (servers) => {
    const ports = servers.map((s) => s.address().port);
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    return ports;
  });

const health = async (port) => {
  try {
    return (await fetch(`http://127.0.0.1:${port}/health`)).ok;
  } catch {
    return false;
  }
};

/** The README's install command: the line after `<!-- install-command -->`'s fence. */
function readmeInstallCommand() {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const m = /<!-- install-command -->\s*```sh\n([^\n]+)\n/.exec(readme);
  if (m === null) fail('README.md has no <!-- install-command --> block');
  return m[1].trim().split(/\s+/);
}

const dir = mkdtempSync(join(tmpdir(), 'rx-consensus-operator-'));
const children = [];
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  if (!args.has('--keep')) rmSync(dir, { recursive: true, force: true });
  else process.stdout.write(`kept ${dir}\n`);
});

step('build and pack both packages');
if (!args.has('--no-build')) run('npm', ['run', '--silent', 'build'], root);
const packed = (from) =>
  join(dir, run('npm', ['pack', '--silent', '--pack-destination', dir], from).trim().split('\n').pop());
const library = packed(root);
const validator = packed(join(root, 'packages/validator'));

step('install with the README command');
const command = readmeInstallCommand();
if (command.slice(0, 2).join(' ') !== 'npm install' || !command.includes('rx-consensus-validator'))
  fail(`the README's install command is "${command.join(' ')}", not npm install rx-consensus-validator`);
const project = join(dir, 'operator');
mkdirSync(project);
writeFileSync(
  join(project, 'package.json'),
  JSON.stringify({ name: 'operator', private: true, version: '0.0.0' }),
);
const env = {};
if (!args.has('--build-sqlite')) {
  // What better-sqlite3's installer would download, made from the binary this checkout built.
  const sqlite = JSON.parse(readFileSync(join(root, 'node_modules/better-sqlite3/package.json'), 'utf8'));
  const prebuilds = join(dir, 'prebuilds');
  mkdirSync(prebuilds);
  const name = `better-sqlite3-v${sqlite.version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  run(
    'tar',
    ['-czf', join(prebuilds, name), 'build/Release/better_sqlite3.node'],
    join(root, 'node_modules/better-sqlite3'),
  );
  env.npm_config_better_sqlite3_local_prebuilds = prebuilds;
}
const installArgs = command
  .slice(1)
  .flatMap((word) => (word === 'rx-consensus-validator' ? [validator, library] : [word]));
// --prefer-offline: packages already in npm's cache (CI's npm ci filled it) are not fetched again.
run('npm', [...installArgs, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], project, env);
const installMs = Date.now() - stepStarted;

step('npx rx-consensus --version');
const npx = (argv) => run('npx', ['--no-install', 'rx-consensus', ...argv], project).trim();
const version = npx(['--version']);
if (version !== pkg.version) fail(`--version printed "${version}", expected ${pkg.version}`);

step('init four home folders and a validator set from show-validator');
const ports = await freePorts(8);
const ids = [1, 2, 3, 4];
for (const k of ids) {
  npx([
    'init',
    '--home',
    `h${k}`,
    '--id',
    `v${k}`,
    '--listen',
    `127.0.0.1:${ports[k - 1]}`,
    '--http-port',
    String(ports[k + 3]),
  ]);
}
const set = {
  network: 'operator-check',
  validators: ids.map((k) => JSON.parse(npx(['show-validator', '--home', `h${k}`]))),
};
for (const k of ids) writeFileSync(join(project, `h${k}`, 'validators.json'), JSON.stringify(set, null, 2));

step('start four validators by hand (npx rx-consensus node --home hK)');
const nodes = ids.map((k) => {
  const child = spawn('npx', ['--no-install', 'rx-consensus', 'node', '--home', `h${k}`], {
    cwd: project,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  children.push(child);
  return { k, child, port: ports[k + 3], log: () => log };
});
await until(
  'answer on /health from all four',
  async () => (await Promise.all(nodes.map((n) => health(n.port)))).every(Boolean),
  120000,
  500,
);

step('status answers from each running validator');
for (const k of ids) {
  const status = JSON.parse(npx(['status', '--home', `h${k}`]));
  if (status.id !== `v${k}` || status.network !== 'operator-check')
    fail(`status --home h${k}: ${JSON.stringify(status)}`);
}

step('show-node-id names the peer id the running validator listens as');
const nodeId = npx(['show-node-id', '--home', 'h1']);
const startedLine =
  nodes[0]
    .log()
    .split('\n')
    .find((l) => l.includes('"msg":"started"')) ?? '';
if (!startedLine.includes(`"peerId":"${nodeId}"`))
  fail(`show-node-id printed ${nodeId}; v1 started as ${startedLine}`);

step('submit one mutation to v1; follow all four until each finalized it');
const mutation = `operator-check-${process.pid}`;
const answer = JSON.parse(npx(['submit', '--home', 'h1', mutation]));
if (answer.accepted !== true) fail(`submit answered ${JSON.stringify(answer)}`);
const followed = await Promise.all(
  ids.map(
    (k) =>
      new Promise((res) => {
        const child = spawn(
          'npx',
          ['--no-install', 'rx-consensus', 'follow', '--home', `h${k}`, '--mutation', mutation],
          { cwd: project },
        );
        children.push(child);
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        const timer = setTimeout(() => child.kill('SIGKILL'), 60000);
        child.on('exit', (code) => {
          clearTimeout(timer);
          res({ k, code, out });
        });
      }),
  ),
);
for (const f of followed) {
  const last = f.out.trim().split('\n').pop() ?? '';
  if (f.code !== 0 || !last.includes(mutation))
    fail(`follow --home h${f.k} exited ${f.code}:\n${f.out.slice(-2000)}`);
}
const ranks = followed.map((f) => JSON.parse(f.out.trim().split('\n').pop()).rank);
if (new Set(ranks).size !== 1)
  fail(`the four finalized the mutation at different ranks: ${ranks.join(', ')}`);

step('stop each validator by SIGTERM to its npx: it closes its store');
for (const n of nodes) n.child.kill('SIGTERM');
await until(
  'store closed by all four',
  () =>
    nodes.every(
      (n) => n.log().includes('"store closed"') && !existsSync(join(project, `h${n.k}`, 'data', 'LOCK')),
    ),
  30000,
);

step('npx rx-consensus testnet --nodes 4 --ranks 10 --json');
const testnet = JSON.parse(npx(['testnet', '--nodes', '4', '--ranks', '10', '--json']));
if (!(testnet.agree && testnet.doubleSigned === 0 && testnet.reachedTarget && testnet.ranks >= 10))
  fail(`testnet verdict ${JSON.stringify(testnet)}`);
if (testnet.dir !== undefined) fail(`testnet names a folder it removed: ${testnet.dir}`);

step('the library alone: its command names every missing package at once');
const bare = join(dir, 'library-only');
mkdirSync(bare);
writeFileSync(
  join(bare, 'package.json'),
  JSON.stringify({ name: 'library-only', private: true, version: '0.0.0' }),
);
run(
  'npm',
  ['install', library, 'rxjs', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'],
  bare,
);
try {
  execFileSync('npx', ['--no-install', 'rx-consensus', '--help'], {
    cwd: bare,
    encoding: 'utf8',
    stdio: 'pipe',
  });
  fail('rx-consensus --help ran without the packages it needs');
} catch (err) {
  const said = String(err.stderr);
  if (
    err.status !== 3 ||
    !['commander: not installed', 'libp2p: not installed', 'npm install rx-consensus-validator'].every((s) =>
      said.includes(s),
    )
  )
    fail(`exited ${err.status}:\n${said}`);
}

step('done');
for (const [what, ms] of timings)
  process.stdout.write(`  ${(ms / 1000).toFixed(1).padStart(6)} s  ${what}\n`);
process.stdout.write(
  `the validator works from its packages (install ${(installMs / 1000).toFixed(1)} s${args.has('--build-sqlite') ? ', better-sqlite3 compiled' : ''}; ${((Date.now() - started) / 1000).toFixed(1)} s in all)\n`,
);
