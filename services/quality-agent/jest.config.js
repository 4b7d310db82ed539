module.exports = {
  displayName: 'quality-agent',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
