package org.communitygis.report.spark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.network.CoverageOptions;
import org.communitygis.network.NetworkLayers;
import org.communitygis.network.NetworkMessages;
import org.communitygis.network.RoadDistances;
import org.communitygis.report.batch.CommunityInput;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.WKBWriter;

/**
 * The inputs of {@link SedonaCoverage} as Spark tables, one row per feature with a {@code community} key
 * and the geometry as WKB ({@code wkb} BINARY). Features that {@code CoverageAnalysis} skips are already
 * left out, so every row takes part in the joins:
 * <ul>
 *   <li>{@code buildings}: {@link #BUILDINGS}; polygonal buildings only, as MULTIPOLYGON, {@code ordinal}
 *       the position in the community's {@code buildings} layer;</li>
 *   <li>{@code pipes}: {@link #PIPES}; pipes of {@link CoverageOptions#pipeKinds()} with a line geometry
 *       of length &gt; 0, reduced to their line parts of length &gt; 0 (the parts the single-machine
 *       segment index holds), {@code ordinal} counting the selected pipes in layer order, which decides
 *       ties between equally near pipes;</li>
 *   <li>{@code roads}: {@link #ROADS}; the lines of {@link RoadDistances#roadLines}, in layer order;</li>
 *   <li>{@code zones}: {@link #ZONES}; polygonal zones with their display name (name, else code, else the
 *       bundle's "unnamed" text), {@code ordinal} in layer order, the first covering zone wins.</li>
 * </ul>
 * The three people columns of a building hold the raw attribute values ({@code households} and
 * {@code residents} as numbers, null when missing or not numeric), so the estimate runs in Spark.
 *
 * @param buildings building rows
 * @param pipes selected pipe rows
 * @param roads road line rows
 * @param zones zone rows
 * @param dems ground levels per community, for {@code served_gravity}; communities without a DEM are absent
 */
public record CoverageTables(Dataset<Row> buildings, Dataset<Row> pipes, Dataset<Row> roads, Dataset<Row> zones,
        Map<String, SerializableRaster> dems) {

    /** Schema of {@link #buildings()}. */
    public static final StructType BUILDINGS = new StructType()
            .add("community", DataTypes.StringType, false)
            .add("ordinal", DataTypes.LongType, false)
            .add("building_id", DataTypes.LongType, false)
            .add("wkb", DataTypes.BinaryType, false)
            .add("households_attr", DataTypes.DoubleType, true)
            .add("residents_attr", DataTypes.DoubleType, true)
            .add("building", DataTypes.StringType, true);

    /**
     * Schema of {@link #pipes()}: the fields {@code GravityConnection} reads besides the geometry.
     * {@code source_wkb} is the pipe's own geometry where {@code wkb} dropped parts of length 0 from it,
     * else null; the per-community step uses it so that pipe inverts are found on the same line.
     */
    public static final StructType PIPES = new StructType()
            .add("community", DataTypes.StringType, false)
            .add("ordinal", DataTypes.LongType, false)
            .add("pipe_id", DataTypes.LongType, false)
            .add("wkb", DataTypes.BinaryType, false)
            .add("source_wkb", DataTypes.BinaryType, true)
            .add("kind", DataTypes.StringType, false)
            .add("network", DataTypes.StringType, false)
            .add("up_invert_m", DataTypes.DoubleType, true)
            .add("down_invert_m", DataTypes.DoubleType, true)
            .add("diameter_mm", DataTypes.DoubleType, true);

    /** Schema of {@link #roads()}. */
    public static final StructType ROADS = new StructType()
            .add("community", DataTypes.StringType, false)
            .add("ordinal", DataTypes.LongType, false)
            .add("wkb", DataTypes.BinaryType, false);

    /** Schema of {@link #zones()}. */
    public static final StructType ZONES = new StructType()
            .add("community", DataTypes.StringType, false)
            .add("ordinal", DataTypes.LongType, false)
            .add("name", DataTypes.StringType, false)
            .add("wkb", DataTypes.BinaryType, false);

    /**
     * Builds the tables from communities held in this JVM. Skipped features produce the same
     * {@link Diagnostics} warnings as {@code CoverageAnalysis.run}.
     *
     * @throws CgisException for the first community whose layers {@code CoverageAnalysis} rejects (missing
     *         buildings or pipes, no pipe of the chosen kinds, differing CRSs); call
     *         {@link #check(CommunityInput, CoverageOptions)} per community first to fail only those
     */
    public static CoverageTables of(SparkSession spark, List<CommunityInput> communities, CoverageOptions options,
            Diagnostics diagnostics) {
        List<Row> buildings = new ArrayList<>();
        List<Row> pipes = new ArrayList<>();
        List<Row> roads = new ArrayList<>();
        List<Row> zones = new ArrayList<>();
        Map<String, SerializableRaster> dems = new HashMap<>();
        WKBWriter wkb = new WKBWriter();
        for (CommunityInput community : communities) {
            check(community, options);
            String key = community.id();
            addBuildings(key, community.buildings(), wkb, buildings, diagnostics);
            addPipes(key, community.pipes(), options, wkb, pipes, diagnostics);
            community.roads().ifPresent(layer -> addRoads(key, layer, options, wkb, roads, diagnostics));
            community.zones().ifPresent(layer -> addZones(key, layer, wkb, zones, diagnostics));
            community.dem().ifPresent(dem -> dems.put(key, SerializableRaster.of(dem)));
        }
        return new CoverageTables(spark.createDataFrame(buildings, BUILDINGS), spark.createDataFrame(pipes, PIPES),
                spark.createDataFrame(roads, ROADS), spark.createDataFrame(zones, ZONES), Map.copyOf(dems));
    }

    /**
     * Checks a community's layers as {@code CoverageAnalysis.run} does before it computes anything.
     *
     * @throws CgisException with the same message keys: {@code coverage.noBuildings},
     *         {@code coverage.noPipes}, {@code network.crsMismatch}, {@code coverage.noPipesOfKinds}
     */
    public static void check(CommunityInput community, CoverageOptions options) {
        FeatureLayer buildings = community.buildings();
        FeatureLayer pipes = community.pipes();
        if (buildings == null) {
            throw new CgisException(NetworkMessages.BUNDLE, "coverage.noBuildings");
        }
        if (pipes == null || pipes.size() == 0) {
            throw new CgisException(NetworkMessages.BUNDLE, "coverage.noPipes", NetworkLayers.PIPES);
        }
        String crs = buildings.crs();
        checkSameCrs(buildings.name(), crs, pipes.name(), pipes.crs());
        community.roads().ifPresent(layer -> checkSameCrs(buildings.name(), crs, layer.name(), layer.crs()));
        community.zones().ifPresent(layer -> checkSameCrs(buildings.name(), crs, layer.name(), layer.crs()));
        community.facilities().ifPresent(layer -> checkSameCrs(buildings.name(), crs, layer.name(), layer.crs()));
        community.dem().ifPresent(dem -> checkSameCrs(buildings.name(), crs, "dem", dem.grid().crs()));

        Set<String> requested = requestedKinds(options);
        Set<String> kindsFound = new TreeSet<>();
        for (Feature pipe : pipes.features()) {
            String kind = text(pipe.get("kind")).toLowerCase(Locale.ROOT);
            kindsFound.add(kind.isEmpty() ? "\"\"" : kind);
            if (requested.contains(kind) && isUsableLine(pipe.geometry())) {
                return;
            }
        }
        throw new CgisException(NetworkMessages.BUNDLE, "coverage.noPipesOfKinds", pipes.name(),
                String.join(", ", requested), String.join(", ", kindsFound));
    }

    /** Creates the temporary views {@code cgis_buildings}, {@code cgis_pipes}, {@code cgis_roads}, {@code cgis_zones}. */
    void registerViews() {
        buildings.createOrReplaceTempView("cgis_buildings");
        pipes.createOrReplaceTempView("cgis_pipes");
        roads.createOrReplaceTempView("cgis_roads");
        zones.createOrReplaceTempView("cgis_zones");
    }

    private static void addBuildings(String key, FeatureLayer layer, WKBWriter wkb, List<Row> rows,
            Diagnostics diagnostics) {
        long ordinal = 0;
        for (Feature building : layer.features()) {
            MultiPolygon polygon = asMultiPolygon(building.geometry());
            if (polygon == null) {
                diagnostics.warn(NetworkMessages.BUNDLE, "coverage.badBuilding", building.id(),
                        typeName(building.geometry()));
            } else {
                rows.add(RowFactory.create(key, ordinal, building.id(), wkb.write(polygon),
                        number(building, "households"), number(building, "residents"),
                        building.get("building") == null ? null : building.get("building").toString()));
            }
            ordinal++;
        }
    }

    private static void addPipes(String key, FeatureLayer layer, CoverageOptions options, WKBWriter wkb,
            List<Row> rows, Diagnostics diagnostics) {
        Set<String> requested = requestedKinds(options);
        long ordinal = 0;
        for (Feature pipe : layer.features()) {
            String kind = text(pipe.get("kind")).toLowerCase(Locale.ROOT);
            if (!requested.contains(kind)) {
                continue;
            }
            Geometry geometry = pipe.geometry();
            if (!isUsableLine(geometry)) {
                diagnostics.warn(NetworkMessages.BUNDLE, "coverage.badPipe", pipe.id(), typeName(geometry));
                continue;
            }
            Geometry parts = lineParts(geometry);
            rows.add(RowFactory.create(key, ordinal++, pipe.id(), wkb.write(parts),
                    parts == geometry ? null : wkb.write(geometry), kind,
                    text(pipe.get("network")), number(pipe, "up_invert_m"), number(pipe, "down_invert_m"),
                    number(pipe, "diameter_mm")));
        }
    }

    private static void addRoads(String key, FeatureLayer layer, CoverageOptions options, WKBWriter wkb,
            List<Row> rows, Diagnostics diagnostics) {
        long ordinal = 0;
        for (LineString line : RoadDistances.roadLines(layer, options.roadClasses(), diagnostics)) {
            rows.add(RowFactory.create(key, ordinal++, wkb.write(line)));
        }
    }

    private static void addZones(String key, FeatureLayer layer, WKBWriter wkb, List<Row> rows,
            Diagnostics diagnostics) {
        long ordinal = 0;
        for (Feature zone : layer.features()) {
            MultiPolygon polygon = asMultiPolygon(zone.geometry());
            if (polygon == null) {
                diagnostics.warn(NetworkMessages.BUNDLE, "coverage.badZone", zone.id(), typeName(zone.geometry()));
                continue;
            }
            rows.add(RowFactory.create(key, ordinal++, zoneName(zone), wkb.write(polygon)));
        }
    }

    /** Returns the zone's display name as {@code coverage_buildings.zone} shows it. */
    static String zoneName(Feature zone) {
        String name = text(zone.get("name"));
        if (name.isEmpty()) {
            name = text(zone.get("code"));
        }
        if (name.isEmpty()) {
            name = NetworkMessages.BUNDLE.format("coverage.zone.unnamed", zone.id());
        }
        return name;
    }

    static Set<String> requestedKinds(CoverageOptions options) {
        Set<String> requested = new TreeSet<>();
        options.pipeKinds().forEach(kind -> requested.add(kind.toLowerCase(Locale.ROOT)));
        return requested;
    }

    static boolean isUsableLine(Geometry geometry) {
        return geometry != null && !geometry.isEmpty() && geometry.getDimension() == 1 && geometry.getLength() > 0;
    }

    /**
     * Returns the LineString parts of {@code geometry} with length &gt; 0, as one LineString or a
     * MultiLineString. Its distance to any geometry equals the distance to the nearest of the segments that
     * {@code CoverageAnalysis} indexes for the pipe.
     */
    static Geometry lineParts(Geometry geometry) {
        if (geometry instanceof LineString) {
            return geometry;
        }
        List<LineString> parts = new ArrayList<>();
        for (int i = 0; i < geometry.getNumGeometries(); i++) {
            if (geometry.getGeometryN(i) instanceof LineString line && line.getLength() > 0) {
                parts.add(line);
            }
        }
        if (parts.size() == geometry.getNumGeometries() && geometry instanceof MultiLineString) {
            return geometry;
        }
        return parts.size() == 1 ? parts.get(0)
                : geometry.getFactory().createMultiLineString(parts.toArray(new LineString[0]));
    }

    /** Returns a polygonal geometry as a MultiPolygon, or null for other and empty geometries. */
    static MultiPolygon asMultiPolygon(Geometry geometry) {
        if (geometry == null || geometry.isEmpty()) {
            return null;
        }
        if (geometry instanceof MultiPolygon multi) {
            return multi;
        }
        if (geometry instanceof Polygon polygon) {
            return geometry.getFactory().createMultiPolygon(new Polygon[] {polygon});
        }
        return null;
    }

    /** Returns the attribute as {@link Feature#getDouble} reads it, or null when it is missing or not a number. */
    private static Double number(Feature feature, String field) {
        double value = feature.getDouble(field, Double.NaN);
        return Double.isNaN(value) ? null : value;
    }

    /** Returns the text of {@code value} trimmed, or "" for null, as the network module reads text fields. */
    static String text(Object value) {
        return value == null ? "" : value.toString().trim();
    }

    private static String typeName(Geometry geometry) {
        return geometry == null ? "null" : geometry.getGeometryType();
    }

    private static void checkSameCrs(String layerName, String layerCrs, String otherName, String otherCrs) {
        if (layerCrs != null && otherCrs != null && !layerCrs.isBlank() && !otherCrs.isBlank()
                && !layerCrs.equalsIgnoreCase(otherCrs)) {
            throw new CgisException(NetworkMessages.BUNDLE, "network.crsMismatch", layerName, layerCrs, otherName,
                    otherCrs);
        }
    }
}
