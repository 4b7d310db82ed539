module.exports = {
  displayName: 'mes-endpoints',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
