package org.communitygis.report.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.raster.Raster;
import org.communitygis.network.CoverageOptions;
import org.communitygis.network.GradientRules;
import org.communitygis.network.GravityConnection;
import org.communitygis.network.RoadDistances;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;

/**
 * The part of the coverage that is a graph search or reads a DEM, run for one community inside a Spark
 * task: {@code road_distance_m} (building → road → along the roads → pipe) and {@code served_gravity}.
 *
 * <p>{@code road_distance_m} comes from {@link RoadDistances#compute} and {@code served_gravity} from
 * {@link GravityConnection#feasible} with the nearest pipe that the Sedona join found, the same calls that
 * {@code CoverageAnalysis.run} makes. Buildings, pipes and roads are sorted by their ordinal first, because
 * the road graph numbers its split nodes in the order the lines come.
 *
 * <p>Instances are shipped to executors by Java serialization, so they hold only serializable values.
 */
final class CommunityPaths implements Serializable {
    private static final long serialVersionUID = 2L;

    /** Schema of the rows {@link #compute} returns. */
    static final StructType RESULT = new StructType()
            .add("community", DataTypes.StringType, false)
            .add("ordinal", DataTypes.LongType, false)
            .add("road_distance_m", DataTypes.DoubleType, true)
            .add("served_gravity", DataTypes.BooleanType, true);

    private final double pipeSampleSpacingM;
    private final Map<String, SerializableRaster> dems;

    CommunityPaths(CoverageOptions options, Map<String, SerializableRaster> dems) {
        this.pipeSampleSpacingM = options.pipeSampleSpacingM();
        this.dems = dems;
    }

    /**
     * Returns one {@link #RESULT} row per building of the community, or none when it has neither roads nor
     * a DEM, so that both columns stay null.
     *
     * @param buildings rows with {@code ordinal}, {@code wkb} and {@code pipe_ordinal} (the nearest pipe)
     * @param pipes rows of {@link CoverageTables#PIPES}
     * @param roads rows with {@code ordinal} and {@code wkb}
     */
    List<Row> compute(String community, Iterable<Row> buildings, Iterable<Row> pipes, Iterable<Row> roads) {
        boolean hasRoads = roads.iterator().hasNext();
        if (!hasRoads && !dems.containsKey(community)) {
            return List.of();
        }
        WKBReader reader = new WKBReader();
        List<Row> buildingRows = sorted(buildings);
        List<Geometry> polygons = new ArrayList<>(buildingRows.size());
        for (Row row : buildingRows) {
            polygons.add(read(reader, row.getAs("wkb")));
        }
        List<Row> pipeRows = sorted(pipes);

        double[] roadDistances = null;
        if (hasRoads) {
            List<LineString> roadLines = new ArrayList<>();
            for (Row row : sorted(roads)) {
                roadLines.add((LineString) read(reader, row.getAs("wkb")));
            }
            roadDistances = RoadDistances.compute(polygons, pipeLines(reader, pipeRows), roadLines,
                    pipeSampleSpacingM, Progress.NONE).orElse(null);
        }

        Raster dem = Optional.ofNullable(dems.get(community)).map(SerializableRaster::toRaster).orElse(null);
        Map<Long, Feature> pipeFeatures = dem == null ? Map.of() : pipeFeatures(reader, pipeRows);
        GradientRules rules = GradientRules.defaults();

        List<Row> out = new ArrayList<>(buildingRows.size());
        for (int i = 0; i < buildingRows.size(); i++) {
            Row building = buildingRows.get(i);
            Double roadDistance = roadDistances != null && Double.isFinite(roadDistances[i])
                    ? roadDistances[i] : null;
            Boolean gravity = dem == null ? null : GravityConnection.feasible(polygons.get(i),
                    pipeFeatures.get(building.<Long>getAs("pipe_ordinal")), dem, rules);
            out.add(RowFactory.create(community, building.<Long>getAs("ordinal"), roadDistance, gravity));
        }
        return out;
    }

    /** Returns the line parts of the pipes in ordinal order: the lines {@code CoverageAnalysis} indexes. */
    private static List<LineString> pipeLines(WKBReader reader, List<Row> pipeRows) {
        List<LineString> lines = new ArrayList<>();
        for (Row row : pipeRows) {
            Geometry parts = read(reader, row.getAs("wkb"));
            for (int i = 0; i < parts.getNumGeometries(); i++) {
                if (parts.getGeometryN(i) instanceof LineString line && line.getLength() > 0) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    /** Returns the pipes by ordinal as features with their own geometry and the fields gravity reads. */
    private static Map<Long, Feature> pipeFeatures(WKBReader reader, List<Row> pipeRows) {
        Map<Long, Feature> features = new HashMap<>();
        for (Row row : pipeRows) {
            byte[] source = row.getAs("source_wkb");
            Geometry geometry = read(reader, source != null ? source : row.getAs("wkb"));
            Feature pipe = new Feature(row.<Long>getAs("pipe_id"), geometry);
            pipe.set("up_invert_m", row.getAs("up_invert_m"));
            pipe.set("down_invert_m", row.getAs("down_invert_m"));
            pipe.set("diameter_mm", row.getAs("diameter_mm"));
            features.put(row.<Long>getAs("ordinal"), pipe);
        }
        return features;
    }

    private static List<Row> sorted(Iterable<Row> rows) {
        List<Row> list = new ArrayList<>();
        rows.forEach(list::add);
        list.sort(Comparator.comparingLong(row -> row.<Long>getAs("ordinal")));
        return list;
    }

    private static Geometry read(WKBReader reader, byte[] wkb) {
        try {
            return reader.read(wkb);
        } catch (ParseException e) {
            throw new IllegalStateException("Invalid WKB in a coverage input table: " + e.getMessage(), e);
        }
    }
}
