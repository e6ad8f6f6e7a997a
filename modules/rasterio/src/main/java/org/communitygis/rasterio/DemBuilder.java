package org.communitygis.rasterio;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import javax.measure.IncommensurableException;
import javax.measure.Unit;
import org.apache.sis.measure.Units;
import org.communitygis.core.CgisException;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.crs.CrsTransform;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.locationtech.jts.geom.Envelope;
import org.opengis.referencing.crs.CoordinateReferenceSystem;
import org.opengis.referencing.crs.GeographicCRS;
import org.opengis.referencing.datum.Ellipsoid;

/**
 * Builds the project's {@code dem} layer from imported DEM tiles: mosaicking tiles that share a grid,
 * then bringing the mosaic into the project CRS.
 *
 * <p>Limits: a mosaic or resampled DEM may hold at most {@value #MAX_CELLS} cells (800 MB of float32).
 * Everything is held in memory.
 */
public final class DemBuilder {
    /** Maximum number of cells of a mosaic or a resampled DEM. */
    public static final long MAX_CELLS = 200_000_000L;

    /** Largest allowed offset of a tile corner from the common grid, in cells. */
    private static final double ALIGNMENT_TOLERANCE_CELLS = 1e-3;
    /** Largest allowed relative difference of cell sizes treated as equal. */
    private static final double CELL_SIZE_TOLERANCE = 1e-6;
    /** Slack in cells when snapping envelopes to cell edges, against floating-point noise. */
    private static final double SNAP_SLACK_CELLS = 1e-9;

    private DemBuilder() {
    }

    /**
     * Merges tiles that share one CRS and cell size into one raster covering their joint extent.
     *
     * <p>Where tiles overlap (SRTM neighbours share their edge row or column), the first tile in list
     * order with a valid value wins, so the values are copied unchanged. Cells that no tile covers, or
     * that are NoData in every tile, are NaN. The result takes the NoData value and unit of the first
     * tile; a single tile is returned as it is. {@code CRS:84} and {@code EPSG:4326} count as one CRS,
     * since both are longitude-first WGS 84 here.
     *
     * @throws CgisException when the list is empty, tiles differ in CRS or cell size (relative
     *     difference above 1e-6), a tile's corner lies off the common grid by more than 0.001 cell, or
     *     the mosaic would exceed {@value #MAX_CELLS} cells
     */
    public static Raster mosaic(List<Raster> tiles) {
        if (tiles.isEmpty()) {
            throw new CgisException(RasterioMessages.BUNDLE, "mosaic.empty");
        }
        Raster first = tiles.get(0);
        if (tiles.size() == 1) {
            return first;
        }
        GridGeometry reference = first.grid();
        double dx = reference.cellWidth();
        double dy = reference.cellHeight();
        Envelope extent = new Envelope();
        for (int i = 0; i < tiles.size(); i++) {
            GridGeometry grid = tiles.get(i).grid();
            if (!sameCrs(grid.crs(), reference.crs())) {
                throw new CgisException(RasterioMessages.BUNDLE, "mosaic.crsMismatch", i + 1, grid.crs(), reference.crs());
            }
            if (!nearlyEqual(grid.cellWidth(), dx) || !nearlyEqual(grid.cellHeight(), dy)) {
                throw new CgisException(RasterioMessages.BUNDLE, "mosaic.cellMismatch", i + 1,
                        grid.cellWidth(), grid.cellHeight(), dx, dy);
            }
            extent.expandToInclude(grid.envelope());
        }

        int cols = (int) Math.min(Integer.MAX_VALUE, Math.round(extent.getWidth() / dx));
        int rows = (int) Math.min(Integer.MAX_VALUE, Math.round(extent.getHeight() / dy));
        if ((long) cols * rows > MAX_CELLS) {
            throw new CgisException(RasterioMessages.BUNDLE, "mosaic.tooLarge", tiles.size(), cols, rows, MAX_CELLS);
        }
        GridGeometry grid = new GridGeometry(cols, rows, extent.getMinX(), extent.getMaxY(), dx, dy, reference.crs());
        float[] out = new float[grid.size()];
        Arrays.fill(out, Float.NaN);
        for (int i = 0; i < tiles.size(); i++) {
            copyInto(tiles.get(i), i, grid, out);
        }
        return new Raster(grid, out, first.noDataValue(), first.unit());
    }

    private static void copyInto(Raster tile, int index, GridGeometry target, float[] out) {
        GridGeometry grid = tile.grid();
        double colShift = (grid.originX() - target.originX()) / target.cellWidth();
        double rowShift = (target.originY() - grid.originY()) / target.cellHeight();
        int col0 = (int) Math.round(colShift);
        int row0 = (int) Math.round(rowShift);
        double offset = Math.max(Math.abs(colShift - col0), Math.abs(rowShift - row0));
        if (offset > ALIGNMENT_TOLERANCE_CELLS) {
            throw new CgisException(RasterioMessages.BUNDLE, "mosaic.misaligned", index + 1,
                    String.format(Locale.ROOT, "%.4f", offset));
        }
        float[] data = tile.data();
        int cols = Math.min(grid.cols(), target.cols() - col0);
        int rows = Math.min(grid.rows(), target.rows() - row0);
        for (int row = 0; row < rows; row++) {
            int from = row * grid.cols();
            int to = (row0 + row) * target.cols() + col0;
            for (int col = 0; col < cols; col++) {
                float value = data[from + col];
                if (!Float.isNaN(value) && Float.isNaN(out[to + col])) {
                    out[to + col] = value;
                }
            }
        }
    }

    /**
     * Brings a DEM into the project CRS.
     *
     * <p><b>Source already in the project CRS</b> (and no other cell size requested): the raster is
     * returned as it is, the same instance, unless {@code clipInProjectCrs} covers only part of it; then
     * the whole cells touching the clip envelope are copied unchanged into a smaller grid on the same
     * cell edges. No value is interpolated.
     *
     * <p><b>Otherwise</b> the DEM is resampled onto a new north-up grid in the project CRS, which must
     * be projected:
     * <ul>
     * <li>Extent: the source extent transformed into the project CRS (corners and 7 points per edge),
     * intersected with {@code clipInProjectCrs} when given, then widened to multiples of the cell size,
     * so grids of the same cell size line up.</li>
     * <li>Cell size: {@code cellSizeM}, or else the source's cell size in metres at the centre of the
     * output extent, rounded to 0.1 m. For a geographic source the north-south size is
     * dφ·M and the east-west size dλ·N·cos φ, with M and N the meridional and prime-vertical radii of
     * curvature of the source datum's ellipsoid, and the default is their geometric mean. For a
     * projected source it is √(dx·dy) converted to metres (map-projection scale error ignored).</li>
     * <li>Values: each output cell centre is transformed into the source CRS, one row of centres per
     * call, and takes the bilinear interpolation of the four surrounding source cell centres. When any
     * of the four is NoData, the value of the source cell containing the point (its nearest centre) is
     * used, NaN if that is NoData too. Within the outer half cell of the source grid the edge cells
     * are extended; outside the source grid the value is NaN. With output cells no larger than the
     * source cells this matches {@code gdalwarp -r bilinear -et 0} (GDAL 3.6) within 1e-4 m; GDAL
     * widens its kernel when output cells are larger, so there the two differ by up to a few metres on
     * SRTM.</li>
     * </ul>
     * Progress is reported once per output row.
     *
     * @param source the DEM, NaN for NoData
     * @param projectCrs the project CRS code, e.g. {@code EPSG:4544}
     * @param cellSizeM the output cell size in metres, or empty for the source's native size
     * @param clipInProjectCrs the area to keep, in the project CRS, or empty for the whole DEM
     * @throws CgisException when the cell size is not positive, the project CRS is geographic (and a
     *     resampling is needed), the DEM does not overlap the clip envelope, or the output would exceed
     *     {@value #MAX_CELLS} cells
     */
    public static Raster toProjectCrs(Raster source, String projectCrs, OptionalDouble cellSizeM,
            Optional<Envelope> clipInProjectCrs, Progress progress) {
        String target = Crs.normalizeCode(projectCrs);
        if (cellSizeM.isPresent() && !(cellSizeM.getAsDouble() > 0 && Double.isFinite(cellSizeM.getAsDouble()))) {
            throw new CgisException(RasterioMessages.BUNDLE, "dem.badCellSize", cellSizeM.getAsDouble());
        }
        GridGeometry grid = source.grid();
        boolean keepCellSize = cellSizeM.isEmpty()
                || nearlyEqual(cellSizeM.getAsDouble(), grid.cellWidth())
                        && nearlyEqual(cellSizeM.getAsDouble(), grid.cellHeight());
        if (sameCrs(grid.crs(), target) && keepCellSize) {
            return clipSameGrid(relabel(source, target), clipInProjectCrs);
        }
        if (!Crs.isProjected(target)) {
            throw new CgisException(RasterioMessages.BUNDLE, "dem.geographicTarget", target);
        }

        Envelope extent = Crs.transform(grid.crs(), target).apply(grid.envelope());
        if (clipInProjectCrs.isPresent()) {
            extent = overlap(extent, clipInProjectCrs.get(), source, target);
        }
        CrsTransform toSource = Crs.transform(target, grid.crs());
        double cell = cellSizeM.isPresent() ? cellSizeM.getAsDouble() : nativeCellSizeM(source, extent, toSource);
        GridGeometry output = snappedGrid(extent, cell, target);
        return resample(source, output, toSource, progress);
    }

    private static Raster relabel(Raster source, String code) {
        GridGeometry grid = source.grid();
        if (grid.crs().equals(code)) {
            return source;
        }
        GridGeometry renamed = new GridGeometry(grid.cols(), grid.rows(), grid.originX(), grid.originY(),
                grid.cellWidth(), grid.cellHeight(), code);
        return new Raster(renamed, source.data(), source.noDataValue(), source.unit());
    }

    private static Raster clipSameGrid(Raster source, Optional<Envelope> clip) {
        if (clip.isEmpty()) {
            return source;
        }
        GridGeometry grid = source.grid();
        overlap(grid.envelope(), clip.get(), source, grid.crs());
        Envelope area = clip.get();
        int col0 = Math.max(0, (int) Math.floor((area.getMinX() - grid.originX()) / grid.cellWidth() + SNAP_SLACK_CELLS));
        int col1 = Math.min(grid.cols(), (int) Math.ceil((area.getMaxX() - grid.originX()) / grid.cellWidth() - SNAP_SLACK_CELLS));
        int row0 = Math.max(0, (int) Math.floor((grid.originY() - area.getMaxY()) / grid.cellHeight() + SNAP_SLACK_CELLS));
        int row1 = Math.min(grid.rows(), (int) Math.ceil((grid.originY() - area.getMinY()) / grid.cellHeight() - SNAP_SLACK_CELLS));
        if (col0 == 0 && row0 == 0 && col1 == grid.cols() && row1 == grid.rows()) {
            return source;
        }
        int cols = Math.max(1, col1 - col0);
        int rows = Math.max(1, row1 - row0);
        GridGeometry clipped = new GridGeometry(cols, rows, grid.originX() + col0 * grid.cellWidth(),
                grid.originY() - row0 * grid.cellHeight(), grid.cellWidth(), grid.cellHeight(), grid.crs());
        float[] data = new float[clipped.size()];
        for (int row = 0; row < rows; row++) {
            System.arraycopy(source.data(), grid.index(col0, row0 + row), data, row * cols, cols);
        }
        return new Raster(clipped, data, source.noDataValue(), source.unit());
    }

    /** Returns the intersection of the DEM's extent with the clip envelope, or fails when it is empty. */
    private static Envelope overlap(Envelope demExtent, Envelope clip, Raster source, String crs) {
        Envelope common = demExtent.intersection(clip);
        if (common.isNull() || common.getWidth() <= 0 || common.getHeight() <= 0) {
            throw new CgisException(RasterioMessages.BUNDLE, "dem.noOverlap", format(demExtent), crs, format(clip));
        }
        return common;
    }

    private static String format(Envelope envelope) {
        return String.format(Locale.ROOT, "[%.6f, %.6f – %.6f, %.6f]", envelope.getMinX(), envelope.getMinY(),
                envelope.getMaxX(), envelope.getMaxY());
    }

    private static GridGeometry snappedGrid(Envelope extent, double cell, String crs) {
        double originX = Math.floor(extent.getMinX() / cell + SNAP_SLACK_CELLS) * cell;
        double originY = Math.ceil(extent.getMaxY() / cell - SNAP_SLACK_CELLS) * cell;
        long cols = Math.max(1, (long) Math.ceil((extent.getMaxX() - originX) / cell - SNAP_SLACK_CELLS));
        long rows = Math.max(1, (long) Math.ceil((originY - extent.getMinY()) / cell - SNAP_SLACK_CELLS));
        if (cols * rows > MAX_CELLS) {
            throw new CgisException(RasterioMessages.BUNDLE, "dem.tooLarge",
                    String.format(Locale.ROOT, "%.1f", cell), cols, rows, MAX_CELLS);
        }
        return new GridGeometry((int) cols, (int) rows, originX, originY, cell, cell, crs);
    }

    /**
     * Returns the source's cell size in metres at the centre of {@code extent} (project CRS), rounded
     * to 0.1 m and at least 0.1 m.
     */
    static double nativeCellSizeM(Raster source, Envelope extent, CrsTransform toSource) {
        GridGeometry grid = source.grid();
        CoordinateReferenceSystem crs = Crs.forCode(grid.crs());
        double size;
        if (crs instanceof GeographicCRS geographic) {
            double[] centre = {extent.centre().x, extent.centre().y};
            toSource.apply(centre);
            Ellipsoid ellipsoid = geographic.getDatum().getEllipsoid();
            double a = ellipsoid.getSemiMajorAxis();
            double b = ellipsoid.getSemiMinorAxis();
            double e2 = 1 - (b * b) / (a * a);
            double phi = Math.toRadians(centre[1]);
            double w = 1 - e2 * Math.sin(phi) * Math.sin(phi);
            double meridional = a * (1 - e2) / (w * Math.sqrt(w));
            double primeVertical = a / Math.sqrt(w);
            double northSouth = Math.toRadians(grid.cellHeight()) * meridional;
            double eastWest = Math.toRadians(grid.cellWidth()) * primeVertical * Math.cos(phi);
            size = Math.sqrt(northSouth * eastWest);
        } else {
            size = Math.sqrt(grid.cellWidth() * grid.cellHeight()) * metresPerUnit(crs);
        }
        return Math.max(0.1, Math.round(size * 10) / 10.0);
    }

    private static double metresPerUnit(CoordinateReferenceSystem crs) {
        Unit<?> unit = crs.getCoordinateSystem().getAxis(0).getUnit();
        try {
            return unit.getConverterToAny(Units.METRE).convert(1.0);
        } catch (IncommensurableException | RuntimeException e) {
            // NOTE: a projected CRS whose first axis is not a length is treated as if it were in metres.
            return 1.0;
        }
    }

    private static Raster resample(Raster source, GridGeometry output, CrsTransform toSource, Progress progress) {
        int cols = output.cols();
        int rows = output.rows();
        float[] out = new float[output.size()];
        double[] xy = new double[2 * cols];
        progress.begin(RasterioMessages.BUNDLE.format("progress.resample", output.crs()), rows);
        for (int row = 0; row < rows; row++) {
            double y = output.centerY(row);
            for (int col = 0; col < cols; col++) {
                xy[2 * col] = output.centerX(col);
                xy[2 * col + 1] = y;
            }
            toSource.apply(xy);
            int offset = row * cols;
            for (int col = 0; col < cols; col++) {
                out[offset + col] = sample(source, xy[2 * col], xy[2 * col + 1]);
            }
            progress.worked(row + 1);
        }
        progress.end();
        return new Raster(output, out, source.noDataValue(), source.unit());
    }

    /** Samples {@code source} at (x, y) in its CRS as described in {@link #toProjectCrs}. */
    static float sample(Raster source, double x, double y) {
        GridGeometry grid = source.grid();
        int cols = grid.cols();
        int rows = grid.rows();
        double fx = (x - grid.originX()) / grid.cellWidth() - 0.5;
        double fy = (grid.originY() - y) / grid.cellHeight() - 0.5;
        if (!(fx >= -0.5 && fx <= cols - 0.5 && fy >= -0.5 && fy <= rows - 0.5)) {
            return Float.NaN;
        }
        int c0 = (int) Math.floor(fx);
        int r0 = (int) Math.floor(fy);
        double tx = fx - c0;
        double ty = fy - r0;
        int left = Math.max(c0, 0);
        int right = Math.min(c0 + 1, cols - 1);
        int top = Math.max(r0, 0);
        int bottom = Math.min(r0 + 1, rows - 1);
        float[] data = source.data();
        float v00 = data[top * cols + left];
        float v10 = data[top * cols + right];
        float v01 = data[bottom * cols + left];
        float v11 = data[bottom * cols + right];
        if (Float.isNaN(v00) || Float.isNaN(v10) || Float.isNaN(v01) || Float.isNaN(v11)) {
            int col = Math.min(cols - 1, Math.max(0, (int) Math.floor(fx + 0.5)));
            int row = Math.min(rows - 1, Math.max(0, (int) Math.floor(fy + 0.5)));
            return data[row * cols + col];
        }
        double upper = v00 + (v10 - v00) * tx;
        double lower = v01 + (v11 - v01) * tx;
        return (float) (upper + (lower - upper) * ty);
    }

    /** Returns whether two CRS codes name the same CRS; {@code CRS:84} equals {@code EPSG:4326}. */
    static boolean sameCrs(String first, String second) {
        String a = Crs.normalizeCode(first);
        String b = Crs.normalizeCode(second);
        return a.equals(b) || isWgs84LonLat(a) && isWgs84LonLat(b);
    }

    private static boolean isWgs84LonLat(String code) {
        return code.equals(Crs.CRS84) || code.equals(Crs.WGS84);
    }

    private static boolean nearlyEqual(double a, double b) {
        return Math.abs(a - b) <= CELL_SIZE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
    }
}
