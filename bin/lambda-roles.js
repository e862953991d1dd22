#!/usr/bin/env node
// The only place that calls process.exit; commands live in cli/commands/, one file each.
// Installed from the package, the CLI is the compiled JavaScript in dist/. In a source checkout (cli/main.ts
// is next to this folder; the package ships no .ts), it runs the TypeScript sources through tsx, a
// development dependency, so `npm start` and the tests never run a dist/ that is older than the sources.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const fromSource = existsSync(join(root, 'cli', 'main.ts'));
if (fromSource) require('tsx/cjs');
const entry = (name) => (fromSource ? join(root, `${name}.ts`) : join(root, 'dist', `${name}.js`));

if (!fromSource && !existsSync(entry('cli/main'))) {
  console.error(`lambda-roles: ${entry('cli/main')} is missing; this copy of the package was not built (npm run build).`);
  process.exit(1);
}

require(entry('shared/quiet-node-warnings'));
const { main } = require(entry('cli/main'));

main(process.argv).then(
  (code) => process.exit(code),
  (err) => {
    // main() already handles every error it knows; reaching here is a bug.
    console.error(err);
    process.exit(1);
  },
);
