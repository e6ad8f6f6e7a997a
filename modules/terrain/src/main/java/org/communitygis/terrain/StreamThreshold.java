package org.communitygis.terrain;

import org.communitygis.core.CgisException;

/**
 * The minimum upstream size that makes a cell part of a stream: a cell count or an area in m².
 *
 * @param value the minimum, cells or m², the cell itself included
 * @param inCells true when {@code value} counts cells, false when it is an area in m²
 */
public record StreamThreshold(double value, boolean inCells) {

    /** Validates the value. */
    public StreamThreshold {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new CgisException(TerrainMessages.BUNDLE, "stream.badThreshold", value);
        }
    }

    /** Returns a threshold of {@code cells} cells (≥ 1 useful; 1 makes every cell a stream). */
    public static StreamThreshold cells(double cells) {
        return new StreamThreshold(cells, true);
    }

    /** Returns a threshold of {@code areaM2} m² of upstream area. */
    public static StreamThreshold areaM2(double areaM2) {
        return new StreamThreshold(areaM2, false);
    }
}
