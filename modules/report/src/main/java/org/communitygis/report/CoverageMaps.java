package org.communitygis.report;

import java.awt.Font;
import java.util.Locale;
import java.util.Optional;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.store.ProjectStore;
import org.locationtech.jts.geom.Geometry;

/**
 * Draws several coverage maps of one set of layers, for reports with a map per community and per zone.
 * The layers are read once; each {@link #png} call renders and encodes one map. Instances are not
 * thread-safe, but separate instances may render in parallel.
 */
public final class CoverageMaps {
    private final CoverageData data;
    private final Locale locale;
    private final Optional<Font> cjk;
    private final Diagnostics diagnostics;

    /**
     * Reads the map layers of {@code store}, which needs {@code coverage_buildings} and may hold the other
     * layers {@link CoverageReport#mapPng} draws.
     *
     * @param cjk the font of {@link CoverageReport#cjkFont()}; empty draws English labels (with a warning
     *     unless {@code locale} is English)
     */
    public CoverageMaps(ProjectStore store, Locale locale, Optional<Font> cjk, Diagnostics diagnostics) {
        this.data = CoverageData.load(store);
        this.locale = locale;
        this.cjk = cjk;
        this.diagnostics = diagnostics;
    }

    /**
     * Returns a PNG map of {@code widthPx} × {@code heightPx} pixels with legend, scale bar and north arrow.
     *
     * @param focus the area to zoom to and outline in bold (a zone), or null for all the layers
     */
    public byte[] png(String title, int widthPx, int heightPx, Geometry focus) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        ReportOptions options = ReportOptions.defaults().withMapSize(widthPx, heightPx);
        return CoverageReport.encodePng(CoverageReport.renderMap(data, options, locale, title, diagnostics, cjk, focus));
    }
}
