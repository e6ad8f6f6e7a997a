package org.communitygis.store.postgis;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import org.communitygis.core.CgisException;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.communitygis.store.StoreMessages;

/**
 * Raster layers as tile tables: {@code (tile_row, tile_col) PRIMARY KEY, extent geometry(Polygon, srid),
 * cells bytea}. A tile contains {@value #TILE_SIZE} × {@value #TILE_SIZE} float32 values, big-endian, row
 * by row. Tiles at the right and bottom edges are cut to the grid, so a tile's byte length is
 * 4 × width × height. Tiles whose cells are all NaN are not stored. The grid itself is in
 * {@code cgis_rasters}.
 */
final class RasterTiles {
    /** Cells per tile side. */
    static final int TILE_SIZE = 256;

    private RasterTiles() {
    }

    /** Creates and fills the tile table and the cgis_rasters row, inside the caller's transaction. */
    static void write(Connection connection, PostGisStore store, String name, Raster raster, int srid) throws SQLException {
        GridGeometry grid = raster.grid();
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + store.table(name) + " (tile_row integer NOT NULL,"
                    + " tile_col integer NOT NULL, extent geometry(Polygon, " + srid + ") NOT NULL,"
                    + " cells bytea NOT NULL, PRIMARY KEY (tile_row, tile_col))");
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + store.table("cgis_rasters")
                + " (layer, cols, rows, origin_x, origin_y, cell_width, cell_height, tile_size, nodata, unit)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, name);
            insert.setInt(2, grid.cols());
            insert.setInt(3, grid.rows());
            insert.setDouble(4, grid.originX());
            insert.setDouble(5, grid.originY());
            insert.setDouble(6, grid.cellWidth());
            insert.setDouble(7, grid.cellHeight());
            insert.setInt(8, TILE_SIZE);
            insert.setFloat(9, raster.noDataValue());
            if (raster.unit() == null) {
                insert.setNull(10, Types.VARCHAR);
            } else {
                insert.setString(10, raster.unit());
            }
            insert.executeUpdate();
        }
        float[] data = raster.data();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + store.table(name)
                + " (tile_row, tile_col, extent, cells) VALUES (?, ?, ST_MakeEnvelope(?, ?, ?, ?, ?), ?)")) {
            int pending = 0;
            for (int tileRow = 0; tileRow * TILE_SIZE < grid.rows(); tileRow++) {
                for (int tileCol = 0; tileCol * TILE_SIZE < grid.cols(); tileCol++) {
                    int col0 = tileCol * TILE_SIZE;
                    int row0 = tileRow * TILE_SIZE;
                    int width = Math.min(TILE_SIZE, grid.cols() - col0);
                    int height = Math.min(TILE_SIZE, grid.rows() - row0);
                    ByteBuffer cells = ByteBuffer.allocate(4 * width * height).order(ByteOrder.BIG_ENDIAN);
                    boolean any = false;
                    for (int r = 0; r < height; r++) {
                        int offset = grid.index(col0, row0 + r);
                        for (int c = 0; c < width; c++) {
                            float value = data[offset + c];
                            any |= !Float.isNaN(value);
                            cells.putFloat(value);
                        }
                    }
                    if (!any) {
                        continue;
                    }
                    insert.setInt(1, tileRow);
                    insert.setInt(2, tileCol);
                    insert.setDouble(3, grid.originX() + col0 * grid.cellWidth());
                    insert.setDouble(4, grid.originY() - (row0 + height) * grid.cellHeight());
                    insert.setDouble(5, grid.originX() + (col0 + width) * grid.cellWidth());
                    insert.setDouble(6, grid.originY() - row0 * grid.cellHeight());
                    insert.setInt(7, srid);
                    insert.setBytes(8, cells.array());
                    insert.addBatch();
                    if (++pending == 16) {
                        insert.executeBatch();
                        pending = 0;
                    }
                }
            }
            if (pending > 0) {
                insert.executeBatch();
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE INDEX ON " + store.table(name) + " USING GIST (extent)");
        }
    }

    /** Reads the raster back; cells of missing tiles are NaN. */
    static Raster read(Connection connection, PostGisStore store, String name, String crs) throws SQLException {
        GridGeometry grid;
        int tileSize;
        float noData;
        String unit;
        try (PreparedStatement select = connection.prepareStatement("SELECT cols, rows, origin_x, origin_y, cell_width,"
                + " cell_height, tile_size, nodata, unit FROM " + store.table("cgis_rasters") + " WHERE layer = ?")) {
            select.setString(1, name);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw new CgisException(StoreMessages.BUNDLE, "postgis.badRaster", name, store.url(), "no cgis_rasters row");
                }
                grid = new GridGeometry(rows.getInt(1), rows.getInt(2), rows.getDouble(3), rows.getDouble(4),
                        rows.getDouble(5), rows.getDouble(6), crs);
                tileSize = rows.getInt(7);
                noData = rows.getFloat(8);
                unit = rows.getString(9);
            }
        }
        Raster raster = Raster.empty(grid, noData, unit);
        float[] data = raster.data();
        try (PreparedStatement select = connection.prepareStatement("SELECT tile_row, tile_col, cells FROM "
                + store.table(name))) {
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    int col0 = rows.getInt(2) * tileSize;
                    int row0 = rows.getInt(1) * tileSize;
                    int width = Math.min(tileSize, grid.cols() - col0);
                    int height = Math.min(tileSize, grid.rows() - row0);
                    byte[] bytes = rows.getBytes(3);
                    if (col0 < 0 || row0 < 0 || width <= 0 || height <= 0 || bytes.length != 4 * width * height) {
                        throw new CgisException(StoreMessages.BUNDLE, "postgis.badRaster", name, store.url(),
                                "tile " + rows.getInt(1) + "/" + rows.getInt(2) + " does not fit the grid");
                    }
                    ByteBuffer cells = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
                    for (int r = 0; r < height; r++) {
                        int offset = grid.index(col0, row0 + r);
                        for (int c = 0; c < width; c++) {
                            data[offset + c] = cells.getFloat();
                        }
                    }
                }
            }
        }
        return raster;
    }
}
