package org.communitygis.report;

import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.i18n.UserLocale;
import org.communitygis.core.io.TempFiles;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.store.ProjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the coverage report of a project: {@code index.html}, {@code map.png} and {@code coverage.csv}.
 *
 * <p>Reads {@code coverage_buildings} (required), {@code coverage_zones}, {@code coverage_facilities},
 * {@code pipe_gradients}, {@code road_damage_zones} and {@code road_gradients} (optional; their sections
 * are left out when absent) and, for the map, the imported {@code zones}, {@code roads}, {@code pipes},
 * {@code waterways} and {@code facilities}. The page is in {@link UserLocale#get()}. The map's labels are too,
 * unless no installed font can draw Chinese: then they are English and a warning names the font package to
 * install. Nothing in the project changes.
 *
 * <p>{@code outDir} is created when missing. Each file is first written to a temporary file in
 * {@code outDir} and then moved over the old one, so a failed run leaves the previous report intact.
 * Existing other files in {@code outDir} are kept. Java2D runs headless ({@code java.awt.headless=true} is
 * set when the property is unset).
 */
public final class CoverageReport {
    /** Metadata key of the project's display name. */
    public static final String PROJECT_NAME_KEY = "project.name";
    /** File name of the page. */
    public static final String INDEX_HTML = "index.html";
    /** File name of the map picture. */
    public static final String MAP_PNG = "map.png";
    /** File name of the building table. */
    public static final String COVERAGE_CSV = "coverage.csv";

    private static final Logger LOG = LoggerFactory.getLogger(CoverageReport.class);

    private CoverageReport() {
    }

    /** Formats an ISO-8601 instant from the metadata in the system's time zone, as the generation time is; other text is kept. */
    static String localTime(String instant) {
        if (instant == null) {
            return null;
        }
        try {
            return java.time.Instant.parse(instant).atZone(java.time.ZoneId.systemDefault())
                    .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx", Locale.ROOT));
        } catch (java.time.format.DateTimeParseException e) {
            return instant;
        }
    }

    /**
     * Writes the report and returns the path of {@code index.html}; warnings are logged only.
     *
     * @see #write(ProjectStore, Path, ReportOptions, Progress, Diagnostics)
     */
    public static Path write(ProjectStore store, Path outDir, ReportOptions options, Progress progress) {
        return write(store, outDir, options, progress, new Diagnostics());
    }

    /**
     * Writes the report and returns the path of {@code index.html}.
     *
     * @param diagnostics receives the warning {@code report.noCjkFont} when the map falls back to English
     * @throws CgisException when {@code coverage_buildings} is missing (run {@code cgis analyze coverage}
     *     first) or lacks a required field, or when {@code outDir} cannot be written
     */
    public static Path write(ProjectStore store, Path outDir, ReportOptions options, Progress progress,
            Diagnostics diagnostics) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        Locale locale = UserLocale.get();
        progress.begin(ReportMessages.BUNDLE.format(locale, "report.step"), 4);
        CoverageData data = CoverageData.load(store);
        progress.worked(1);

        Map<String, String> metadata = store.metadata();
        String projectName = options.title() != null ? options.title()
                : metadata.getOrDefault(PROJECT_NAME_KEY, ReportMessages.BUNDLE.format(locale, "report.untitled"));
        byte[] png = encodePng(renderMap(data, options, locale, projectName, diagnostics));
        progress.worked(2);

        String generated = ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx", Locale.ROOT));
        String html = HtmlReport.build(data, options, locale, projectName, generated,
                localTime(metadata.get("analysis.coverage.time")), metadata.get("analysis.coverage.params"), png);
        progress.worked(3);

        Path index = outDir.resolve(INDEX_HTML);
        try {
            Files.createDirectories(outDir);
            replace(outDir, MAP_PNG, temp -> Files.write(temp, png));
            replace(outDir, COVERAGE_CSV, temp -> {
                try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                    CoverageCsv.write(data.buildings, writer);
                }
            });
            replace(outDir, INDEX_HTML, temp -> Files.writeString(temp, html, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CgisException(e, ReportMessages.BUNDLE, "report.writeFailed", outDir.toAbsolutePath(), e.getMessage());
        }
        progress.worked(4);
        progress.end();
        LOG.info("Wrote coverage report of {} buildings to {}", data.buildings.size(), outDir.toAbsolutePath());
        return index;
    }

    /**
     * Draws the map, in {@code locale} with a CJK font when one is installed, else in English with a Latin
     * font and a {@code report.noCjkFont} warning (only when {@code locale} is not English).
     */
    static BufferedImage renderMap(CoverageData data, ReportOptions options, Locale locale, String projectName,
            Diagnostics diagnostics) {
        return renderMap(data, options, locale, projectName, diagnostics, MapFonts.findCjkFont());
    }

    /** Draws the map with {@code cjk} as the CJK font found, or empty when none was found. */
    static BufferedImage renderMap(CoverageData data, ReportOptions options, Locale locale, String projectName,
            Diagnostics diagnostics, Optional<Font> cjk) {
        return renderMap(data, options, locale, projectName, diagnostics, cjk, null);
    }

    /** Draws the map zoomed to {@code focus} (see {@link MapRenderer}), or of the whole data when it is null. */
    static BufferedImage renderMap(CoverageData data, ReportOptions options, Locale locale, String projectName,
            Diagnostics diagnostics, Optional<Font> cjk, org.locationtech.jts.geom.Geometry focus) {
        Font font = cjk.orElse(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        Locale labelLocale = locale;
        String title = projectName;
        if (cjk.isEmpty()) {
            if (!UserLocale.ENGLISH.equals(locale)) {
                LOG.warn("No installed font can draw Chinese; map labels fall back to English. Install fonts-noto-cjk.");
                diagnostics.warn(ReportMessages.BUNDLE, "report.noCjkFont", "fonts-noto-cjk");
            }
            labelLocale = UserLocale.ENGLISH;
            if (font.canDisplayUpTo(projectName) != -1) {
                title = ReportMessages.BUNDLE.format(labelLocale, "report.untitled");
            }
        }
        return new MapRenderer(data, font, labelLocale, title, options.mapWidthPx(), options.mapHeightPx(), focus)
                .render();
    }

    /** Returns a CJK-capable installed font for map labels, if any; see {@link MapFonts}. */
    public static Optional<Font> cjkFont() {
        return MapFonts.findCjkFont();
    }

    /**
     * Draws the coverage map of {@code store} as a PNG, for reports that hold their layers in memory.
     * {@code store} needs {@code coverage_buildings} and may hold the other layers {@link CoverageData} reads.
     *
     * @param cjk the font of {@link #cjkFont()}; empty draws English labels (with a warning unless
     *     {@code locale} is English)
     */
    public static byte[] mapPng(ProjectStore store, ReportOptions options, Locale locale, String title,
            Optional<Font> cjk, Diagnostics diagnostics) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        return encodePng(renderMap(CoverageData.load(store), options, locale, title, diagnostics, cjk));
    }

    static byte[] encodePng(BufferedImage image) {
        return PngEncoder.encode(image);
    }

    /** Content written into a temporary file. */
    @FunctionalInterface
    private interface FileContent {
        void writeTo(Path temp) throws IOException;
    }

    /** Writes {@code name} in {@code dir} through a temporary file that is moved into place. */
    private static void replace(Path dir, String name, FileContent content) throws IOException {
        Path temp = TempFiles.createBeside(dir.resolve(name), "-tmp-");
        boolean moved = false;
        try {
            content.writeTo(temp);
            try {
                Files.move(temp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }
}
