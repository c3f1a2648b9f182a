#!/usr/bin/env node
// The rx-consensus command, as the rx-consensus-validator package installs it: the library's own
// command (rx-consensus/dist/cli.js), with every package it runs on installed beside it.
const { dirname, join } = require('node:path');

const library = dirname(require.resolve('rx-consensus/package.json'));
require(join(library, 'dist', 'cli.js')).main(process.argv.slice(2));
