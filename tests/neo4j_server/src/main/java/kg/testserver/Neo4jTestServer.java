package kg.testserver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * A throw-away Neo4j 5 Community server for tests: embedded Neo4j with its Bolt
 * connector on 127.0.0.1:PORT, authentication on, data in a fresh temporary folder.
 *
 * <pre>
 * usage: Neo4jTestServer PORT [PASSWORD]
 *        (PASSWORD defaults to $NEO4J_TEST_PASSWORD, else "kg-test-password"; at least 8 characters)
 * </pre>
 *
 * Prints exactly one line on stdout once clients can log in as user "neo4j":
 * {@code NEO4J READY bolt://127.0.0.1:PORT}. Everything else goes to stderr.
 * Stops (shutdown + delete the folder) on SIGTERM/SIGINT or when stdin reaches EOF,
 * so it also goes away when the process that started it dies.
 */
public final class Neo4jTestServer {

    private static final String DEFAULT_PASSWORD = "kg-test-password";

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: Neo4jTestServer PORT [PASSWORD]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        String password = args.length > 1 ? args[1] : System.getenv().getOrDefault("NEO4J_TEST_PASSWORD", DEFAULT_PASSWORD);

        long startNanos = System.nanoTime();
        Path home = Files.createTempDirectory("kg-neo4j-test-");

        // SIGTERM / SIGINT / System.exit all run this hook: shut Neo4j down, then delete its folder.
        // It is registered first so that the folder also goes when we are stopped during startup.
        AtomicReference<DatabaseManagementService> running = new AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            DatabaseManagementService service = running.getAndSet(null);
            try {
                if (service != null) {
                    service.shutdown();
                }
            } finally {
                deleteTree(home);
            }
        }, "neo4j-test-server-shutdown"));

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                // Bolt on loopback only.
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                // Tests may try wrong passwords on purpose; never lock the user out.
                .setConfig(GraphDatabaseSettings.auth_max_failed_attempts, 0)
                // Keep memory and disk modest: small page cache, no 250 MB log preallocation.
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(64))
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                // No anonymous usage reports to Neo4j from test runs.
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Stop in ~2 s instead of ~10 s (internal settings; their defaults wait for Bolt threads).
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .build(); // on failure (e.g. port in use) main throws, exit code 1, the hook cleans up
        running.set(dbms);

        try {
            // The community "neo4j" user starts with password "neo4j" and must change it;
            // set ours through the system database (its parameters keep the password out of the query text).
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
            // Make sure the default database is up before announcing readiness.
            dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1); // the hook shuts Neo4j down and deletes the folder
        }

        // The one line the caller waits for (diagnostics go to stderr).
        System.err.printf("neo4j-test-server: started in %d ms, data in %s%n",
                (System.nanoTime() - startNanos) / 1_000_000, home);
        System.out.println("NEO4J READY bolt://127.0.0.1:" + port);
        System.out.flush();

        // Stop when stdin closes (EOF), e.g. the parent closed the pipe or died.
        Thread stdinWatch = new Thread(() -> {
            try (InputStream in = System.in) {
                byte[] buffer = new byte[256];
                while (in.read(buffer) >= 0) {
                    // ignore input; only EOF matters
                }
            } catch (IOException ignored) {
                // treat a broken stdin like EOF
            }
            System.err.println("neo4j-test-server: stdin closed, stopping");
            System.exit(0);
        }, "neo4j-test-server-stdin");
        stdinWatch.setDaemon(true);
        stdinWatch.start();
        // Neo4j's own non-daemon threads keep the JVM alive from here on.
    }

    /** Deletes a folder and everything in it, ignoring what cannot be deleted. */
    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("neo4j-test-server: could not delete " + root + ": " + e);
        }
    }
}
