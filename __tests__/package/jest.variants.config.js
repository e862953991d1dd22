/**
 * The package under other bindings (*.variant.ts): `npm run test:provider-aws-21` and `npm run test:cdk-terrain`,
 * each its own heavy script (they pack the package and install a binding of some 400 MB); .ci/run calls both.
 */
const base = require('../../jest.config.js');

module.exports = {
  ...base,
  rootDir: '../..',
  testMatch: ['<rootDir>/__tests__/package/**/*.variant.ts'],
  testTimeout: 900000,
  maxWorkers: 1,
};
