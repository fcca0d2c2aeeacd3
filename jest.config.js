/** Jest in ESM mode: sources are TypeScript compiled by ts-jest, imports keep their `.js` suffix. */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: [151002] } }] },
  testMatch: ['**/__tests__/**/*.test.ts'],
  testTimeout: 30000,
  clearMocks: true,
  // Per checkout: a cache shared through /tmp with other checkouts can serve stale compiled modules.
  cacheDirectory: '<rootDir>/node_modules/.cache/jest'
};
