package org.communitygis.network;

import java.util.ArrayList;
import java.util.List;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.network.CoverageAnalysis.BuildingRow;
import org.locationtech.jts.algorithm.ConvexHull;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Assigns buildings to zones by centroid and sums households and residents per zone for
 * {@code coverage_zones}. Where zones overlap, the first zone in layer order wins.
 */
final class ZoneSummary {
    private final List<Feature> zones = new ArrayList<>();
    private final List<MultiPolygon> polygons = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    /** Zone index per building row, −1 outside every zone. */
    private int[] zoneOfRow;

    private ZoneSummary() {
    }

    /** Sets {@link BuildingRow#zone} of every row and remembers the assignment. */
    static ZoneSummary assign(FeatureLayer layer, List<BuildingRow> rows, Diagnostics diagnostics) {
        ZoneSummary summary = new ZoneSummary();
        STRtree tree = new STRtree();
        for (Feature zone : layer.features()) {
            MultiPolygon polygon = NetworkLayers.asMultiPolygon(zone.geometry());
            if (polygon == null) {
                diagnostics.warn(NetworkMessages.BUNDLE, "coverage.badZone", zone.id(),
                        zone.geometry() == null ? "null" : zone.geometry().getGeometryType());
                continue;
            }
            int index = summary.zones.size();
            summary.zones.add(zone);
            summary.polygons.add(polygon);
            String name = NetworkLayers.text(zone.get("name"));
            if (name.isEmpty()) {
                name = NetworkLayers.text(zone.get("code"));
            }
            if (name.isEmpty()) {
                name = NetworkMessages.BUNDLE.format("coverage.zone.unnamed", zone.id());
            }
            summary.names.add(name);
            tree.insert(polygon.getEnvelopeInternal(), new IndexedZone(index, PreparedGeometryFactory.prepare(polygon)));
        }
        summary.zoneOfRow = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            BuildingRow row = rows.get(i);
            Point centroid = row.polygon.getCentroid();
            int best = -1;
            for (Object item : tree.query(centroid.getEnvelopeInternal())) {
                IndexedZone candidate = (IndexedZone) item;
                if ((best < 0 || candidate.index < best) && candidate.prepared.covers(centroid)) {
                    best = candidate.index;
                }
            }
            summary.zoneOfRow[i] = best;
            row.zone = best < 0 ? "" : summary.names.get(best);
        }
        return summary;
    }

    /**
     * Builds {@code coverage_zones}: one row per zone, then a row with zone "" for buildings outside every zone
     * when there are any. Totals are not a row: they are the sum of the rows.
     */
    FeatureLayer layer(List<BuildingRow> rows, String crs, GeometryFactory factory) {
        int zoneCount = zones.size();
        long[][] sums = new long[zoneCount + 2][5];
        int outside = zoneCount;
        int total = zoneCount + 1;
        List<Coordinate> outsidePoints = new ArrayList<>();
        List<Coordinate> allPoints = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            BuildingRow row = rows.get(i);
            int zone = zoneOfRow[i] < 0 ? outside : zoneOfRow[i];
            add(sums[zone], row);
            add(sums[total], row);
            Coordinate[] coordinates = row.polygon.getCoordinates();
            if (zoneOfRow[i] < 0) {
                outsidePoints.addAll(List.of(coordinates));
            }
            allPoints.addAll(List.of(coordinates));
        }
        for (MultiPolygon polygon : polygons) {
            allPoints.addAll(List.of(polygon.getCoordinates()));
        }

        FeatureLayer layer = new FeatureLayer(NetworkLayers.COVERAGE_ZONES, GeometryKind.MULTIPOLYGON, crs,
                NetworkLayers.COVERAGE_ZONES_FIELDS);
        long id = 1;
        for (int z = 0; z < zoneCount; z++) {
            layer.add(row(id++, polygons.get(z), names.get(z), sums[z]));
        }
        if (sums[outside][0] > 0) {
            layer.add(row(id++, hull(outsidePoints, factory), "", sums[outside]));
        }
        return layer;
    }

    private static void add(long[] sum, BuildingRow row) {
        sum[0]++;
        sum[1] += row.households;
        sum[2] += row.residents;
        if (row.served) {
            sum[3] += row.households;
            sum[4] += row.residents;
        }
    }

    private static Feature row(long id, MultiPolygon geometry, String zone, long[] sum) {
        Feature feature = new Feature(id, geometry);
        feature.set("zone", zone);
        feature.set("buildings", sum[0]);
        feature.set("households", sum[1]);
        feature.set("residents", sum[2]);
        feature.set("served_households", sum[3]);
        feature.set("served_residents", sum[4]);
        feature.set("served_share_pct", sum[1] > 0 ? 100.0 * sum[3] / sum[1] : null);
        feature.set("unserved_households", sum[1] - sum[3]);
        return feature;
    }

    /** Returns the convex hull of {@code points} as a MultiPolygon; a degenerate hull is buffered by 1 m, no points give an empty one. */
    private static MultiPolygon hull(List<Coordinate> points, GeometryFactory factory) {
        if (points.isEmpty()) {
            return factory.createMultiPolygon();
        }
        Geometry hull = new ConvexHull(points.toArray(new Coordinate[0]), factory).getConvexHull();
        if (hull.getDimension() < 2) {
            hull = hull.buffer(1.0);
        }
        return NetworkLayers.asMultiPolygon(hull);
    }

    private record IndexedZone(int index, PreparedGeometry prepared) {
    }
}
