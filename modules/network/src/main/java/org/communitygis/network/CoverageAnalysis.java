package org.communitygis.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.raster.Raster;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiPolygon;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sewage service coverage of buildings: distance to the nearest pipe, path length along the roads, zone
 * totals and treatment facility loads.
 *
 * <p>Per building (layer {@code coverage_buildings}):
 * <ul>
 *   <li>{@code pipe_distance_m}: distance from the building polygon to the nearest pipe line of the
 *       chosen kinds (0 when they touch), and {@code served_buffer} when it is at most
 *       {@link CoverageOptions#bufferM()};</li>
 *   <li>{@code road_distance_m}: building → nearest road point (straight), then the shortest path along
 *       the roads, then road → pipe (straight), to the pipe access point that makes the sum smallest.
 *       Pipe access points are the pipes' crossings with roads (0 m off the road) and the road points
 *       nearest to each pipe vertex and to points every {@link CoverageOptions#pipeSampleSpacingM()}
 *       along the pipes ({@link RoadDistances}). Null when no road path exists. {@code served_road} when
 *       at most {@link CoverageOptions#roadDistanceM()};</li>
 *   <li>{@code served}: {@code served_buffer} or {@code served_road}. A house drain can be laid straight
 *       to a pipe within the buffer distance, or along a road to one further away, so either way serves
 *       it. {@code served_gravity} (below) is reported beside it and does not change it;</li>
 *   <li>{@code households}: the building's {@code households} when present and ≥ 0, else 1 for the
 *       residential types of {@link CoverageOptions#residentialTypes()} and 0 otherwise;
 *       {@code residents}: the building's {@code residents} when present and ≥ 0, else
 *       households × {@link CoverageOptions#personsPerHousehold()} rounded to a whole number;</li>
 *   <li>{@code zone}: name (else code) of the first zone polygon containing the building's centroid, ""
 *       outside every zone; {@code network}: the nearest pipe's {@code network}.</li>
 * </ul>
 *
 * <p>{@code coverage_zones} has one row per zone and a row with zone "" for buildings outside every zone
 * (only when there are any), which carries the convex hull of those buildings. Totals are the sums of
 * the rows.
 * {@code coverage_facilities} is described in {@link FacilityLoads}.
 *
 * <p>Buildings and zones that are not polygons, and pipes or roads that are not lines, are skipped with a
 * {@link Diagnostics} warning. All layers must share one CRS in metres.
 */
public final class CoverageAnalysis {
    private static final Logger LOG = LoggerFactory.getLogger(CoverageAnalysis.class);

    private CoverageAnalysis() {
    }

    /**
     * Runs the analysis.
     *
     * @param buildings the {@code buildings} layer
     * @param pipes the {@code pipes} layer; null when the project has none
     * @param roads the {@code roads} layer, for {@code road_distance_m}
     * @param zones the {@code zones} layer, for the zone column and {@code coverage_zones}
     * @param facilities the {@code facilities} layer, for {@code coverage_facilities}
     * @param options thresholds and estimates
     * @param progress receives one step per phase
     * @param diagnostics receives warnings about skipped features
     * @throws CgisException when buildings or pipes are missing, no pipe has one of the chosen kinds, or
     *         the layers' CRSs differ
     */
    public static CoverageResult run(FeatureLayer buildings, FeatureLayer pipes, Optional<FeatureLayer> roads,
            Optional<FeatureLayer> zones, Optional<FeatureLayer> facilities, CoverageOptions options,
            Progress progress, Diagnostics diagnostics) {
        return run(buildings, pipes, roads, zones, facilities, Optional.empty(), GradientRules.defaults(), options,
                progress, diagnostics);
    }

    /**
     * Runs the analysis with a DEM, which adds {@code served_gravity}: whether the building can drain into
     * its nearest pipe by gravity ({@link GravityConnection}); null without a DEM or where a level is
     * unknown. {@code served} does not depend on it.
     *
     * @param dem ground levels, m, in the buildings' CRS
     * @param rules the house drain and cover figures
     * @see #run(FeatureLayer, FeatureLayer, Optional, Optional, Optional, CoverageOptions, Progress, Diagnostics)
     */
    public static CoverageResult run(FeatureLayer buildings, FeatureLayer pipes, Optional<FeatureLayer> roads,
            Optional<FeatureLayer> zones, Optional<FeatureLayer> facilities, Optional<Raster> dem, GradientRules rules,
            CoverageOptions options, Progress progress, Diagnostics diagnostics) {
        long started = System.nanoTime();
        if (buildings == null) {
            throw new CgisException(NetworkMessages.BUNDLE, "coverage.noBuildings");
        }
        if (pipes == null || pipes.size() == 0) {
            throw new CgisException(NetworkMessages.BUNDLE, "coverage.noPipes", NetworkLayers.PIPES);
        }
        String crs = buildings.crs();
        PipeGradientCheck.checkSameCrs(buildings.name(), crs, pipes.name(), pipes.crs());
        roads.ifPresent(layer -> PipeGradientCheck.checkSameCrs(buildings.name(), crs, layer.name(), layer.crs()));
        zones.ifPresent(layer -> PipeGradientCheck.checkSameCrs(buildings.name(), crs, layer.name(), layer.crs()));
        facilities.ifPresent(layer -> PipeGradientCheck.checkSameCrs(buildings.name(), crs, layer.name(), layer.crs()));
        dem.ifPresent(raster -> PipeGradientCheck.checkSameCrs(buildings.name(), crs, "dem", raster.grid().crs()));

        GeometryFactory factory = new GeometryFactory();
        PipeSet pipeSet = PipeSet.select(pipes, options, factory, diagnostics);

        progress.begin(NetworkMessages.BUNDLE.format("coverage.step.buildings"), buildings.size());
        List<BuildingRow> rows = new ArrayList<>(buildings.size());
        for (Feature building : buildings.features()) {
            MultiPolygon polygon = NetworkLayers.asMultiPolygon(building.geometry());
            if (polygon == null) {
                diagnostics.warn(NetworkMessages.BUNDLE, "coverage.badBuilding", building.id(),
                        building.geometry() == null ? "null" : building.geometry().getGeometryType());
                continue;
            }
            BuildingRow row = new BuildingRow(building, polygon);
            estimatePeople(row, building, options);
            SegmentIndex.Hit hit = pipeSet.segments.nearest(polygon);
            row.pipe = pipeSet.segments.owner(hit.segment());
            row.pipeDistance = hit.distance();
            rows.add(row);
            if (rows.size() % 1000 == 0) {
                progress.worked(rows.size());
            }
        }
        progress.end();

        boolean haveRoads = roadDistances(rows, pipeSet, roads, options, progress, diagnostics);
        ZoneSummary zoneSummary = zones.map(layer -> ZoneSummary.assign(layer, rows, diagnostics)).orElse(null);

        FeatureLayer out = new FeatureLayer(NetworkLayers.COVERAGE_BUILDINGS, GeometryKind.MULTIPOLYGON, crs,
                NetworkLayers.COVERAGE_BUILDINGS_FIELDS);
        for (BuildingRow row : rows) {
            row.servedBuffer = row.pipeDistance <= options.bufferM();
            row.servedRoad = row.roadDistance <= options.roadDistanceM();
            row.served = row.servedBuffer || (haveRoads && row.servedRoad);
            Feature feature = new Feature(row.source.id(), row.polygon);
            feature.set("building_id", row.source.id());
            feature.set("zone", row.zone);
            feature.set("households", row.households);
            feature.set("residents", row.residents);
            feature.set("nearest_pipe_id", pipeSet.features.get(row.pipe).id());
            feature.set("pipe_distance_m", row.pipeDistance);
            feature.set("served_buffer", row.servedBuffer);
            feature.set("road_distance_m", Double.isFinite(row.roadDistance) ? row.roadDistance : null);
            feature.set("served_road", row.servedRoad);
            feature.set("served", row.served);
            feature.set("network", NetworkLayers.text(pipeSet.features.get(row.pipe).get("network")));
            feature.set("served_gravity", dem.map(raster -> GravityConnection.feasible(row.polygon,
                    pipeSet.features.get(row.pipe), raster, rules)).orElse(null));
            out.add(feature);
        }

        Optional<FeatureLayer> zoneLayer = Optional.ofNullable(zoneSummary)
                .map(summary -> summary.layer(rows, crs, factory));
        Optional<FeatureLayer> facilityLayer = facilities
                .flatMap(layer -> FacilityLoads.compute(layer, pipeSet, rows, options, factory, diagnostics));
        LOG.info("Coverage of {} buildings by {} pipes ({} road network) in {} ms", rows.size(),
                pipeSet.features.size(), haveRoads ? "with" : "without", (System.nanoTime() - started) / 1_000_000);
        return new CoverageResult(out, zoneLayer, facilityLayer);
    }

    private static void estimatePeople(BuildingRow row, Feature building, CoverageOptions options) {
        long households = building.getLong("households", -1);
        if (households < 0) {
            String type = NetworkLayers.text(building.get("building")).toLowerCase(Locale.ROOT);
            households = options.residentialTypes().contains(type) ? 1 : 0;
        }
        long residents = building.getLong("residents", -1);
        if (residents < 0) {
            residents = Math.round(households * options.personsPerHousehold());
        }
        row.households = households;
        row.residents = residents;
    }

    /**
     * Fills {@link BuildingRow#roadDistance} with {@link RoadDistances}; returns false (and leaves +∞) when no
     * usable road exists.
     */
    private static boolean roadDistances(List<BuildingRow> rows, PipeSet pipeSet, Optional<FeatureLayer> roads,
            CoverageOptions options, Progress progress, Diagnostics diagnostics) {
        if (roads.isEmpty()) {
            return false;
        }
        List<LineString> lines = RoadDistances.roadLines(roads.get(), options.roadClasses(), diagnostics);
        List<MultiPolygon> polygons = new ArrayList<>(rows.size());
        rows.forEach(row -> polygons.add(row.polygon));
        Optional<double[]> distances = RoadDistances.compute(polygons, pipeSet.lines, lines,
                options.pipeSampleSpacingM(), progress);
        if (distances.isEmpty()) {
            return false;
        }
        for (int i = 0; i < rows.size(); i++) {
            rows.get(i).roadDistance = distances.get()[i];
        }
        return true;
    }

    /** The pipes of the chosen kinds, their lines and a segment index over them. */
    static final class PipeSet {
        final List<Feature> features = new ArrayList<>();
        final List<LineString> lines = new ArrayList<>();
        final SegmentIndex segments;

        private PipeSet(GeometryFactory factory) {
            segments = new SegmentIndex(factory);
        }

        static PipeSet select(FeatureLayer pipes, CoverageOptions options, GeometryFactory factory,
                Diagnostics diagnostics) {
            PipeSet set = new PipeSet(factory);
            Set<String> kindsFound = new TreeSet<>();
            Set<String> requested = new TreeSet<>();
            options.pipeKinds().forEach(kind -> requested.add(kind.toLowerCase(Locale.ROOT)));
            for (Feature pipe : pipes.features()) {
                String kind = NetworkLayers.text(pipe.get("kind")).toLowerCase(Locale.ROOT);
                kindsFound.add(kind.isEmpty() ? "\"\"" : kind);
                if (!requested.contains(kind)) {
                    continue;
                }
                Geometry geometry = pipe.geometry();
                if (geometry == null || geometry.isEmpty() || geometry.getDimension() != 1
                        || !(geometry.getLength() > 0)) {
                    diagnostics.warn(NetworkMessages.BUNDLE, "coverage.badPipe", pipe.id(),
                            geometry == null ? "null" : geometry.getGeometryType());
                    continue;
                }
                int owner = set.features.size();
                set.features.add(pipe);
                for (int i = 0; i < geometry.getNumGeometries(); i++) {
                    if (geometry.getGeometryN(i) instanceof LineString line && line.getLength() > 0) {
                        set.lines.add(line);
                        set.segments.add(line, owner);
                    }
                }
            }
            if (set.features.isEmpty()) {
                throw new CgisException(NetworkMessages.BUNDLE, "coverage.noPipesOfKinds", pipes.name(),
                        String.join(", ", requested), String.join(", ", kindsFound));
            }
            set.segments.build();
            return set;
        }
    }

    /** One building's working values. */
    static final class BuildingRow {
        final Feature source;
        final MultiPolygon polygon;
        long households;
        long residents;
        int pipe;
        double pipeDistance;
        double roadDistance = Double.POSITIVE_INFINITY;
        boolean servedBuffer;
        boolean servedRoad;
        boolean served;
        String zone = "";

        BuildingRow(Feature source, MultiPolygon polygon) {
            this.source = source;
            this.polygon = polygon;
        }
    }
}
