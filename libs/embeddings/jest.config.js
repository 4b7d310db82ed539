module.exports = {
  displayName: 'embeddings',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
