module.exports = {
  displayName: 'agent-kit',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
