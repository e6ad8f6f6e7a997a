package org.communitygis.rasterio;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The GeoKey directory of a GeoTIFF (tag 34735), reduced to the keys whose value is stored in the
 * directory itself.
 *
 * <p>Key numbers and values follow the GeoTIFF specification (revision 1.0, kept by OGC GeoTIFF 1.1):
 * the directory starts with the header {@code KeyDirectoryVersion, KeyRevision,
 * MinorRevision, NumberOfKeys}, then four shorts per key {@code KeyID, TIFFTagLocation, Count,
 * Value_Offset}. A key with {@code TIFFTagLocation = 0} has its value in {@code Value_Offset}; keys
 * stored in the double or ASCII parameter tags (citations, ellipsoid parameters) are skipped, since
 * this reader only needs EPSG codes.
 */
final class GeoKeys {
    /** GTModelTypeGeoKey: 1 projected, 2 geographic, 3 geocentric. */
    static final int MODEL_TYPE = 1024;
    /** GTRasterTypeGeoKey: 1 PixelIsArea, 2 PixelIsPoint. */
    static final int RASTER_TYPE = 1025;
    /** GeographicTypeGeoKey (GeodeticCRSGeoKey in GeoTIFF 1.1): EPSG code of a geographic CRS. */
    static final int GEOGRAPHIC_TYPE = 2048;
    /** ProjectedCSTypeGeoKey (ProjectedCRSGeoKey in GeoTIFF 1.1): EPSG code of a projected CRS. */
    static final int PROJECTED_CS_TYPE = 3072;
    /** VerticalUnitsGeoKey: EPSG unit code of the cell values, 9001 = metre. */
    static final int VERTICAL_UNITS = 4099;

    static final int MODEL_TYPE_PROJECTED = 1;
    static final int MODEL_TYPE_GEOGRAPHIC = 2;
    static final int RASTER_PIXEL_IS_AREA = 1;
    static final int RASTER_PIXEL_IS_POINT = 2;
    /** The GeoTIFF code for "user-defined". */
    static final int USER_DEFINED = 32767;
    static final int UNIT_METRE = 9001;

    private final Map<Integer, Integer> values;

    private GeoKeys(Map<Integer, Integer> values) {
        this.values = values;
    }

    /** Parses the directory; a truncated directory yields the keys read before the end. */
    static GeoKeys parse(List<Integer> directory) {
        Map<Integer, Integer> values = new HashMap<>();
        if (directory != null && directory.size() >= 4) {
            int count = directory.get(3);
            for (int key = 0; key < count && 4 + 4 * key + 3 < directory.size(); key++) {
                int base = 4 + 4 * key;
                int location = directory.get(base + 1);
                if (location == 0) {
                    values.put(directory.get(base), directory.get(base + 3));
                }
            }
        }
        return new GeoKeys(values);
    }

    /** Returns the value of {@code key}, or {@code fallback} when it is absent. */
    int get(int key, int fallback) {
        return values.getOrDefault(key, fallback);
    }

    /** Returns whether {@code key} is present. */
    boolean has(int key) {
        return values.containsKey(key);
    }

    /**
     * Builds a directory stating {@code epsg} as a projected or geographic CRS with PixelIsArea cells.
     * Unit keys are left out because the EPSG code implies the units.
     */
    static List<Integer> directoryFor(int epsg, boolean projected) {
        int modelType = projected ? MODEL_TYPE_PROJECTED : MODEL_TYPE_GEOGRAPHIC;
        int crsKey = projected ? PROJECTED_CS_TYPE : GEOGRAPHIC_TYPE;
        // The specification requires keys sorted by KeyID.
        return List.of(1, 1, 0, 3,
                MODEL_TYPE, 0, 1, modelType,
                RASTER_TYPE, 0, 1, RASTER_PIXEL_IS_AREA,
                crsKey, 0, 1, epsg);
    }
}
