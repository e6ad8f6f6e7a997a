package org.communitygis.report.batch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.network.CoverageOptions;
import org.communitygis.network.PipeGradientCheck;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.operation.union.UnaryUnionOp;

/**
 * Derives the {@link BatchTables} rows of one community from its {@code coverage_buildings} rows and
 * its other layers. Only this class turns engine output into table rows, so equal rows give equal tables
 * whichever engine computed them.
 */
final class CommunityTables {
    private CommunityTables() {
    }

    static CommunityResult derive(LoadedCommunity loaded, FeatureLayer coverage, CoverageOptions options) {
        CommunityInput input = loaded.input();
        String id = input.id();
        boolean hasDem = input.dem().isPresent();
        Map<String, Table> tables = new LinkedHashMap<>();
        for (String name : BatchTables.NAMES) {
            tables.put(name, BatchTables.create(name));
        }

        // Zones: households by coverage method, in the order of the zones layer, buildings outside every zone last.
        Map<String, long[]> zoneSums = new LinkedHashMap<>();
        Map<String, Geometry> zoneShapes = new HashMap<>();
        input.zones().ifPresent(zones -> {
            for (Feature zone : zones.features()) {
                String name = zoneName(zone);
                if (name.isEmpty()) {
                    continue;
                }
                zoneSums.putIfAbsent(name, new long[7]);
                zoneShapes.putIfAbsent(name, zone.geometry());
            }
        });
        List<Geometry> outside = new ArrayList<>();
        for (Feature row : coverage.features()) {
            String zone = row.getString("zone") == null ? "" : row.getString("zone");
            long households = row.getLong("households", 0);
            long[] s = zoneSums.computeIfAbsent(zone, key -> new long[7]);
            s[0]++;
            s[1] += households;
            s[2] += row.getLong("residents", 0);
            s[3] += Boolean.TRUE.equals(row.get("served_buffer")) ? households : 0;
            s[4] += Boolean.TRUE.equals(row.get("served_road")) ? households : 0;
            s[5] += Boolean.TRUE.equals(row.get("served_gravity")) ? households : 0;
            s[6] += Boolean.TRUE.equals(row.get("served")) ? households : 0;
            if (!zoneShapes.containsKey(zone) && row.geometry() != null) {
                outside.add(row.geometry());
            }
        }
        if (zoneSums.containsKey("")) {
            long[] last = zoneSums.remove("");
            zoneSums.put("", last);
            if (!outside.isEmpty()) {
                zoneShapes.put("", UnaryUnionOp.union(outside).convexHull());
            }
        }
        Table zoneTable = tables.get(BatchTables.ZONES);
        long[] total = new long[7];
        for (Map.Entry<String, long[]> entry : zoneSums.entrySet()) {
            long[] s = entry.getValue();
            for (int i = 0; i < total.length; i++) {
                total[i] += s[i];
            }
            zoneTable.add(zoneShapes.get(entry.getKey()), id, input.name(), entry.getKey(), s[0], s[1], s[2], s[3], s[4],
                    hasDem ? s[5] : null, s[6], share(s[6], s[1]), s[1] - s[6]);
        }

        // Unserved buildings with households.
        Table unserved = tables.get(BatchTables.UNSERVED);
        List<Feature> unservedRows = new ArrayList<>();
        for (Feature row : coverage.features()) {
            if (!Boolean.TRUE.equals(row.get("served")) && row.getLong("households", 0) > 0) {
                unservedRows.add(row);
            }
        }
        unservedRows.sort(Comparator.comparing((Feature f) -> f.getString("zone") == null ? "" : f.getString("zone"))
                .thenComparingDouble(f -> f.getDouble("pipe_distance_m", Double.MAX_VALUE))
                .thenComparingLong(f -> f.getLong("building_id", f.id())));
        for (Feature row : unservedRows) {
            unserved.add(row.geometry(), id, row.getString("zone"), row.getLong("building_id", row.id()),
                    row.getLong("households", 0), row.getLong("residents", 0), real(row, "pipe_distance_m"),
                    real(row, "road_distance_m"), row.get("nearest_pipe_id") == null ? null
                            : row.getLong("nearest_pipe_id", 0), row.get("served_gravity"));
        }

        // Network length by pipe kind.
        Map<String, double[]> byKind = new TreeMap<>();
        for (Feature pipe : input.pipes().features()) {
            if (pipe.geometry() == null) {
                continue;
            }
            String kind = pipe.getString("kind") == null ? "" : pipe.getString("kind").trim().toLowerCase(Locale.ROOT);
            double[] sum = byKind.computeIfAbsent(kind, key -> new double[2]);
            sum[0]++;
            sum[1] += pipe.geometry().getLength();
        }
        Table network = tables.get(BatchTables.NETWORK);
        byKind.forEach((kind, sum) -> network.add(id, kind, (long) sum[0], sum[1]));
        double sewerLength = 0;
        for (String kind : options.pipeKinds()) {
            sewerLength += byKind.getOrDefault(kind.toLowerCase(Locale.ROOT), new double[2])[1];
        }

        // Treatment capacity use.
        Table facilities = tables.get(BatchTables.FACILITIES);
        Double maxLoad = null;
        if (input.facilities().isPresent()) {
            for (FacilityUse.Use use : FacilityUse.compute(coverage, input.pipes(), input.facilities().get(), options)) {
                Feature f = use.facility();
                facilities.add(f.geometry(), id, f.getString("name"), text(f.get("kind")), text(f.get("network")),
                        use.connectedHouseholds(), use.connectedResidents(), use.designFlowM3PerDay(),
                        use.capacityHouseholds(), use.capacityM3PerDay(), use.loadPct(), use.flag());
                if (use.loadPct() != null && (maxLoad == null || use.loadPct() > maxLoad)) {
                    maxLoad = use.loadPct();
                }
            }
        }

        // Road condition: damage zone length by PCI grade and severity, each zone once (its first piece).
        long damageZones = 0;
        if (loaded.damageZones().isPresent()) {
            Map<Object, Feature> first = new LinkedHashMap<>();
            Map<Object, Double> lengths = new HashMap<>();
            for (Feature piece : loaded.damageZones().get().features()) {
                Object key = piece.get("route_zone") != null ? piece.getLong("route_zone", 0) : (Object) piece.id();
                first.putIfAbsent(key, piece);
                lengths.merge(key, piece.getDouble("length_m", 0), Double::sum);
            }
            Map<String, double[]> byGrade = new TreeMap<>(Comparator.comparingInt(CommunityTables::gradeOrder)
                    .thenComparing(Comparator.naturalOrder()));
            for (Map.Entry<Object, Feature> entry : first.entrySet()) {
                Feature zone = entry.getValue();
                String grade = zone.getString("pci_grade");
                if (grade == null || grade.isBlank()) {
                    grade = loaded.pciSurveyed() ? BatchTables.GRADE_NOT_SURVEYED : BatchTables.GRADE_NO_SURVEY;
                }
                double from = zone.getDouble("route_from_m", Double.NaN);
                double to = zone.getDouble("route_to_m", Double.NaN);
                double length = Double.isNaN(from) || Double.isNaN(to) ? lengths.get(entry.getKey()) : to - from;
                double[] sum = byGrade.computeIfAbsent(grade + "\u0000" + zone.getLong("severity", 0), key -> new double[2]);
                sum[0]++;
                sum[1] += length;
            }
            Table condition = tables.get(BatchTables.ROAD_CONDITION);
            byGrade.forEach((key, sum) -> {
                String[] parts = key.split("\u0000");
                condition.add(id, parts[0], Long.parseLong(parts[1]), (long) sum[0], sum[1]);
            });
            damageZones = first.size();
        }

        // Drainage findings: links flagged by the gradient check.
        long reverse = 0;
        long tooFlat = 0;
        Table drainage = tables.get(BatchTables.DRAINAGE);
        if (loaded.pipeGradients().isPresent()) {
            for (Feature link : loaded.pipeGradients().get().features()) {
                String flag = link.getString("flag");
                if (flag == null || PipeGradientCheck.OK.equals(flag)) {
                    continue;
                }
                reverse += PipeGradientCheck.REVERSE.equals(flag) ? 1 : 0;
                tooFlat += PipeGradientCheck.TOO_FLAT.equals(flag) ? 1 : 0;
                double gradient = "inverts".equals(link.getString("gradient_source"))
                        ? link.getDouble("invert_gradient_permille", Double.NaN)
                        : link.getDouble("ground_gradient_permille", Double.NaN);
                drainage.add(link.geometry(), id, link.getLong("pipe_id", link.id()), link.getString("name"),
                        link.getString("kind"), flag, gradient, real(link, "min_gradient_permille"),
                        real(link, "length_m"), link.getString("message"));
            }
        }

        tables.get(BatchTables.COMMUNITIES).add(id, input.name(), (long) zoneTable.rows.size(), total[0], total[1],
                total[2], total[6], share(total[6], total[1]), share(total[3], total[1]), share(total[4], total[1]),
                hasDem ? share(total[5], total[1]) : null, total[1] - total[6], sewerLength, maxLoad, damageZones,
                loaded.pciSurveyed(), reverse, tooFlat);
        return new CommunityResult(id, input.name(), tables, hasDem, loaded.roadResultsStored(), coverage.crs());
    }

    /** Returns the zone name as {@code CoverageAnalysis} assigns it: the name, else the code, else "". */
    private static String zoneName(Feature zone) {
        String name = text(zone.get("name"));
        return name.isEmpty() ? text(zone.get("code")) : name;
    }

    /**
     * Orders PCI grades best first: 优 良 中 次 差 (CJJ 36 / JTG 5210 Chinese labels), then A–D, other labels,
     * then zones without a grade ({@link BatchTables#GRADE_NOT_SURVEYED}, {@link BatchTables#GRADE_NO_SURVEY}).
     */
    private static int gradeOrder(String key) {
        String grade = key.substring(0, key.indexOf('\u0000'));
        int chinese = "优良中次差".indexOf(grade);
        if (grade.length() == 1 && chinese >= 0) {
            return chinese;
        }
        int latin = "ABCD".indexOf(grade);
        if (grade.length() == 1 && latin >= 0) {
            return 10 + latin;
        }
        return grade.equals(BatchTables.GRADE_NOT_SURVEYED) || grade.equals(BatchTables.GRADE_NO_SURVEY) ? 30 : 20;
    }

    private static Double share(long part, long whole) {
        return whole == 0 ? null : 100.0 * part / whole;
    }

    private static Double real(Feature f, String field) {
        double value = f.getDouble(field, Double.NaN);
        return Double.isNaN(value) ? null : value;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString().trim();
    }
}
