/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Every test has a bound: nothing may hang CI.
  testTimeout: 30000,
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // A real PostgreSQL for the store tests: TEST_DATABASE_URL, or one started here (test/helpers/postgres).
  globalSetup: '<rootDir>/test/helpers/postgres/global-setup.ts',
  globalTeardown: '<rootDir>/test/helpers/postgres/global-teardown.ts',
};
