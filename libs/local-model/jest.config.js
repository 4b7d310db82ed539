module.exports = {
  displayName: 'local-model',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
