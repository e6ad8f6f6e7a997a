package org.communitygis.report.batch;

import java.util.Locale;
import java.util.Set;
import org.communitygis.network.CoverageOptions;

/**
 * Settings of a batch report.
 *
 * @param formats outputs to write, a subset of {@link #ALL_FORMATS}; {@code csv} always includes
 *     {@code failures.csv}
 * @param locale language of the pages, PDF and XLSX headers (CSV headers are always English keys)
 * @param title heading of {@code index.html} and the PDF; null for the default
 * @param coverage the coverage thresholds for every community
 * @param force recompute every community even when its inputs and settings are unchanged
 * @param mapWidthPx width of each community's {@code map.png}, pixels
 * @param mapHeightPx height of each community's {@code map.png}, pixels
 * @param maxUnservedRows unserved buildings listed on a community or zone page (the CSV has all)
 * @param threads communities read, tabled and drawn at the same time; 0 for one per available processor.
 *     The outputs do not depend on it
 */
public record BatchOptions(Set<String> formats, Locale locale, String title, CoverageOptions coverage, boolean force,
        int mapWidthPx, int mapHeightPx, int maxUnservedRows, int threads) {
    /** Width of each zone map, pixels. */
    public static final int ZONE_MAP_WIDTH_PX = 640;
    /** Height of each zone map, pixels. */
    public static final int ZONE_MAP_HEIGHT_PX = 460;

    /** Every output format. */
    public static final Set<String> ALL_FORMATS = Set.of("html", "pdf", "csv", "xlsx", "gpkg");

    /** Checks the formats and the thread count. */
    public BatchOptions {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be 0 (one per processor) or more, not " + threads);
        }
        formats = Set.copyOf(formats);
        for (String format : formats) {
            if (!ALL_FORMATS.contains(format)) {
                throw new IllegalArgumentException("Unknown format " + format + "; use " + ALL_FORMATS);
            }
        }
    }

    /**
     * Returns the defaults: every format, {@code locale}, coverage defaults, a 900 × 650 px map, 200
     * unserved rows, one thread per processor.
     */
    public static BatchOptions defaults(Locale locale) {
        return new BatchOptions(ALL_FORMATS, locale, null, CoverageOptions.defaults(), false, 900, 650, 200, 0);
    }

    /** Returns a copy with {@code value} as formats. */
    public BatchOptions withFormats(Set<String> value) {
        return new BatchOptions(value, locale, title, coverage, force, mapWidthPx, mapHeightPx, maxUnservedRows, threads);
    }

    /** Returns a copy with {@code value} as force. */
    public BatchOptions withForce(boolean value) {
        return new BatchOptions(formats, locale, title, coverage, value, mapWidthPx, mapHeightPx, maxUnservedRows, threads);
    }

    /** Returns a copy with {@code value} as locale. */
    public BatchOptions withLocale(Locale value) {
        return new BatchOptions(formats, value, title, coverage, force, mapWidthPx, mapHeightPx, maxUnservedRows, threads);
    }

    /** Returns a copy with {@code value} as threads (0 for one per available processor). */
    public BatchOptions withThreads(int value) {
        return new BatchOptions(formats, locale, title, coverage, force, mapWidthPx, mapHeightPx, maxUnservedRows, value);
    }

    /** Returns the number of worker threads: {@link #threads()}, or the available processors when it is 0. */
    int workerThreads() {
        return threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** Returns the settings that change the outputs, as text for the rerun check. */
    String key() {
        CoverageOptions c = coverage;
        return String.join(";", "v2", locale.toLanguageTag(), String.valueOf(new java.util.TreeSet<>(formats)),
                String.valueOf(c.bufferM()), String.valueOf(c.roadDistanceM()), String.valueOf(c.personsPerHousehold()),
                String.valueOf(c.sewageLitresPerPersonDay()), String.valueOf(new java.util.TreeSet<>(c.pipeKinds())),
                String.valueOf(new java.util.TreeSet<>(c.residentialTypes())),
                String.valueOf(new java.util.TreeSet<>(c.facilityKinds())),
                String.valueOf(new java.util.TreeSet<>(c.roadClasses())), String.valueOf(c.pipeSampleSpacingM()),
                String.valueOf(c.connectToleranceM()), mapWidthPx + "x" + mapHeightPx, String.valueOf(maxUnservedRows));
    }
}
