package org.communitygis.report;

/**
 * Settings of a coverage report.
 *
 * @param title the project name shown in the title; null takes the project metadata {@code project.name},
 *     then a generic title
 * @param mapWidthPx width of {@code map.png}, pixels (400–6000)
 * @param mapHeightPx height of {@code map.png}, pixels (300–6000)
 * @param worstLinks how many flagged pipe links and steepest roads the summary sections list (≥ 0)
 * @param maxUnservedRows how many unserved buildings the HTML lists before pointing to {@code coverage.csv}
 *     (≥ 0); the CSV always has every building
 */
public record ReportOptions(String title, int mapWidthPx, int mapHeightPx, int worstLinks, int maxUnservedRows) {

    /** Checks the ranges. */
    public ReportOptions {
        if (mapWidthPx < 400 || mapWidthPx > 6000 || mapHeightPx < 300 || mapHeightPx > 6000) {
            throw new IllegalArgumentException("Map size must be 400–6000 × 300–6000 px, got " + mapWidthPx + "×" + mapHeightPx);
        }
        if (worstLinks < 0 || maxUnservedRows < 0) {
            throw new IllegalArgumentException("Row limits must not be negative, got " + worstLinks + " and " + maxUnservedRows);
        }
    }

    /** Returns the defaults: title from the project, a 1200 × 900 px map, 10 worst links, 500 unserved rows. */
    public static ReportOptions defaults() {
        return new ReportOptions(null, 1200, 900, 10, 500);
    }

    /** Returns a copy with {@code newTitle}. */
    public ReportOptions withTitle(String newTitle) {
        return new ReportOptions(newTitle, mapWidthPx, mapHeightPx, worstLinks, maxUnservedRows);
    }

    /** Returns a copy with a map of {@code width} × {@code height} pixels. */
    public ReportOptions withMapSize(int width, int height) {
        return new ReportOptions(title, width, height, worstLinks, maxUnservedRows);
    }
}
