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
    GEOTIFF("GeoTIFF (.tif)"),
    /** ESRI Shapefile, named by its {@code .shp} or a sibling file, read by {@link ShapefileReader}. */
    SHAPEFILE("Shapefile (.shp with .shx, .dbf, .prj, .cpg)"),
    /** dBASE table ({@code .dbf}) without a {@code .shp} beside it, read as a table by {@link TableReader}. */
    DBF("dBASE table (.dbf without .shp)"),
    /** Comma-, semicolon- or tab-separated table with a header row, read by {@link TableReader}. */
    CSV("CSV (.csv, .tsv)"),
    /** Excel workbook ({@code .xlsx}, or the older binary {@code .xls}), read by {@link TableReader}. */
    EXCEL("Excel (.xlsx, .xls)"),
    /** ASCII DXF drawing, AutoCAD R12 to 2018, read by {@link DxfReader}; DWG and binary DXF are rejected with advice. */
    DXF("DXF (.dxf, ASCII)"),
    /** KML or KMZ (a zip with a {@code .kml}), as exported by map apps, read by {@link KmlReader}. */
    KML("KML (.kml, .kmz)"),
    /** GPX waypoints, routes and tracks, read by {@link GpxReader}. */
    GPX("GPX (.gpx)");

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
