// The whole-repository test run: every project's Jest config, one global setup that
// starts the real servers (Kafka, FerretDB, Elasticsearch) once, one teardown.
const { existsSync, readdirSync } = require('node:fs');
const { join } = require('node:path');
const { transform } = require('./jest.preset.js');

const projects = ['libs', 'services', 'tools', 'bench']
  .filter((root) => existsSync(join(__dirname, root)))
  .flatMap((root) => readdirSync(join(__dirname, root)).map((name) => `${root}/${name}`))
  .filter((dir) => existsSync(join(__dirname, dir, 'jest.config.js')))
  .sort()
  .map((dir) => `<rootDir>/${dir}`);

module.exports = {
  projects,
  transform,
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
  testTimeout: 60_000,
};
