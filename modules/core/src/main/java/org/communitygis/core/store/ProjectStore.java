package org.communitygis.core.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.raster.Raster;

/**
 * A project: one CRS, named vector and raster layers, and key/value metadata.
 *
 * <p>Every layer in a project is in the project's CRS. Writing a layer replaces any layer of the same
 * name. Implementations: the embedded GeoPackage file (default), a PostGIS schema for teams, and an
 * in-memory store for tests. Atomicity across several writes is the caller's concern: the GeoPackage
 * store is updated on a copy that replaces the original only when the whole command succeeds, and the
 * PostGIS store runs a whole command in one transaction.
 */
public interface ProjectStore extends AutoCloseable {

    /** Returns the project CRS code, empty before the first import. */
    Optional<String> crs();

    /** Sets the project CRS code; layers already stored are not transformed. */
    void setCrs(String code);

    /** Returns every layer, vectors and rasters, sorted by name. */
    List<LayerInfo> layers();

    /** Returns the layer called {@code name}, if present. */
    default Optional<LayerInfo> layer(String name) {
        return layers().stream().filter(info -> info.name().equals(name)).findFirst();
    }

    /** Returns whether a layer called {@code name} exists. */
    default boolean contains(String name) {
        return layer(name).isPresent();
    }

    /**
     * Reads a vector layer completely.
     *
     * @throws org.communitygis.core.CgisException when it does not exist or is a raster
     */
    FeatureLayer readFeatures(String name);

    /** Writes (creates or replaces) a vector layer. */
    void writeFeatures(FeatureLayer layer);

    /**
     * Reads a raster layer completely.
     *
     * @throws org.communitygis.core.CgisException when it does not exist or is a vector layer
     */
    Raster readRaster(String name);

    /** Writes (creates or replaces) a raster layer. */
    void writeRaster(String name, Raster raster);

    /** Deletes a layer if it exists. */
    void delete(String name);

    /** Returns the project metadata (analysis parameters, timestamps), sorted by key. */
    Map<String, String> metadata();

    /** Sets one metadata entry. */
    void putMetadata(String key, String value);

    @Override
    void close();
}
