/** Jest runs TypeScript through ts-jest in transpile-only mode (isolatedModules in tsconfig);
 *  type errors are caught by `npm run typecheck`, which `npm test` runs first. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  setupFiles: ['<rootDir>/__tests__/helpers/env-setup.ts'],
  setupFilesAfterEnv: ['<rootDir>/__tests__/helpers/jest-setup.ts'],
  testTimeout: 60000,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/tooling/jest-summary-reporter.js'],
};
