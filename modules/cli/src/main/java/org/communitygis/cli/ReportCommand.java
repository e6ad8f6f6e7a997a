package org.communitygis.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.communitygis.core.CgisException;
import org.communitygis.core.i18n.UserLocale;
import org.communitygis.report.CoverageReport;
import org.communitygis.report.ReportOptions;
import org.communitygis.report.batch.BatchOptions;
import org.communitygis.report.batch.BatchReport;
import org.communitygis.report.batch.CommunitySource;
import org.communitygis.report.batch.CoverageEngine;
import org.communitygis.report.batch.CoverageEngines;
import org.communitygis.store.postgis.PostGisUrl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cgis report --project P.gpkg --out DIR}: the coverage report of one project (index.html,
 * coverage.csv, map.png). With {@code --projects} or {@code --dbs}: the batch report of many communities
 * ({@link BatchReport}); exit code {@value #EXIT_PARTIAL} when some communities failed and others were
 * reported, {@link Main#EXIT_USER_ERROR} when every community failed.
 */
@Command(name = "report", mixinStandardHelpOptions = true)
final class ReportCommand implements Callable<Integer> {
    /** Exit code of a batch in which some communities failed; their reasons are in failures.csv. */
    static final int EXIT_PARTIAL = 4;

    @Mixin
    ProjectOption project;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR")
    Path out;

    @Option(names = "--projects", paramLabel = "GLOB|DIR")
    List<String> projects = new ArrayList<>();

    @Option(names = "--dbs", paramLabel = "postgresql://…")
    List<String> databases = new ArrayList<>();

    @Option(names = "--format", split = ",", paramLabel = "FORMAT", defaultValue = "html,pdf,csv,xlsx,gpkg")
    Set<String> formats = new LinkedHashSet<>();

    @Option(names = "--force")
    boolean force;

    @Option(names = "--engine", defaultValue = "local", paramLabel = "NAME")
    String engine;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N")
    int threads;

    @Option(names = "--master", paramLabel = "URL")
    String master;

    @Override
    public Integer call() {
        if (!projects.isEmpty() || !databases.isEmpty()) {
            return writeBatch();
        }
        Path index = writeReport(project.location(), out);
        CliContext.console().info("report.done", index.toAbsolutePath());
        return 0;
    }

    static Path writeReport(Path project, Path out) {
        return writeReport(ProjectLocation.file(project), out);
    }

    static Path writeReport(ProjectLocation project, Path out) {
        return project.read(store -> CoverageReport.write(store, out, ReportOptions.defaults(),
                CliContext.progress(), CliContext.diagnostics()));
    }

    /** Returns the engine settings from the command line; an engine module adds its options here. */
    Map<String, String> engineSettings() {
        Map<String, String> settings = new TreeMap<>();
        if (master != null) {
            settings.put("master", master);
        }
        return settings;
    }

    private int writeBatch() {
        List<CommunitySource> sources = new ArrayList<>();
        for (Path file : expand(projects)) {
            sources.add(CommunitySource.geoPackage(file));
        }
        for (String text : databases) {
            PostGisUrl url = PostGisUrl.parse(text);
            ProjectLocation location = ProjectLocation.database(url);
            sources.add(new CommunitySource(url.schema(), location.toString(), null, new CommunitySource.Reader() {
                @Override
                public <T> T read(java.util.function.Function<org.communitygis.core.store.ProjectStore, T> work) {
                    return location.read(work);
                }
            }));
        }
        if (sources.isEmpty()) {
            throw new CgisException(CliMessages.BUNDLE, "report.noProjects", String.join(" ", projects));
        }
        for (String format : formats) {
            if (!BatchOptions.ALL_FORMATS.contains(format)) {
                throw new CgisException(CliMessages.BUNDLE, "report.badFormat", format,
                        String.join(",", new java.util.TreeSet<>(BatchOptions.ALL_FORMATS)));
            }
        }
        if (threads < 0) {
            throw new CgisException(CliMessages.BUNDLE, "report.badThreads", threads);
        }
        BatchOptions options = BatchOptions.defaults(UserLocale.get()).withFormats(formats).withForce(force)
                .withThreads(threads);
        Map<String, String> settings = new TreeMap<>(engineSettings());
        if (threads > 0) {
            settings.putIfAbsent("threads", String.valueOf(threads));
        }
        BatchReport.Summary summary;
        try (CoverageEngine coverageEngine = CoverageEngines.open(engine, settings)) {
            summary = BatchReport.write(sources, coverageEngine, out, options, CliContext.progress(),
                    CliContext.diagnostics());
        }
        for (String[] failure : summary.failures()) {
            CliContext.console().error(CliMessages.BUNDLE.format("report.communityFailed", failure[0], failure[1],
                    failure[2]));
        }
        CliContext.console().info("report.batchDone", summary.succeeded(), summary.skipped(), summary.failures().size(),
                summary.index().toAbsolutePath());
        if (summary.failures().isEmpty()) {
            return 0;
        }
        return summary.succeeded() == 0 ? Main.EXIT_USER_ERROR : EXIT_PARTIAL;
    }

    /**
     * Returns the GeoPackages named by {@code patterns}, sorted and without duplicates: a folder gives its
     * {@code *.gpkg} files, a pattern with {@code *}, {@code ?} or {@code [} is matched as a glob against
     * the files of its folder, anything else is taken as a file.
     */
    static List<Path> expand(List<String> patterns) {
        Set<Path> files = new java.util.TreeSet<>();
        for (String pattern : patterns) {
            Path path = Path.of(pattern);
            try {
                if (Files.isDirectory(path)) {
                    try (DirectoryStream<Path> stream = Files.newDirectoryStream(path, "*.gpkg")) {
                        stream.forEach(files::add);
                    }
                } else if (pattern.contains("*") || pattern.contains("?") || pattern.contains("[")) {
                    Path folder = path.getParent() == null ? Path.of(".") : path.getParent();
                    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + path.getFileName());
                    try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
                        stream.forEach(file -> {
                            if (matcher.matches(file.getFileName()) && Files.isRegularFile(file)) {
                                files.add(file);
                            }
                        });
                    }
                } else {
                    files.add(path);
                }
            } catch (IOException e) {
                throw new CgisException(e, CliMessages.BUNDLE, "report.noProjects", pattern);
            }
        }
        return new ArrayList<>(files);
    }
}
