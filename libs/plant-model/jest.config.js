module.exports = {
  displayName: 'plant-model',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
