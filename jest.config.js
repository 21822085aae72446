/**
 * Two projects: `unit` (fast, no infrastructure: *.spec.ts next to the code) and `integration`
 * (*.int-spec.ts under test/: real Kafka, FerretDB, PostgreSQL/SQLite, started by scripts/test.mjs).
 * TypeScript is compiled by swc; the libraries are mapped to their sources, so no build is needed.
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

const shared = {
  // jose ships only ES modules: swc turns them into CommonJS for jest (node itself loads them with require(esm))
  transform: { '^.+\\.ts$': swc, '/node_modules/jose/.+\\.js$': swc },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleNameMapper: { '^@fooddelivery/(contracts|platform|messaging|persistence)$': '<rootDir>/libs/$1/src' },
  testEnvironment: 'node',
};

module.exports = {
  // integration tests wait on real brokers and databases; a hang still fails, after two minutes
  testTimeout: 120000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{libs/*,app,pay,store,customer,marketing,gateway,web}/src/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{libs/*,app,pay,store,customer,marketing,gateway}/test/**/*.{int,e2e}-spec.ts', '<rootDir>/test/**/*.{int,e2e}-spec.ts'],
    },
  ],
};
