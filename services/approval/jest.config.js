module.exports = {
  displayName: 'approval',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
