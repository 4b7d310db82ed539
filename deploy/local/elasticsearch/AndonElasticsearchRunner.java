// Starts one real Elasticsearch node in this JVM through the codelibs cluster runner.
// Why a launcher instead of the runner's own main(): the runner caps HTTP ports at
// 9299 and offers no flag to lift the cap, so the test harness could not use a free
// ephemeral port; its settings hook is Java-only too (transport port, single-node
// discovery, no disk watermarks on a nearly full developer disk).
//
// Usage: java -cp '<libs>/*' AndonElasticsearchRunner <basePath> <httpPort> <transportPort>
import org.codelibs.elasticsearch.runner.ElasticsearchClusterRunner;

public final class AndonElasticsearchRunner {
  private AndonElasticsearchRunner() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: AndonElasticsearchRunner <basePath> <httpPort> <transportPort>");
      System.exit(2);
    }
    final String basePath = args[0];
    final String httpPort = args[1];
    final String transportPort = args[2];
    final ElasticsearchClusterRunner runner = new ElasticsearchClusterRunner();
    // A negative cap makes the runner take baseHttpPort + 1 without probing its range;
    // http.port below overrides it anyway (the runner only fills absent keys).
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
    }).build(ElasticsearchClusterRunner.newConfigs()
        .basePath(basePath)
        .numOfNode(1)
        .baseHttpPort(Integer.parseInt(httpPort) - 1)
        .clusterName("andon-test")
        .printOnFailure());
    System.out.println("andon-elasticsearch-runner: node started, http 127.0.0.1:" + httpPort);
    while (!runner.isClosed()) {
      Thread.sleep(1000);
    }
  }
}
