// One Jest project per package; TypeScript through ts-jest (transpile only:
// `npm test` type-checks sources and tests with tsc before Jest runs).
const path = require('node:path');

const packages = ['protocol', 'store', 'guest', 'host', 'mock', 'server', 'store-redis', 'tooling', 'cli'];

const moduleNameMapper = {
  '^@wxbridge/(protocol|store|guest|host|mock|server|store-redis)$': path.join(__dirname, 'packages/$1/src/index.ts'),
  '^@wxbridge/store/records$': path.join(__dirname, 'packages/store/src/records/index.ts'),
  '^@wxbridge/store/node$': path.join(__dirname, 'packages/store/src/node/index.ts'),
  '^@wxbridge/server/node$': path.join(__dirname, 'packages/server/src/node/index.ts'),
  '^@wxbridge/host/node$': path.join(__dirname, 'packages/host/src/node/index.ts'),
};

const tsJest = [
  'ts-jest',
  {
    tsconfig: {
      target: 'ES2022',
      module: 'commonjs',
      esModuleInterop: true,
      isolatedModules: true,
      strict: true,
      lib: ['ES2022', 'DOM'],
    },
  },
];

module.exports = {
  projects: packages.map((name) => ({
    displayName: name,
    rootDir: path.join(__dirname, 'packages', name),
    testEnvironment: 'node',
    testMatch: ['<rootDir>/test/**/*.test.ts'],
    transform: { '^.+\\.ts$': tsJest },
    moduleNameMapper,
    setupFilesAfterEnv: [path.join(__dirname, 'packages/tooling/test-support/cleanup.ts')],
  })),
};
