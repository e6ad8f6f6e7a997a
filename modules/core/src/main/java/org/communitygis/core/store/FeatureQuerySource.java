package org.communitygis.core.store;

import org.communitygis.core.feature.FeatureLayer;
import org.locationtech.jts.geom.Envelope;

/**
 * Optional capability of a {@link ProjectStore} that reads parts of a vector layer through a spatial
 * index, such as a PostGIS table with its GiST index. A map server queries such a store per request
 * instead of holding the layers in memory.
 *
 * <p>Both methods return a layer with the stored name, kind, CRS and fields, and the selected features in
 * ascending id order, with the same geometries and attributes as {@link ProjectStore#readFeatures}.
 * Implementations must be safe for the concurrent callers a server's request threads are.
 */
public interface FeatureQuerySource {

    /**
     * Reads the features whose geometry's bounding box intersects {@code envelope}, boundary contact
     * included. The test is on bounding boxes only, so callers check the exact geometry themselves.
     *
     * @param envelope box in the layer's CRS; a null envelope ({@link Envelope#isNull()}) selects no
     *     feature, which reads only the layer's name, kind, CRS and fields
     * @throws org.communitygis.core.CgisException when the layer does not exist, is a raster, or the store fails
     */
    FeatureLayer readFeatures(String layer, Envelope envelope);

    /**
     * Reads the feature with {@code id}: a layer of one feature, or of none when no feature has that id.
     *
     * @throws org.communitygis.core.CgisException when the layer does not exist, is a raster, or the store fails
     */
    FeatureLayer readFeature(String layer, long id);
}
