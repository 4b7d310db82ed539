module.exports = {
  displayName: 'context-retrieval',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
