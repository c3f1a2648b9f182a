/**
 * Before any spec: the validator command's launcher builds its bundles (the command and the
 * libp2p stack) once, when a source is newer than them. The specs that start validator processes
 * would otherwise each build their own copy at the same moment, in a fresh clone.
 */
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = () => {
  const run = spawnSync(process.execPath, [join(__dirname, 'bin', 'rx-consensus.js'), '--version'], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`building the validator command failed:\n${run.stderr}`);
};
