/**
 * The fault matrix (issue 9): `npm run test:faults`, its own script because it deploys two stacks and runs a
 * dozen faulted drift checks (about 100 s of one worker), which kept `npm test` near its 15-minute budget.
 * .ci/run calls it after `npm test`.
 */
const base = require('../../jest.config.js');

module.exports = {
  ...base,
  rootDir: '../..',
  testMatch: ['<rootDir>/__tests__/faults/**/*.heavy.ts'],
  testTimeout: 900000,
};
