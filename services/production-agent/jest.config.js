module.exports = {
  displayName: 'production-agent',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
