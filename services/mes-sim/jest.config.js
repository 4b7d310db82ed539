module.exports = {
  displayName: 'mes-sim',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
