package org.hearth.opensearch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.index.reindex.ReindexPlugin;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * One real OpenSearch node for Hearth's development and CI, started the way OpenSearch's
 * own integration tests start theirs (the test framework's MockNode): a {@link Node} given
 * its plugin classes from the classpath instead of a plugins folder. No security plugin is
 * loaded, so the REST API is plain HTTP; it listens on 127.0.0.1 only.
 *
 * <p>Arguments: HOME (the node's folder: data/ and logs/ go there) and HTTP_PORT.
 * The node stops cleanly on SIGTERM (scripts/services.sh down).
 */
public final class SearchNode extends Node {

    /**
     * HTTP (Netty), the analysers Wagtail's index settings use (asciifolding, n-grams) and
     * _delete_by_query (ReindexPlugin), which the search tests use to empty their indexes.
     */
    static final List<Class<? extends Plugin>> PLUGINS =
        List.of(Netty4Plugin.class, CommonAnalysisPlugin.class, ReindexPlugin.class);

    SearchNode(Settings settings) {
        super(
            InternalSettingsPreparer.prepareEnvironment(
                settings, Collections.emptyMap(), null, () -> "hearth-search"),
            PLUGINS,
            true);
    }

    static Settings settings(Path home, int httpPort) {
        return Settings.builder()
            .put("cluster.name", "hearth-search")
            .put("node.name", "hearth-search")
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("network.host", "127.0.0.1")
            .put("http.port", httpPort)
            // Transport (node to node) is unused by one node: any free port.
            .put("transport.port", 0)
            .put("discovery.type", "single-node")
            // A developer's nearly full disk must not turn the indexes read-only.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            // Indexes are recreated by every test run: one shard, no replica (green, not yellow).
            .put("cluster.default_number_of_replicas", 0)
            .build();
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: SearchNode HOME HTTP_PORT");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("logs"));
        Settings settings = settings(home, port);
        LogConfigurator.registerErrorListener();
        // Levels and appenders: src/main/resources/log4j2.properties.

        Node node = new SearchNode(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "hearth-search-shutdown"));
        node.start();
        System.out.println("hearth-search: listening on http://127.0.0.1:" + port);
        stopped.await();
    }
}
