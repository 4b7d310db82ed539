// Specs of the retrieval benchmark's own code (corpus generator, metrics). Not under
// libs/services/tools, so the root config does not collect it unless `bench` is listed.
module.exports = {
  displayName: 'bench-retrieval',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
