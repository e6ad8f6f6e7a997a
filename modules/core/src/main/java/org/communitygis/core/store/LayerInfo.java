package org.communitygis.core.store;

import org.communitygis.core.feature.GeometryKind;
import org.locationtech.jts.geom.Envelope;

/**
 * Summary of one layer that a store returns without reading the layer.
 *
 * @param name layer name
 * @param type vector or raster
 * @param geometryKind geometry kind for vectors, null for rasters
 * @param count feature count for vectors, cell count for rasters
 * @param envelope extent in {@link #crs()}
 * @param crs CRS code
 * @param title human-readable title (user language at write time), may equal the name
 */
public record LayerInfo(String name, LayerType type, GeometryKind geometryKind, long count, Envelope envelope,
        String crs, String title) {

    /** Vector or raster. */
    public enum LayerType {
        /** Features with geometries and attributes. */
        VECTOR,
        /** A single-band grid. */
        RASTER
    }
}
