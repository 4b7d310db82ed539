module.exports = {
  displayName: 'plant-query',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
