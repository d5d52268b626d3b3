/** Packages that ship ES modules only, compiled for jest below. */
const ESM_ONLY = '/node_modules/(p-retry|is-network-error)/';

/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Every test has a bound: nothing may hang CI.
  testTimeout: 30000,
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    // p-retry (and its one dependency) ship ESM only. Node loads them for the app through require(esm), but
    // jest's module loader does not, so these two are compiled to CommonJS for the tests.
    [`${ESM_ONLY}.+\\.js$`]: ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!${ESM_ONLY.replace('/node_modules/', '')})`],
  // A real PostgreSQL for the store tests: TEST_DATABASE_URL, or one started here (test/helpers/postgres).
  globalSetup: '<rootDir>/test/helpers/postgres/global-setup.ts',
  globalTeardown: '<rootDir>/test/helpers/postgres/global-teardown.ts',
};
