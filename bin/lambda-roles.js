#!/usr/bin/env node
// The only place that calls process.exit. TypeScript sources run through tsx's CommonJS hook, so the
// CLI needs no build step; commands live in cli/commands/, one file each.
require('tsx/cjs');

require('../shared/quiet-node-warnings.ts');
const { main } = require('../cli/main.ts');

main(process.argv).then(
  (code) => process.exit(code),
  (err) => {
    // main() already handles every error it knows; reaching here is a bug.
    console.error(err);
    process.exit(1);
  },
);
