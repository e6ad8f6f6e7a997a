package org.communitygis.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.raster.Raster;
import org.communitygis.core.store.ProjectStore;
import org.communitygis.io.FormatDetector;
import org.communitygis.io.InputFormat;
import org.communitygis.rasterio.DemComparison;
import org.communitygis.rasterio.GeoTiffReader;
import org.communitygis.rasterio.SrtmReader;
import org.communitygis.rasterio.TinSurface;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

/**
 * Builds the project's {@code dem} from survey layers ({@code import --dem-from-survey}): spot heights
 * become TIN points and lines such as contours become breaklines of a {@link TinSurface}, gridded at
 * {@code --dem-cell-m} (default {@value #DEFAULT_CELL_M} m) in the project CRS.
 *
 * <p>A layer is named as written to the project in this import (after {@code --layer-map}), or an existing
 * project layer. A feature's elevation is the value of the named field ({@code LAYER:FIELD}), else of the
 * first of {@link #ELEVATION_FIELDS} the layer has and the feature fills; a line or polygon boundary with
 * such a value is a contour at that height. Without a value, the z of the coordinates is used when every
 * vertex has one (3D polylines, PointZ Shapefiles). Features with neither are counted in one warning.
 *
 * <p>With {@code --compare-dem FILE} (GeoTIFF or SRTM) the new DEM is compared cell by cell with that DEM
 * ({@link DemComparison}); {@code --compare-dem-out FILE.tif} writes the differences.
 */
final class SurveyDem {
    /** Cell size when {@code --dem-cell-m} is not given, m: fine enough for 1:500 to 1:2000 topographic surveys. */
    static final double DEFAULT_CELL_M = 1.0;
    /** Attribute names read as an elevation, in this order. */
    static final List<String> ELEVATION_FIELDS = List.of("elevation_m", "elevation", "elev", "ele_m", "ele", "z",
            "height", "height_m", "gc", "高程", "contour");

    /**
     * The survey DEM settings of an import.
     *
     * @param layers the layers and optional elevation fields, as given ({@code contours:elev})
     * @param maxEdgeM the longest triangle edge kept, m ({@code Double.POSITIVE_INFINITY}: whole convex hull)
     * @param compareDem a DEM to compare the result with
     */
    record Request(List<String> layers, double maxEdgeM, Optional<Path> compareDem) {
    }

    /**
     * The outcome.
     *
     * @param dem the gridded TIN, in the project CRS
     * @param points TIN points (spot heights and breakline vertices)
     * @param breaklines breaklines used
     * @param triangles triangles kept
     * @param comparison the comparison with {@code --compare-dem}, when requested
     */
    record Result(Raster dem, int points, int breaklines, int triangles, Optional<DemComparison> comparison) {
    }

    private SurveyDem() {
    }

    /**
     * Builds the DEM from {@code written} (layers of this import, in the project CRS) or layers of
     * {@code store}.
     *
     * @throws CgisException when DEM files are imported too, a layer is missing, a field is missing, or the
     *     layers hold fewer than three elevations
     */
    static Result build(Request request, List<FeatureLayer> written, ProjectStore store, String projectCrs,
            OptionalDouble cellM, boolean demFilesToo, Diagnostics diagnostics) {
        if (demFilesToo) {
            throw new CgisException(CliMessages.BUNDLE, "import.surveyDemWithDemFile");
        }
        List<Coordinate> points = new ArrayList<>();
        List<LineString> breaklines = new ArrayList<>();
        for (String spec : request.layers()) {
            int colon = spec.indexOf(':');
            String name = (colon < 0 ? spec : spec.substring(0, colon)).trim();
            Optional<String> field = colon < 0 ? Optional.empty() : Optional.of(spec.substring(colon + 1).trim());
            FeatureLayer layer = find(name, written, store);
            collect(layer, field, points, breaklines, diagnostics);
        }
        TinSurface tin = TinSurface.build(points, breaklines, request.maxEdgeM());
        Raster dem = tin.toGrid(cellM.orElse(DEFAULT_CELL_M), projectCrs);
        Optional<DemComparison> comparison = request.compareDem().map(path -> compare(dem, path, diagnostics));
        int vertices = points.size();
        for (LineString line : breaklines) {
            vertices += line.getNumPoints();
        }
        return new Result(dem, vertices, breaklines.size(), tin.triangleCount(), comparison);
    }

    private static FeatureLayer find(String name, List<FeatureLayer> written, ProjectStore store) {
        for (FeatureLayer layer : written) {
            if (layer.name().equals(name)) {
                return layer;
            }
        }
        if (store.contains(name)) {
            return store.readFeatures(name);
        }
        List<String> available = new ArrayList<>();
        written.forEach(layer -> available.add(layer.name()));
        store.layers().forEach(info -> {
            if (!available.contains(info.name())) {
                available.add(info.name());
            }
        });
        throw new CgisException(CliMessages.BUNDLE, "import.surveyLayerMissing", name, String.join(", ", available));
    }

    private static void collect(FeatureLayer layer, Optional<String> field, List<Coordinate> points,
            List<LineString> breaklines, Diagnostics diagnostics) {
        if (field.isPresent() && !layer.hasField(field.get())) {
            throw new CgisException(CliMessages.BUNDLE, "import.surveyFieldMissing", field.get(), layer.name(),
                    String.join(", ", layer.fields().stream().map(f -> f.name()).toList()));
        }
        List<String> candidates = field.map(List::of).orElseGet(() -> ELEVATION_FIELDS.stream()
                .filter(name -> layer.hasField(name) || layer.hasField(name.toUpperCase(Locale.ROOT))).toList());
        int missing = 0;
        for (Feature feature : layer.features()) {
            double value = Double.NaN;
            for (String name : candidates) {
                value = feature.getDouble(name, feature.getDouble(name.toUpperCase(Locale.ROOT), Double.NaN));
                if (!Double.isNaN(value)) {
                    break;
                }
            }
            if (!add(feature.geometry(), value, points, breaklines)) {
                missing++;
            }
        }
        if (missing > 0) {
            diagnostics.warn(CliMessages.BUNDLE, "import.surveyNoElevation", layer.name(), missing, layer.size(),
                    String.join(", ", ELEVATION_FIELDS));
        }
    }

    /** Adds a feature's points or lines; returns false when it has no elevation. */
    private static boolean add(Geometry geometry, double value, List<Coordinate> points, List<LineString> breaklines) {
        boolean added = false;
        for (int i = 0; i < geometry.getNumGeometries(); i++) {
            Geometry part = geometry.getGeometryN(i);
            if (part instanceof Polygon polygon) {
                added |= addLine(polygon.getExteriorRing(), value, breaklines);
                for (int r = 0; r < polygon.getNumInteriorRing(); r++) {
                    added |= addLine(polygon.getInteriorRingN(r), value, breaklines);
                }
            } else if (part instanceof LineString line) {
                added |= addLine(line, value, breaklines);
            } else {
                Coordinate c = part.getCoordinate();
                double z = Double.isNaN(value) ? c.z : value;
                if (Double.isFinite(z)) {
                    points.add(new Coordinate(c.x, c.y, z));
                    added = true;
                }
            }
        }
        return added;
    }

    private static boolean addLine(LineString line, double value, List<LineString> breaklines) {
        Coordinate[] vertices = line.getCoordinates();
        Coordinate[] withZ = new Coordinate[vertices.length];
        for (int i = 0; i < vertices.length; i++) {
            double z = Double.isNaN(value) ? vertices[i].z : value;
            if (!Double.isFinite(z)) {
                return false;
            }
            withZ[i] = new Coordinate(vertices[i].x, vertices[i].y, z);
        }
        breaklines.add(line.getFactory().createLineString(withZ));
        return true;
    }

    private static DemComparison compare(Raster dem, Path path, Diagnostics diagnostics) {
        InputFormat format = FormatDetector.detect(path);
        Raster reference;
        if (format == InputFormat.GEOTIFF) {
            reference = GeoTiffReader.read(path, Optional.empty(), diagnostics);
        } else if (format == InputFormat.SRTM_HGT) {
            reference = SrtmReader.read(path);
        } else {
            throw new CgisException(CliMessages.BUNDLE, "import.compareDemFormat", path, format.label());
        }
        DemComparison comparison = DemComparison.compare(dem, reference);
        if (comparison.cells() == 0) {
            diagnostics.warn(CliMessages.BUNDLE, "import.compareDemNoOverlap", path);
        }
        return comparison;
    }
}
