/** `npm run test:consumer`: the package tests (*.heavy.ts), too slow for `npm test`; .ci/run calls it after `npm test`. */
const base = require('../../jest.config.js');

module.exports = {
  ...base,
  rootDir: '../..',
  testMatch: ['<rootDir>/__tests__/package/**/*.heavy.ts'],
  testTimeout: 900000,
  maxWorkers: 1,
};
