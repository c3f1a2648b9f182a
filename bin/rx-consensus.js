#!/usr/bin/env node
// The rx-consensus command. From a checkout (src/ beside this folder, tsx installed) it runs the
// TypeScript source through tsx, so `npx rx-consensus` works after `npm ci` with no build; from an
// installed package it runs the compiled dist/cli.js (`npm run build`).
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const source = join(__dirname, '..', 'src', 'cli', 'main.ts');
let entry = join(__dirname, '..', 'dist', 'cli.js');
if (existsSync(source)) {
  try {
    require('tsx/cjs');
    entry = source;
  } catch {
    // no tsx: fall back to the build
  }
}
require(entry).main(process.argv.slice(2));
