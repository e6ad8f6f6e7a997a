package org.communitygis.store;

import static org.communitygis.store.GpkgConnection.quote;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Arrays;
import java.util.Locale;
import org.communitygis.core.CgisException;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;

/**
 * Writes and reads rasters as GeoPackage 2D gridded coverages (OGC 17-066r1, extension
 * {@code gpkg_2d_gridded_coverage}), which GDAL's GPKG driver reads as raster layers.
 *
 * <p>A written raster is one zoom level of {@value #TILE}×{@value #TILE} float32 TIFF tiles. The tile
 * matrix set starts at the grid origin, so the origin and the cell size (pixel_x_size, pixel_y_size,
 * which may differ) are stored as the exact doubles. The gpkg_contents bounds are the grid extent and
 * give the column and row counts. Tiles whose cells are all NoData are not written (the standard lets
 * readers treat a missing tile as NoData). NaN cells are written as the raster's NoData value, which is
 * the coverage's {@code data_null}; a NaN NoData value leaves data_null NULL and NaN in the tiles. Cells
 * are declared {@code grid-value-is-area}, since a value stands for its whole cell.
 *
 * <p>Reading takes the finest zoom level, float TIFF or 16-bit PNG tiles, and applies the coverage and
 * tile scale and offset: value = (pixel · tile scale + tile offset) · scale + offset. Pixels equal to
 * data_null become NaN. A valid cell equal to the NoData value therefore reads back as NaN.
 */
final class CoverageTables {
    /** Tile width and height in cells, GDAL's default for GeoPackage rasters. */
    static final int TILE = 256;
    private static final String DATA_TYPE = "2d-gridded-coverage";
    private static final String EXTENSION = "gpkg_2d_gridded_coverage";
    private static final String EXTENSION_DEFINITION = "http://docs.opengeospatial.org/is/17-066r1/17-066r1.html";

    private CoverageTables() {
    }

    /** Creates coverage table {@code name} and writes {@code raster}, inside the caller's transaction. */
    static void write(Connection connection, String name, Raster raster, int srsId) throws SQLException {
        GridGeometry grid = raster.grid();
        int matrixWidth = (grid.cols() + TILE - 1) / TILE;
        int matrixHeight = (grid.rows() + TILE - 1) / TILE;

        GpkgSchema.insertContents(connection, name, DATA_TYPE, name, grid.envelope(), srsId);
        try (PreparedStatement set = connection.prepareStatement("INSERT INTO gpkg_tile_matrix_set"
                + " (table_name, srs_id, min_x, min_y, max_x, max_y) VALUES (?, ?, ?, ?, ?, ?)")) {
            set.setString(1, name);
            set.setInt(2, srsId);
            set.setDouble(3, grid.originX());
            set.setDouble(4, grid.originY() - (double) matrixHeight * TILE * grid.cellHeight());
            set.setDouble(5, grid.originX() + (double) matrixWidth * TILE * grid.cellWidth());
            set.setDouble(6, grid.originY());
            set.executeUpdate();
        }
        try (PreparedStatement matrix = connection.prepareStatement("INSERT INTO gpkg_tile_matrix (table_name,"
                + " zoom_level, matrix_width, matrix_height, tile_width, tile_height, pixel_x_size, pixel_y_size)"
                + " VALUES (?, 0, ?, ?, ?, ?, ?, ?)")) {
            matrix.setString(1, name);
            matrix.setInt(2, matrixWidth);
            matrix.setInt(3, matrixHeight);
            matrix.setInt(4, TILE);
            matrix.setInt(5, TILE);
            matrix.setDouble(6, grid.cellWidth());
            matrix.setDouble(7, grid.cellHeight());
            matrix.executeUpdate();
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + quote(name) + " (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " zoom_level INTEGER NOT NULL, tile_column INTEGER NOT NULL, tile_row INTEGER NOT NULL,"
                    + " tile_data BLOB NOT NULL, UNIQUE (zoom_level, tile_column, tile_row))");
        }
        registerExtension(connection, "gpkg_2d_gridded_coverage_ancillary", null);
        registerExtension(connection, "gpkg_2d_gridded_tile_ancillary", null);
        registerExtension(connection, name, "tile_data");
        insertCoverageAncillary(connection, name, raster);
        writeTiles(connection, name, raster, matrixWidth, matrixHeight);
    }

    private static void registerExtension(Connection connection, String table, String column) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO gpkg_extensions"
                + " (table_name, column_name, extension_name, definition, scope)"
                + " SELECT ?, ?, ?, ?, 'read-write' WHERE NOT EXISTS (SELECT 1 FROM gpkg_extensions"
                + " WHERE table_name = ? AND column_name IS ? AND extension_name = ?)")) {
            insert.setString(1, table);
            insert.setString(2, column);
            insert.setString(3, EXTENSION);
            insert.setString(4, EXTENSION_DEFINITION);
            insert.setString(5, table);
            insert.setString(6, column);
            insert.setString(7, EXTENSION);
            insert.executeUpdate();
        }
    }

    private static void insertCoverageAncillary(Connection connection, String name, Raster raster) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO gpkg_2d_gridded_coverage_ancillary"
                + " (tile_matrix_set_name, datatype, scale, offset, precision, data_null, grid_cell_encoding, uom,"
                + " field_name, quantity_definition) VALUES (?, 'float', 1.0, 0.0, NULL, ?, 'grid-value-is-area', ?, ?, ?)")) {
            insert.setString(1, name);
            if (Float.isNaN(raster.noDataValue())) {
                insert.setNull(2, Types.DOUBLE);
            } else {
                insert.setDouble(2, raster.noDataValue());
            }
            if (raster.unit().isEmpty()) {
                insert.setNull(3, Types.VARCHAR);
            } else {
                insert.setString(3, raster.unit());
            }
            insert.setString(4, name);
            insert.setString(5, name);
            insert.executeUpdate();
        }
    }

    private static void writeTiles(Connection connection, String name, Raster raster, int matrixWidth,
            int matrixHeight) throws SQLException {
        GridGeometry grid = raster.grid();
        float[] data = raster.data();
        float noData = raster.noDataValue();
        float[] tile = new float[TILE * TILE];
        try (PreparedStatement insertTile = connection.prepareStatement("INSERT INTO " + quote(name)
                + " (id, zoom_level, tile_column, tile_row, tile_data) VALUES (?, 0, ?, ?, ?)");
                PreparedStatement insertStats = connection.prepareStatement("INSERT INTO gpkg_2d_gridded_tile_ancillary"
                        + " (tpudt_name, tpudt_id, scale, offset, min, max, mean, std_dev) VALUES (?, ?, 1.0, 0.0, ?, ?, ?, ?)")) {
            for (int tileRow = 0; tileRow < matrixHeight; tileRow++) {
                for (int tileColumn = 0; tileColumn < matrixWidth; tileColumn++) {
                    TileStats stats = fillTile(tile, data, grid, tileColumn, tileRow, noData);
                    if (stats.count == 0) {
                        continue;
                    }
                    long id = (long) tileRow * matrixWidth + tileColumn + 1;
                    insertTile.setLong(1, id);
                    insertTile.setInt(2, tileColumn);
                    insertTile.setInt(3, tileRow);
                    try {
                        insertTile.setBytes(4, TileCodec.encodeTiff(tile, TILE, TILE));
                    } catch (IOException e) {
                        throw new SQLException("TIFF encoding of tile " + tileColumn + "," + tileRow + " failed", e);
                    }
                    insertTile.executeUpdate();
                    insertStats.setString(1, name);
                    insertStats.setLong(2, id);
                    insertStats.setDouble(3, stats.min);
                    insertStats.setDouble(4, stats.max);
                    insertStats.setDouble(5, stats.mean());
                    insertStats.setDouble(6, stats.standardDeviation());
                    insertStats.executeUpdate();
                }
            }
        }
    }

    /** Minimum, maximum, mean and population standard deviation of the valid cells of a tile. */
    private static final class TileStats {
        long count;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum;
        double sumOfSquares;

        double mean() {
            return sum / count;
        }

        double standardDeviation() {
            double mean = mean();
            return Math.sqrt(Math.max(0, sumOfSquares / count - mean * mean));
        }
    }

    /** Copies one tile's cells into {@code tile}, NoData and cells beyond the grid as {@code noData}. */
    private static TileStats fillTile(float[] tile, float[] data, GridGeometry grid, int tileColumn, int tileRow,
            float noData) {
        Arrays.fill(tile, noData);
        TileStats stats = new TileStats();
        int col0 = tileColumn * TILE;
        int row0 = tileRow * TILE;
        int width = Math.min(TILE, grid.cols() - col0);
        int height = Math.min(TILE, grid.rows() - row0);
        for (int y = 0; y < height; y++) {
            int source = (row0 + y) * grid.cols() + col0;
            int target = y * TILE;
            for (int x = 0; x < width; x++) {
                float value = data[source + x];
                if (Float.isNaN(value)) {
                    continue;
                }
                tile[target + x] = value;
                stats.count++;
                stats.min = Math.min(stats.min, value);
                stats.max = Math.max(stats.max, value);
                stats.sum += value;
                stats.sumOfSquares += (double) value * value;
            }
        }
        return stats;
    }

    /**
     * Reads coverage {@code table}.
     *
     * @param unit the unit to give the raster, or null to take the coverage's {@code uom}
     * @throws CgisException when the coverage metadata is missing or inconsistent or a tile cannot be
     *     decoded
     */
    static Raster read(GpkgConnection gpkg, String table, String crs, String unit) {
        return gpkg.query(connection -> {
            Coverage coverage = Coverage.load(connection, gpkg, table);
            GridGeometry grid = coverage.grid(crs);
            float[] data = new float[grid.size()];
            Arrays.fill(data, Float.NaN);
            readTiles(connection, gpkg, table, coverage, grid, data);
            float noData = coverage.dataNull == null ? Float.NaN : coverage.dataNull.floatValue();
            String rasterUnit = unit;
            if (rasterUnit == null) {
                rasterUnit = coverage.uom == null ? "" : coverage.uom;
            }
            return new Raster(grid, data, noData, rasterUnit);
        });
    }

    private static void readTiles(Connection connection, GpkgConnection gpkg, String table, Coverage coverage,
            GridGeometry grid, float[] data) throws SQLException {
        boolean png = coverage.datatype.equals("integer");
        float dataNull = coverage.dataNull == null ? Float.NaN : coverage.dataNull.floatValue();
        try (PreparedStatement select = connection.prepareStatement("SELECT t.tile_column, t.tile_row, t.tile_data,"
                + " a.scale, a.offset FROM " + quote(table) + " t LEFT JOIN gpkg_2d_gridded_tile_ancillary a"
                + " ON a.tpudt_name = ? AND a.tpudt_id = t.id WHERE t.zoom_level = ?")) {
            select.setString(1, table);
            select.setInt(2, coverage.zoomLevel);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    int tileColumn = rows.getInt(1);
                    int tileRow = rows.getInt(2);
                    byte[] bytes = rows.getBytes(3);
                    double tileScale = rows.getObject(4) == null ? 1.0 : rows.getDouble(4);
                    double tileOffset = rows.getObject(5) == null ? 0.0 : rows.getDouble(5);
                    TileCodec.Tile tile;
                    try {
                        tile = png ? TileCodec.decodePng(bytes) : TileCodec.decodeTiff(bytes);
                    } catch (IOException e) {
                        throw new CgisException(e, StoreMessages.BUNDLE, "store.badCoverage", table, gpkg.file(),
                                "tile " + tileColumn + "," + tileRow + ": " + e.getMessage());
                    }
                    Placement placement = new Placement(
                            tileColumn * coverage.tileWidth - coverage.columnOffset,
                            tileRow * coverage.tileHeight - coverage.rowOffset);
                    place(tile, placement, grid, data, dataNull, tileScale, tileOffset, coverage);
                }
            }
        }
    }

    /** Grid column and row of a tile's upper-left pixel. */
    private record Placement(long col0, long row0) {
    }

    private static void place(TileCodec.Tile tile, Placement placement, GridGeometry grid, float[] data,
            float dataNull, double tileScale, double tileOffset, Coverage coverage) {
        boolean identity = tileScale == 1.0 && tileOffset == 0.0 && coverage.scale == 1.0 && coverage.offset == 0.0;
        long firstX = Math.max(0, -placement.col0());
        long lastX = Math.min(tile.width(), grid.cols() - placement.col0());
        long firstY = Math.max(0, -placement.row0());
        long lastY = Math.min(tile.height(), grid.rows() - placement.row0());
        float[] values = tile.values();
        for (long y = firstY; y < lastY; y++) {
            int source = (int) (y * tile.width());
            int target = (int) ((placement.row0() + y) * grid.cols() + placement.col0());
            for (long x = firstX; x < lastX; x++) {
                float raw = values[source + (int) x];
                float value;
                if (raw == dataNull || Float.isNaN(raw)) {
                    value = Float.NaN;
                } else if (identity) {
                    value = raw;
                } else {
                    value = (float) ((raw * tileScale + tileOffset) * coverage.scale + coverage.offset);
                }
                data[target + (int) x] = value;
            }
        }
    }

    /** The coverage's metadata rows and where its grid lies in the tile matrix. */
    private static final class Coverage {
        String datatype;
        double scale;
        double offset;
        Double dataNull;
        String uom;
        int zoomLevel;
        int matrixWidth;
        int matrixHeight;
        int tileWidth;
        int tileHeight;
        double pixelWidth;
        double pixelHeight;
        double setMinX;
        double setMaxY;
        int columnOffset;
        int rowOffset;
        int gridCols;
        int gridRows;

        static Coverage load(Connection connection, GpkgConnection gpkg, String table) throws SQLException {
            Coverage coverage = new Coverage();
            try (PreparedStatement select = connection.prepareStatement("SELECT datatype, scale, offset, data_null, uom"
                    + " FROM gpkg_2d_gridded_coverage_ancillary WHERE tile_matrix_set_name = ?")) {
                select.setString(1, table);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        throw bad(gpkg, table, "no row in gpkg_2d_gridded_coverage_ancillary");
                    }
                    coverage.datatype = rows.getString(1) == null ? "integer" : rows.getString(1).toLowerCase(Locale.ROOT);
                    coverage.scale = rows.getObject(2) == null ? 1.0 : rows.getDouble(2);
                    coverage.offset = rows.getObject(3) == null ? 0.0 : rows.getDouble(3);
                    coverage.dataNull = rows.getObject(4) == null ? null : rows.getDouble(4);
                    coverage.uom = rows.getString(5);
                }
            }
            if (!coverage.datatype.equals("float") && !coverage.datatype.equals("integer")) {
                throw bad(gpkg, table, "datatype " + coverage.datatype);
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT zoom_level, matrix_width, matrix_height,"
                    + " tile_width, tile_height, pixel_x_size, pixel_y_size FROM gpkg_tile_matrix"
                    + " WHERE table_name = ? ORDER BY zoom_level DESC LIMIT 1")) {
                select.setString(1, table);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        throw bad(gpkg, table, "no row in gpkg_tile_matrix");
                    }
                    coverage.zoomLevel = rows.getInt(1);
                    coverage.matrixWidth = rows.getInt(2);
                    coverage.matrixHeight = rows.getInt(3);
                    coverage.tileWidth = rows.getInt(4);
                    coverage.tileHeight = rows.getInt(5);
                    coverage.pixelWidth = rows.getDouble(6);
                    coverage.pixelHeight = rows.getDouble(7);
                }
            }
            if (coverage.matrixWidth < 1 || coverage.matrixHeight < 1 || coverage.tileWidth < 1
                    || coverage.tileHeight < 1 || !(coverage.pixelWidth > 0) || !(coverage.pixelHeight > 0)) {
                throw bad(gpkg, table, "invalid gpkg_tile_matrix row");
            }
            coverage.locate(connection, gpkg, table);
            return coverage;
        }

        /**
         * Sets the grid size and its offset in the tile matrix: from the gpkg_contents bounds when
         * present, else the whole tile matrix.
         */
        private void locate(Connection connection, GpkgConnection gpkg, String table) throws SQLException {
            double setMaxX;
            double setMinY;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT min_x, min_y, max_x, max_y FROM gpkg_tile_matrix_set WHERE table_name = ?")) {
                select.setString(1, table);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        throw bad(gpkg, table, "no row in gpkg_tile_matrix_set");
                    }
                    setMinX = rows.getDouble(1);
                    setMinY = rows.getDouble(2);
                    setMaxX = rows.getDouble(3);
                    setMaxY = rows.getDouble(4);
                }
            }

            long fullCols = (long) matrixWidth * tileWidth;
            long fullRows = (long) matrixHeight * tileHeight;
            double minX = setMinX;
            double maxX = setMinX + fullCols * pixelWidth;
            double minY = setMaxY - fullRows * pixelHeight;
            double maxY = setMaxY;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = ?")) {
                select.setString(1, table);
                try (ResultSet rows = select.executeQuery()) {
                    if (rows.next() && rows.getObject(1) != null && rows.getObject(2) != null
                            && rows.getObject(3) != null && rows.getObject(4) != null) {
                        minX = Math.max(minX, rows.getDouble(1));
                        minY = Math.max(minY, rows.getDouble(2));
                        maxX = Math.min(maxX, rows.getDouble(3));
                        maxY = Math.min(maxY, rows.getDouble(4));
                    }
                }
            }

            columnOffset = (int) Math.round((minX - setMinX) / pixelWidth);
            rowOffset = (int) Math.round((setMaxY - maxY) / pixelHeight);
            gridCols = (int) Math.round((maxX - minX) / pixelWidth);
            gridRows = (int) Math.round((maxY - minY) / pixelHeight);
            if (gridCols < 1 || gridRows < 1 || (long) gridCols * gridRows > Integer.MAX_VALUE - 8) {
                throw bad(gpkg, table, "grid of " + gridCols + "×" + gridRows + " cells from bounds " + minX + ", " + minY
                        + ", " + maxX + ", " + maxY);
            }
            // Keep the tile matrix set's exact origin when the grid starts at it.
            this.setMinX = setMinX;
            this.setMaxY = setMaxY;
        }

        GridGeometry grid(String crs) {
            double originX = columnOffset == 0 ? setMinX : setMinX + columnOffset * pixelWidth;
            double originY = rowOffset == 0 ? setMaxY : setMaxY - rowOffset * pixelHeight;
            return new GridGeometry(gridCols, gridRows, originX, originY, pixelWidth, pixelHeight, crs);
        }

        private static CgisException bad(GpkgConnection gpkg, String table, String detail) {
            return new CgisException(StoreMessages.BUNDLE, "store.badCoverage", table, gpkg.file(), detail);
        }
    }
}
