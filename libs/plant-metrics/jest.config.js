module.exports = {
  displayName: 'plant-metrics',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
