// Rendered-manifest tests of helm/andon. Helm is a local binary (deploy/local/install-helm.sh,
// built once from the Go module proxy and cached), so these are unit specs; the topic job
// spec (*.int-spec.ts) runs against the harness's real Kafka.
module.exports = {
  displayName: 'helm-tests',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
