module.exports = {
  displayName: 'workspace-tests',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
