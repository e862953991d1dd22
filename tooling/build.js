#!/usr/bin/env node
// `npm run build` (and `npm pack` through prepack): dist/ from scratch, so a source file deleted since the
// last build can never ship. tsc emits JavaScript, .d.ts and source maps (tsconfig.build.json); the example
// functions' code is not TypeScript, so it is copied next to the compiled examples that point at it.
// Plain JavaScript, so building needs nothing beyond typescript.
const { cpSync, rmSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const dist = join(root, 'dist');
const ASSETS = ['stacks/examples/functions'];

rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
if (tsc.status !== 0) {
  rmSync(dist, { recursive: true, force: true }); // no half-built dist/ for a later pack to pick up
  console.error(`build: tsc failed (exit ${tsc.status ?? tsc.signal}); dist/ removed`);
  process.exit(1);
}
for (const dir of ASSETS) cpSync(join(root, dir), join(dist, dir), { recursive: true });
