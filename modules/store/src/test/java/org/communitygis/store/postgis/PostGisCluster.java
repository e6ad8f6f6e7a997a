package org.communitygis.store.postgis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway PostgreSQL + PostGIS server for tests, started from the Debian binaries.
 *
 * <p>{@link #shared()} starts one cluster per JVM on first use: {@code initdb} into a new temporary
 * directory, {@code pg_ctl start} listening on 127.0.0.1 at a free port with its Unix socket inside that
 * directory, a database {@value #DATABASE} with {@code CREATE EXTENSION postgis}, and a user
 * {@value #USER} with a random password (scram-sha-256). A JVM shutdown hook stops the server and
 * deletes the directory. Durability is switched off (fsync, synchronous_commit, full_page_writes):
 * the data is thrown away anyway.
 *
 * <p>Binaries are looked up in {@code $CGIS_PG_BIN}, then {@code /usr/lib/postgresql/<newest>/bin}, then
 * {@code initdb} on the PATH (resolving symbolic links). PostgreSQL refuses to run as root, so under
 * root the server runs as the OS user {@code postgres} through {@code runuser}, and the temporary
 * directory is handed to that user. When binaries, the PostGIS extension or the {@code postgres}
 * user are missing, {@link #assumeAvailable()} skips the calling test and the first skip prints one
 * line saying what to install.
 */
public final class PostGisCluster {
    /** Database created in the cluster. */
    public static final String DATABASE = "cgis_test";
    /** Login role created in the cluster, superuser. */
    public static final String USER = "cgis";
    private static final String INSTALL_HINT = "apt-get install postgresql-15-postgis-3";
    private static final Object LOCK = new Object();
    private static PostGisCluster shared;
    private static String unavailable;
    private static boolean warned;
    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    private static final String DIRECTORY_PREFIX = "cgis-postgis-";
    /** File in the cluster directory with the PID of the JVM that started it. */
    private static final String OWNER_FILE = "owner.pid";
    private final Path binDir;
    private final Path dir;
    private final int port;
    private final String password;
    private final boolean asPostgres;

    private PostGisCluster(Path binDir, Path dir, int port, String password, boolean asPostgres) {
        this.binDir = binDir;
        this.dir = dir;
        this.port = port;
        this.password = password;
        this.asPostgres = asPostgres;
    }

    /**
     * Returns the JVM's cluster, starting it on first use, or skips the calling test (JUnit assumption)
     * when PostgreSQL or PostGIS is not installed.
     */
    public static PostGisCluster assumeAvailable() {
        Optional<PostGisCluster> cluster = shared();
        if (cluster.isEmpty()) {
            synchronized (LOCK) {
                if (!warned) {
                    warned = true;
                    System.err.println("*** PostGIS tests SKIPPED: " + unavailable + " Install with: "
                            + INSTALL_HINT + " (see DEVELOPERS.md) ***");
                }
            }
            Assumptions.assumeTrue(false, "PostGIS not available: " + unavailable);
        }
        return cluster.orElseThrow();
    }

    /** Returns the JVM's cluster, starting it on first use; empty when PostgreSQL or PostGIS is missing. */
    public static Optional<PostGisCluster> shared() {
        synchronized (LOCK) {
            if (shared == null && unavailable == null) {
                try {
                    shared = start();
                    PostGisCluster started = shared;
                    Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "postgis-cluster-stop"));
                } catch (Unavailable e) {
                    unavailable = e.getMessage();
                }
            }
            return Optional.ofNullable(shared);
        }
    }

    /** Returns a URL of a new, unused schema in the test database. */
    public PostGisUrl newProjectUrl() {
        return url("t" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet());
    }

    /** Returns the URL of {@code schema} in the test database. */
    public PostGisUrl url(String schema) {
        return new PostGisUrl("127.0.0.1", port, DATABASE, schema, USER, password, Map.of());
    }

    /** Returns the URL text, password included, as a user would type it. */
    public String urlText(String schema) {
        return "postgresql://" + USER + ":" + password + "@127.0.0.1:" + port + "/" + DATABASE + "?schema=" + schema;
    }

    /** Returns the server's port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** Opens a JDBC connection to the test database as {@value #USER}. */
    public Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", password);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE, properties);
    }

    /** Thrown when the cluster cannot be started, with the reason as message. */
    private static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    private static PostGisCluster start() throws Unavailable {
        Path binDir = findBinDir().orElseThrow(() -> new Unavailable("PostgreSQL server binaries (initdb, pg_ctl) not found."));
        Path control = postgisControl(binDir);
        if (control == null || !Files.exists(control)) {
            throw new Unavailable("The PostGIS extension is not installed for the PostgreSQL in " + binDir + ".");
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir;
        try {
            stopAbandoned(binDir, root);
            dir = Files.createTempDirectory(DIRECTORY_PREFIX);
            Files.writeString(dir.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
            if (root) {
                UserPrincipal postgres;
                try {
                    postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
                } catch (IOException e) {
                    throw new Unavailable("Running as root, but there is no OS user postgres to run the server as.");
                }
                Files.setOwner(dir, postgres);
            }
        } catch (IOException e) {
            throw new Unavailable("Cannot create a temporary directory: " + e.getMessage() + ".");
        }
        String password = HexFormat.of().formatHex(randomBytes(12));
        int port = freePort();
        PostGisCluster cluster = new PostGisCluster(binDir, dir, port, password, root);
        try {
            cluster.initAndStart();
            return cluster;
        } catch (IOException | SQLException | RuntimeException e) {
            cluster.stop();
            throw new Unavailable("Cannot start a PostgreSQL cluster from " + binDir + ": " + e.getMessage());
        }
    }

    /**
     * Stops and deletes the clusters of JVMs that died without running their shutdown hook (killed by a
     * surefire timeout or SIGKILL), so that their servers do not keep running.
     */
    private static void stopAbandoned(Path binDir, boolean asPostgres) {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> entries = Files.list(tmp)) {
            for (Path stale : entries.filter(entry -> entry.getFileName().toString().startsWith(DIRECTORY_PREFIX)).toList()) {
                Path owner = stale.resolve(OWNER_FILE);
                if (!Files.isReadable(owner)) {
                    continue;
                }
                long pid = Long.parseLong(Files.readString(owner).strip());
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                System.err.println("Stopping the test PostgreSQL cluster in " + stale + " left by JVM " + pid);
                new PostGisCluster(binDir, stale, 0, "", asPostgres).stop();
            }
        } catch (IOException | NumberFormatException e) {
            System.err.println("Cannot check " + tmp + " for abandoned test PostgreSQL clusters: " + e);
        }
    }

    /**
     * Stops the server but keeps its data, as a crash or an administrator's restart would: open
     * connections break and new ones are refused until {@link #startServer}. Tests that call it must
     * start the server again before they end, because the cluster is shared by the whole test JVM.
     */
    public synchronized void stopServer() throws IOException {
        run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w",
                "stop"), 60);
    }

    /** Starts the server stopped by {@link #stopServer} again, on the same port and with the same data. */
    public synchronized void startServer() throws IOException {
        run(startCommand(), 90);
    }

    private List<String> startCommand() {
        return List.of(binDir.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                "-c listen_addresses=127.0.0.1 -p " + port + " -c unix_socket_directories=" + dir
                        + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=40",
                "start");
    }

    private void initAndStart() throws IOException, SQLException {
        Path pwfile = dir.resolve("pwfile");
        Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
        if (asPostgres) {
            Files.setOwner(pwfile, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres"));
        }
        run(List.of(binDir.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", USER,
                "--pwfile=" + pwfile, "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-sync"), 120);
        run(startCommand(), 90);
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", password);
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                properties); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE + " ENCODING 'UTF8'");
        }
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION postgis");
        }
    }

    /** Stops the server (immediately: the data is thrown away) and deletes its directory. */
    public synchronized void stop() {
        if (!Files.exists(dir)) {
            return;
        }
        if (Files.exists(dir.resolve("data").resolve("postmaster.pid"))) {
            try {
                run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m",
                        "immediate", "-w", "stop"), 60);
            } catch (IOException | RuntimeException e) {
                System.err.println("Stopping the test PostgreSQL cluster in " + dir + " failed: " + e.getMessage());
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(files.sorted(Comparator.reverseOrder()).toList());
            for (Path file : all) {
                Files.deleteIfExists(file);
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("Cannot delete the test PostgreSQL cluster in " + dir + ": " + e.getMessage());
        }
    }

    private void run(List<String> command, int timeoutSeconds) throws IOException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Path output = Files.createTempFile("cgis-pg-", ".log");
        try {
            Process process = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish in " + timeoutSeconds + " s");
            }
            if (process.exitValue() != 0) {
                String log = Files.readString(output, StandardCharsets.UTF_8);
                Path serverLog = dir.resolve("server.log");
                if (Files.isReadable(serverLog)) {
                    log += "\n" + Files.readString(serverLog, StandardCharsets.UTF_8);
                }
                throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ": " + log.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static int freePort() throws Unavailable {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new Unavailable("No free port on 127.0.0.1: " + e.getMessage());
        }
    }

    /** Finds the directory with initdb and pg_ctl. */
    static Optional<Path> findBinDir() {
        String configured = System.getenv("CGIS_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(PostGisCluster::hasServerBinaries);
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Optional<Path> newest = versions.filter(v -> v.getFileName().toString().matches("\\d+"))
                        .sorted(Comparator.comparingInt((Path v) -> Integer.parseInt(v.getFileName().toString())).reversed())
                        .map(v -> v.resolve("bin")).filter(PostGisCluster::hasServerBinaries).findFirst();
                if (newest.isPresent()) {
                    return newest;
                }
            } catch (IOException e) {
                // fall through to the PATH
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(java.io.File.pathSeparator)) {
                Path initdb = Path.of(entry, "initdb");
                if (Files.isExecutable(initdb)) {
                    try {
                        Path real = initdb.toRealPath().getParent();
                        if (hasServerBinaries(real)) {
                            return Optional.of(real);
                        }
                    } catch (IOException e) {
                        // a broken link: try the next entry
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean hasServerBinaries(Path bin) {
        return Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"))
                && Files.isExecutable(bin.resolve("postgres"));
    }

    /** Returns postgis.control of the installation, via {@code pg_config --sharedir}. */
    private static Path postgisControl(Path binDir) {
        Path pgConfig = binDir.resolve("pg_config");
        if (Files.isExecutable(pgConfig)) {
            try {
                Process process = new ProcessBuilder(pgConfig.toString(), "--sharedir").redirectErrorStream(true).start();
                String share = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0 && !share.isEmpty()) {
                    return Path.of(share, "extension", "postgis.control");
                }
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        // Debian layout: /usr/lib/postgresql/15/bin → /usr/share/postgresql/15
        return Path.of("/usr/share/postgresql", binDir.getParent().getFileName().toString(), "extension", "postgis.control");
    }
}
