module.exports = {
  displayName: 'compliance-agent',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
