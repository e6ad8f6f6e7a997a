package org.communitygis.store;

import org.communitygis.core.raster.Raster;

/**
 * A raster read from a foreign GeoPackage with the layer name it gets in the project.
 *
 * @param name valid layer name derived from the coverage's table name
 * @param raster the raster, in the CRS of the coverage
 */
public record NamedRaster(String name, Raster raster) {
}
