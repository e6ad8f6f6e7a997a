package org.communitygis.core.store;

import java.util.Optional;

/**
 * Optional capability of a {@link ProjectStore} that encodes Mapbox Vector Tiles (MVT 2.1) itself, such as
 * a PostGIS store calling {@code ST_AsMVT} next to the data. A map server uses it instead of encoding
 * in Java when the store implements it.
 *
 * <p>Contract:
 * <ul>
 * <li>tiles are in the WebMercatorQuad tile matrix set (OGC 17-083r4 annex D): EPSG:3857, tile row 0 at
 * the north edge, {@code 2^z} tiles per side at zoom {@code z};</li>
 * <li>the store reprojects geometry from the layer's CRS to EPSG:3857 itself, maps it to
 * {@code extent} units per tile side with y pointing down, and clips it to the tile plus
 * {@code buffer} units on each side;</li>
 * <li>the tile contains one MVT layer named like the layer (which is also the collection id in the
 * map API), version 2;</li>
 * <li>each feature carries the layer's feature id as the MVT id and every attribute field, under its
 * field name, as a property; null values are left out;</li>
 * <li>the result is empty when no feature touches the tile (buffer included).</li>
 * </ul>
 * Implementations must be safe for the concurrent callers a server's request threads are.
 */
public interface VectorTileSource {

    /**
     * Encodes one tile of a vector layer.
     *
     * @param layer layer name as stored
     * @param z zoom level (tile matrix), 0 or more
     * @param x tile column, 0 to {@code 2^z − 1}, west to east
     * @param y tile row, 0 to {@code 2^z − 1}, north to south
     * @param extent tile side in tile units, usually 4096
     * @param buffer clip margin around the tile in tile units, usually 64
     * @return the MVT bytes, empty when the tile has no feature
     * @throws org.communitygis.core.CgisException when the layer does not exist, is a raster, or the store fails
     */
    Optional<byte[]> vectorTile(String layer, int z, int x, int y, int extent, int buffer);
}
