module.exports = {
  displayName: 'maintenance-agent',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
