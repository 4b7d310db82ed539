module.exports = {
  displayName: 'mes-writeback',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
