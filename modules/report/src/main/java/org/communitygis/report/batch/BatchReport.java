package org.communitygis.report.batch;

import java.awt.Font;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.crs.CrsTransform;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.store.MemoryStore;
import org.communitygis.report.CoverageMaps;
import org.communitygis.report.CoverageReport;
import org.communitygis.report.ReportMessages;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the coverage report of many communities into one folder.
 *
 * <p>Per community the batch reads the project ({@link CommunityLoader}), lets the {@link CoverageEngine}
 * compute {@code coverage_buildings}, derives its table rows ({@link CommunityTables}) and writes
 * {@code communities/<id>/index.html} and {@code map.png}, plus a page and a map zoomed to each zone
 * ({@code communities/<id>/zones/<n>.html} and {@code <n>.png}, n the zone's row in the zone table), so
 * one project with many village groups is reported group by group. Reading, tabling and drawing run on
 * {@link BatchOptions#workerThreads()} threads, one chunk of {@link CoverageEngine#chunkSize()}
 * communities at a time; results are collected in input order. Then it writes the whole batch: one CSV per
 * {@link BatchTables} table plus {@code failures.csv}, {@code tables.xlsx}, {@code results.gpkg},
 * {@code index.html} and {@code report.pdf}, as {@link BatchOptions#formats()} selects. Every file is
 * written to a temporary file and moved into place.
 *
 * <p><b>Failures.</b> A community whose project cannot be read or whose coverage fails is listed in
 * {@code failures.csv}, {@code index.html} and {@link Summary#failures()}, and the batch goes on.
 *
 * <p><b>Reruns.</b> {@code .cgis-batch/manifest.tsv} stores per community a SHA-256 of the input's
 * fingerprint (file size and modification time) and of the settings; {@code .cgis-batch/<id>.bin} caches
 * its table rows (Java serialization, only read back by the same version of this class). A community
 * whose key and cache are unchanged is not read again unless {@link BatchOptions#force()}; the batch-wide
 * files are always rewritten from all rows. A source without a fingerprint (PostGIS) is always recomputed.
 *
 * <p><b>Reproducibility.</b> Rows are ordered by community id, so equal inputs give byte-identical CSV and
 * XLSX files whatever the order of the sources; see {@link ResultGeoPackage} for the GeoPackage.
 */
public final class BatchReport {
    /** Map file name in each community folder. */
    public static final String MAP_PNG = "map.png";
    /** Folder of the rerun manifest and caches. */
    public static final String STATE_DIR = ".cgis-batch";

    private static final Logger LOG = LoggerFactory.getLogger(BatchReport.class);

    /**
     * The outcome of a batch.
     *
     * @param index {@code index.html}, or the output folder without the {@code html} format
     * @param succeeded communities with results (computed or reused)
     * @param skipped communities reused from the previous run
     * @param failures one row per failed community: id, location and message
     */
    public record Summary(Path index, int succeeded, int skipped, List<String[]> failures) {
    }

    private BatchReport() {
    }

    /** Returns the page of community {@code id}, relative to the output folder. */
    public static String pagePath(String id) {
        return "communities/" + safeName(id) + "/index.html";
    }

    private static String safeName(String id) {
        return id.replaceAll("[\\\\/:*?\"<>|\\s]", "_");
    }

    /**
     * Runs the batch.
     *
     * @param sources the communities; duplicate ids get a suffix {@code ~2}, {@code ~3}, …
     * @param engine computes the coverage rows; not closed here
     * @throws CgisException when {@code outDir} cannot be written or, with {@code pdf}, no usable CJK font
     *     is installed (checked before any work)
     */
    public static Summary write(List<CommunitySource> sources, CoverageEngine engine, Path outDir,
            BatchOptions options, Progress progress, Diagnostics diagnostics) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        Path pdfFont = options.formats().contains("pdf") ? PdfFonts.find() : null;
        Path state = outDir.resolve(STATE_DIR);
        try {
            Files.createDirectories(state);
        } catch (IOException e) {
            throw new CgisException(e, ReportMessages.BUNDLE, "report.writeFailed", outDir.toAbsolutePath(), e.getMessage());
        }
        List<CommunitySource> unique = uniqueIds(sources);
        Map<String, String> manifest = readManifest(state);
        Map<String, String> newManifest = new TreeMap<>();
        Optional<Font> cjk = options.formats().contains("html") || options.formats().contains("pdf")
                ? CoverageReport.cjkFont() : Optional.empty();
        Table failures = BatchTables.create(BatchTables.FAILURES);
        List<CommunityResult> results = new ArrayList<>();
        int skipped = 0;

        progress.begin(ReportMessages.BUNDLE.format(options.locale(), "batch.step"), unique.size());
        Counter done = new Counter(progress);
        ExecutorService pool = Executors.newFixedThreadPool(options.workerThreads(), daemonThreads());
        try {
            int chunkSize = Math.max(1, engine.chunkSize());
            for (int start = 0; start < unique.size(); start += chunkSize) {
                List<CommunitySource> chunk = unique.subList(start, Math.min(unique.size(), start + chunkSize));
                List<CommunitySource> toRead = new ArrayList<>();
                Map<String, String> keys = new LinkedHashMap<>();
                for (CommunitySource source : chunk) {
                    String key = source.fingerprint() == null ? null : sha256(source.fingerprint() + "|" + options.key());
                    Optional<CommunityResult> cached = options.force() || key == null
                            || !key.equals(manifest.get(source.id())) ? Optional.empty() : readCache(state, source.id());
                    if (cached.isPresent()) {
                        results.add(cached.get());
                        newManifest.put(source.id(), key);
                        skipped++;
                        done.increment();
                    } else {
                        toRead.add(source);
                        keys.put(source.id(), key);
                    }
                }
                List<Object> loadedOrFailure = inParallel(pool, toRead,
                        source -> load(source, options, diagnostics));
                List<CommunitySource> computed = new ArrayList<>();
                List<LoadedCommunity> toCompute = new ArrayList<>();
                for (int i = 0; i < toRead.size(); i++) {
                    if (loadedOrFailure.get(i) instanceof LoadedCommunity loaded) {
                        computed.add(toRead.get(i));
                        toCompute.add(loaded);
                    } else {
                        fail(failures, toRead.get(i), (String) loadedOrFailure.get(i), null);
                        done.increment();
                    }
                }
                if (toCompute.isEmpty()) {
                    continue;
                }
                List<CommunityCoverage> coverages = computeChunk(engine, toCompute, options, diagnostics);
                List<Integer> indexes = new ArrayList<>();
                for (int i = 0; i < toCompute.size(); i++) {
                    indexes.add(i);
                }
                List<Object> resultOrFailure = inParallel(pool, indexes, i -> {
                    try {
                        return finish(outDir, state, toCompute.get(i), coverages.get(i), options, cjk, diagnostics);
                    } finally {
                        done.increment();
                    }
                });
                for (int i = 0; i < computed.size(); i++) {
                    CommunitySource source = computed.get(i);
                    if (resultOrFailure.get(i) instanceof CommunityResult result) {
                        results.add(result);
                        String key = keys.get(source.id());
                        if (key != null) {
                            newManifest.put(source.id(), key);
                        }
                    } else {
                        fail(failures, source, (String) resultOrFailure.get(i), null);
                    }
                }
            }
        } catch (UncheckedIOException e) {
            throw new CgisException(e.getCause(), ReportMessages.BUNDLE, "report.writeFailed", outDir.toAbsolutePath(),
                    e.getCause().getMessage());
        } finally {
            pool.shutdownNow();
        }
        progress.end();

        results.sort(Comparator.comparing(CommunityResult::id));
        failures.rows.sort(Comparator.comparing(row -> (String) row[0]));
        Path index;
        try {
            index = writeBatchFiles(outDir, results, failures, skipped, options, pdfFont);
            writeManifest(state, newManifest);
        } catch (IOException e) {
            throw new CgisException(e, ReportMessages.BUNDLE, "report.writeFailed", outDir.toAbsolutePath(), e.getMessage());
        }
        List<String[]> failureList = new ArrayList<>();
        for (Object[] row : failures.rows) {
            failureList.add(new String[] {(String) row[0], (String) row[1], (String) row[2]});
        }
        LOG.info("Batch report of {} communities: {} written, {} reused, {} failed, in {}", unique.size(),
                results.size() - skipped, skipped, failures.rows.size(), outDir.toAbsolutePath());
        return new Summary(index, results.size(), skipped, failureList);
    }

    private static List<CommunityCoverage> computeChunk(CoverageEngine engine, List<LoadedCommunity> loaded,
            BatchOptions options, Diagnostics diagnostics) {
        List<CommunityInput> inputs = loaded.stream().map(LoadedCommunity::input).toList();
        try {
            List<CommunityCoverage> coverages = engine.compute(inputs, options.coverage(), Progress.NONE, diagnostics);
            if (coverages.size() != inputs.size()) {
                throw new IllegalStateException("Engine " + engine.name() + " returned " + coverages.size()
                        + " results for " + inputs.size() + " communities");
            }
            return coverages;
        } catch (RuntimeException e) {
            LOG.debug("Coverage engine {} failed on a chunk of {} communities", engine.name(), inputs.size(), e);
            String message = e instanceof CgisException c ? c.getLocalizedMessage()
                    : ReportMessages.BUNDLE.format(options.locale(), "batch.engineError", e.getClass().getSimpleName(),
                            e.getMessage());
            return inputs.stream().map(input -> CommunityCoverage.failed(input.id(), message)).toList();
        }
    }

    /** Reads one community; returns the {@link LoadedCommunity}, or the failure message. */
    private static Object load(CommunitySource source, BatchOptions options, Diagnostics diagnostics) {
        try {
            return source.reader().read(store -> CommunityLoader.load(source.id(), store, diagnostics));
        } catch (CgisException e) {
            LOG.debug("Reading community {} ({}) failed", source.id(), source.location(), e);
            return e.getLocalizedMessage();
        } catch (RuntimeException e) {
            LOG.debug("Reading community {} ({}) failed", source.id(), source.location(), e);
            return ReportMessages.BUNDLE.format(options.locale(), "batch.engineError", e.getClass().getSimpleName(),
                    e.getMessage());
        }
    }

    /**
     * Derives the tables of one computed community and writes its pages and cache; returns the
     * {@link CommunityResult}, or the failure message.
     *
     * @throws UncheckedIOException when an output file cannot be written, which ends the batch
     */
    private static Object finish(Path outDir, Path state, LoadedCommunity loaded, CommunityCoverage coverage,
            BatchOptions options, Optional<Font> cjk, Diagnostics diagnostics) {
        if (!coverage.succeeded()) {
            return coverage.failure();
        }
        try {
            CommunityResult result = CommunityTables.derive(loaded, coverage.buildings().get(), options.coverage());
            writeCommunityPages(outDir, loaded, coverage.buildings().get(), result, options, cjk, diagnostics);
            writeCache(state, result);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CgisException e) {
            LOG.debug("Community {} failed", loaded.input().id(), e);
            return e.getLocalizedMessage();
        } catch (RuntimeException e) {
            LOG.debug("Community {} failed", loaded.input().id(), e);
            return ReportMessages.BUNDLE.format(options.locale(), "batch.engineError", e.getClass().getSimpleName(),
                    e.getMessage());
        }
    }

    /**
     * Applies {@code work} to every item on {@code pool} and returns the results in the order of
     * {@code items}, so the outputs do not depend on the thread count. An unchecked exception of a task
     * (an {@link UncheckedIOException} from writing) is rethrown here after the other tasks finished.
     */
    private static <T> List<Object> inParallel(ExecutorService pool, List<T> items, Function<T, Object> work) {
        List<Future<Object>> futures = new ArrayList<>(items.size());
        for (T item : items) {
            futures.add(pool.submit(() -> work.apply(item)));
        }
        List<Object> results = new ArrayList<>(items.size());
        RuntimeException first = null;
        for (Future<Object> future : futures) {
            try {
                results.add(future.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CgisException(e, ReportMessages.BUNDLE, "batch.interrupted");
            } catch (ExecutionException e) {
                results.add(null);
                if (first == null) {
                    first = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return results;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger number = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "cgis-batch-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Counts finished communities for the progress bar; calls from several threads stay in order. */
    private static final class Counter {
        private final Progress progress;
        private long count;

        Counter(Progress progress) {
            this.progress = progress;
        }

        synchronized void increment() {
            progress.worked(++count);
        }
    }

    /**
     * Records a failed community. Logged at INFO, and its stack trace at DEBUG where it was caught, because the
     * caller prints one localized line per entry of {@link Summary#failures()}.
     */
    private static void fail(Table failures, CommunitySource source, String message, Exception cause) {
        LOG.info("Community {} ({}) failed: {}", source.id(), source.location(), message, cause);
        failures.add(source.id(), source.location(), message);
    }

    private static List<CommunitySource> uniqueIds(List<CommunitySource> sources) {
        Set<String> seen = new HashSet<>();
        List<CommunitySource> unique = new ArrayList<>();
        for (CommunitySource source : sources) {
            String id = source.id();
            for (int n = 2; !seen.add(id); n++) {
                id = source.id() + "~" + n;
            }
            unique.add(id.equals(source.id()) ? source
                    : new CommunitySource(id, source.location(), source.fingerprint(), source.reader()));
        }
        return unique;
    }

    /**
     * Writes the community's {@code map.png} and, with {@code html}, its page plus one page and map per zone
     * ({@link #zonePagePath}). The PDF reuses {@code map.png}.
     */
    private static void writeCommunityPages(Path outDir, LoadedCommunity loaded, FeatureLayer coverage,
            CommunityResult result, BatchOptions options, Optional<Font> cjk, Diagnostics diagnostics) throws IOException {
        if (!options.formats().contains("html") && !options.formats().contains("pdf")) {
            return;
        }
        Path page = outDir.resolve(pagePath(result.id()));
        MemoryStore layers = new MemoryStore();
        layers.setCrs(coverage.crs());
        layers.writeFeatures(coverage);
        CommunityInput input = loaded.input();
        input.zones().ifPresent(layers::writeFeatures);
        input.roads().ifPresent(layers::writeFeatures);
        layers.writeFeatures(rename(input.pipes(), "pipes"));
        input.facilities().ifPresent(layers::writeFeatures);
        loaded.pipeGradients().ifPresent(layers::writeFeatures);
        loaded.damageZones().ifPresent(layers::writeFeatures);
        CoverageMaps maps = new CoverageMaps(layers, options.locale(), cjk, diagnostics);
        BatchFiles.replace(page.resolveSibling(MAP_PNG), maps.png(result.name(), options.mapWidthPx(),
                options.mapHeightPx(), null));
        if (!options.formats().contains("html")) {
            return;
        }
        Table zones = result.table(BatchTables.ZONES);
        int zoneColumn = zones.column("zone");
        for (int z = 0; z < zones.rows.size(); z++) {
            Geometry area = zones.geometries.get(z);
            if (area == null || area.isEmpty()) {
                continue;
            }
            Path zonePage = outDir.resolve(zonePagePath(result.id(), z));
            String zoneName = zones.text(z, zoneColumn).isEmpty()
                    ? ReportMessages.BUNDLE.format(options.locale(), "batch.noZone") : zones.text(z, zoneColumn);
            BatchFiles.replace(zonePage.resolveSibling(zoneMapName(z)), maps.png(result.name() + " · " + zoneName,
                    BatchOptions.ZONE_MAP_WIDTH_PX, BatchOptions.ZONE_MAP_HEIGHT_PX, area));
            BatchFiles.replace(zonePage, BatchHtml.zone(result, z, zoneMapName(z), options.maxUnservedRows(),
                    options.locale()).getBytes(StandardCharsets.UTF_8));
        }
        BatchFiles.replace(page, BatchHtml.community(result, options.maxUnservedRows(), options.locale())
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Returns the page of zone {@code row} (0-based row of the community's {@code zones} table), relative to
     * the output folder; a zone without an area (buildings outside every group) has no page.
     */
    static String zonePagePath(String id, int row) {
        return "communities/" + safeName(id) + "/zones/" + (row + 1) + ".html";
    }

    /** Returns the file name of a zone's map, in the folder of its page. */
    static String zoneMapName(int row) {
        return (row + 1) + ".png";
    }

    private static FeatureLayer rename(FeatureLayer layer, String name) {
        if (layer.name().equals(name)) {
            return layer;
        }
        FeatureLayer renamed = new FeatureLayer(name, layer.kind(), layer.crs(), layer.fields());
        layer.features().forEach(renamed::add);
        return renamed;
    }

    private static Path writeBatchFiles(Path outDir, List<CommunityResult> results, Table failures, int skipped,
            BatchOptions options, Path pdfFont) throws IOException {
        Map<String, Table> tables = new LinkedHashMap<>();
        for (String name : BatchTables.NAMES) {
            Table table = BatchTables.create(name);
            results.forEach(result -> table.addAll(result.table(name)));
            tables.put(name, table);
        }
        List<String> files = new ArrayList<>();
        if (options.formats().contains("csv")) {
            for (Table table : tables.values()) {
                writeCsv(outDir.resolve(table.name + ".csv"), table);
                files.add(table.name + ".csv");
            }
            writeCsv(outDir.resolve("failures.csv"), failures);
            files.add("failures.csv");
        }
        if (options.formats().contains("xlsx")) {
            BatchFiles.replace(outDir.resolve("tables.xlsx"), temp -> {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp))) {
                    XlsxTables.write(new ArrayList<>(tables.values()), options.locale(), out);
                }
            });
            files.add("tables.xlsx");
        }
        if (options.formats().contains("gpkg") && !results.isEmpty()) {
            writeGeoPackage(outDir, results, tables);
            files.add("results.gpkg");
        }
        String title = options.title() != null ? options.title()
                : ReportMessages.BUNDLE.format(options.locale(), "batch.title", results.size() + failures.rows.size());
        if (options.formats().contains("pdf")) {
            BatchPdf.write(outDir.resolve("report.pdf"), outDir, results, failures, options.locale(), title, pdfFont);
            files.add("report.pdf");
        }
        if (options.formats().contains("html")) {
            Path index = outDir.resolve("index.html");
            BatchFiles.replace(index, BatchHtml.index(title, tables.get(BatchTables.COMMUNITIES), failures, skipped,
                    files, options.locale()).getBytes(StandardCharsets.UTF_8));
            return index;
        }
        return outDir;
    }

    /**
     * Writes the GeoPackage in the communities' CRS when they all share one, otherwise in WGS 84 longitude
     * and latitude (EPSG:4326), because one projected zone cannot hold communities far apart (a Gauss-Krueger
     * zone gives NaN 90 degrees of longitude away). Geometries are transformed with {@link #transformOrEmpty};
     * a community whose CRS cannot be transformed keeps its rows with empty geometries, and a warning names it.
     */
    private static void writeGeoPackage(Path outDir, List<CommunityResult> results, Map<String, Table> all)
            throws IOException {
        String crs = results.get(0).crs();
        for (CommunityResult result : results) {
            if (!crs.equals(result.crs())) {
                crs = Crs.WGS84;
                break;
            }
        }
        Map<String, Function<Geometry, Geometry>> transforms = new HashMap<>();
        Map<String, Table> inOneCrs = new LinkedHashMap<>();
        for (Map.Entry<String, Table> entry : all.entrySet()) {
            Table table = entry.getValue().emptyCopy();
            for (CommunityResult result : results) {
                Table rows = result.table(entry.getKey());
                if (crs.equals(result.crs()) || rows.geometries.isEmpty()) {
                    table.addAll(rows);
                    continue;
                }
                if (!transforms.containsKey(result.crs())) {
                    transforms.put(result.crs(), transformOrEmpty(result.crs(), crs));
                }
                Function<Geometry, Geometry> transform = transforms.get(result.crs());
                table.rows.addAll(rows.rows);
                for (Geometry geometry : rows.geometries) {
                    table.geometries.add(geometry == null ? null : transform.apply(geometry));
                }
            }
            inOneCrs.put(entry.getKey(), table);
        }
        String resultCrs = crs;
        BatchFiles.replace(outDir.resolve("results.gpkg"), temp -> {
            Files.delete(temp);
            try {
                ResultGeoPackage.write(temp, resultCrs, inOneCrs);
            } catch (java.sql.SQLException e) {
                throw new IOException(e);
            }
        });
    }

    /**
     * Returns a transform from {@code from} to {@code to}. When there is none (after a warning), or a row does not
     * transform to finite coordinates, the row gets an empty geometry of its dimension.
     */
    private static Function<Geometry, Geometry> transformOrEmpty(String from, String to) {
        CrsTransform transform;
        try {
            transform = Crs.transform(from, to);
        } catch (RuntimeException e) {
            LOG.warn("results.gpkg: cannot transform {} to {}; those communities' rows have no geometry", from, to, e);
            return BatchReport::empty;
        }
        // A projection far outside its zone (a Bayreuth project into a Chinese Gauss-Krueger zone) can give
        // NaN coordinates, which would make unclosed rings in the GeoPackage. Such rows get an empty geometry,
        // which the GeoPackage writer skips with a warning naming the table and row.
        return geometry -> {
            Geometry result;
            try {
                result = transform.apply(geometry);
            } catch (RuntimeException e) {
                LOG.debug("results.gpkg: {} to {} failed for a row; written without geometry", from, to, e);
                return empty(geometry);
            }
            for (Coordinate c : result.getCoordinates()) {
                if (!Double.isFinite(c.x) || !Double.isFinite(c.y)) {
                    LOG.debug("results.gpkg: {} to {} gives non-finite coordinates; row written without geometry", from, to);
                    return empty(geometry);
                }
            }
            return result;
        };
    }

    /** Returns an empty geometry of {@code geometry}'s dimension, which the GeoPackage writer skips. */
    private static Geometry empty(Geometry geometry) {
        return geometry.getFactory().createEmpty(geometry.getDimension());
    }

    private static void writeCsv(Path file, Table table) throws IOException {
        BatchFiles.replace(file, temp -> {
            try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                CsvTables.write(table, writer);
            }
        });
    }

    private static Map<String, String> readManifest(Path state) {
        Map<String, String> manifest = new TreeMap<>();
        Path file = state.resolve("manifest.tsv");
        if (Files.isRegularFile(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    int tab = line.indexOf('\t');
                    if (tab > 0) {
                        manifest.put(line.substring(0, tab), line.substring(tab + 1));
                    }
                }
            } catch (IOException e) {
                LOG.warn("Cannot read {}; every community is recomputed", file, e);
            }
        }
        return manifest;
    }

    private static void writeManifest(Path state, Map<String, String> manifest) throws IOException {
        StringBuilder text = new StringBuilder();
        manifest.forEach((id, key) -> text.append(id).append('\t').append(key).append('\n'));
        BatchFiles.replace(state.resolve("manifest.tsv"), text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<CommunityResult> readCache(Path state, String id) {
        Path file = state.resolve(safeName(id) + ".bin");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file); ObjectInputStream objects = new ObjectInputStream(in)) {
            return Optional.of((CommunityResult) objects.readObject());
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            LOG.warn("Cannot read the cached rows {}; community {} is recomputed", file, id, e);
            return Optional.empty();
        }
    }

    private static void writeCache(Path state, CommunityResult result) throws IOException {
        BatchFiles.replace(state.resolve(safeName(result.id()) + ".bin"), temp -> {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp));
                    ObjectOutputStream objects = new ObjectOutputStream(out)) {
                objects.writeObject(result);
            }
        });
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
