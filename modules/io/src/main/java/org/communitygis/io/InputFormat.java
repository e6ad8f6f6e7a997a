package org.communitygis.io;

/** The input formats {@link FormatDetector} recognizes, with the readers that handle them. */
public enum InputFormat {
    /** OpenStreetMap XML, plain ({@code .osm}) or gzip-compressed ({@code .osm.gz}), read by {@link OsmReader}. */
    OSM_XML("OSM XML (.osm, .osm.gz)"),
    /** GeoJSON FeatureCollection, Feature or bare geometry, optionally gzip-compressed, read by {@link GeoJsonReader}. */
    GEOJSON("GeoJSON (.geojson, .json)"),
    /** GeoPackage (an SQLite database), read by the store module. */
    GEOPACKAGE("GeoPackage (.gpkg)"),
    /** SRTM elevation tile, raw or in a zip ({@code N49E011.hgt}, {@code .hgt.zip}), read by the rasterio module. */
    SRTM_HGT("SRTM (.hgt, .hgt.zip)"),
    /** TIFF or BigTIFF, expected to carry GeoTIFF tags, read by the rasterio module. */
    GEOTIFF("GeoTIFF (.tif)");

    private final String label;

    InputFormat(String label) {
        this.label = label;
    }

    /** Returns the format name with its usual file extensions, for messages. */
    public String label() {
        return label;
    }

    /** Returns all labels joined with commas, the list of supported formats shown in error messages. */
    public static String supportedList() {
        StringBuilder list = new StringBuilder();
        for (InputFormat format : values()) {
            if (list.length() > 0) {
                list.append(", ");
            }
            list.append(format.label);
        }
        return list.toString();
    }
}
