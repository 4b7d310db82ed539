module.exports = {
  displayName: 'audit-ledger',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
