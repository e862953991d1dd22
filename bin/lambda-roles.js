#!/usr/bin/env node
// The only place that calls process.exit. TypeScript sources run through tsx's CommonJS hook, so the
// CLI needs no build step; commands live in cli/commands/, one file each.
require('tsx/cjs');

// The AWS SDK warns on every run under Node 20 that releases after January 2027 need Node 22. It is
// advice for our maintainers (package.json pins SDK ranges that still support 20), not for users.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, ...rest) =>
  String(warning).startsWith('NodeVersionSupportWarning') ? undefined : emitWarning(warning, ...rest);
const { main } = require('../cli/main.ts');

main(process.argv).then(
  (code) => process.exit(code),
  (err) => {
    // main() already handles every error it knows; reaching here is a bug.
    console.error(err);
    process.exit(1);
  },
);
