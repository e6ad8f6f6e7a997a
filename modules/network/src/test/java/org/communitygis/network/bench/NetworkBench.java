package org.communitygis.network.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.progress.Progress;
import org.communitygis.network.CoverageAnalysis;
import org.communitygis.network.CoverageOptions;
import org.communitygis.network.CoverageResult;
import org.communitygis.network.EpanetInp;
import org.communitygis.network.NetworkLayers;
import org.communitygis.network.NetworkModel;
import org.communitygis.network.PumpStation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * Benchmarks of the network module, run by {@code bench/network-bench.sh}.
 *
 * <pre>
 * coverage BUILDINGS_PER_SIDE BLOCK_M   synthetic town: a square grid of roads every BLOCK_M metres,
 *                                       a sewer piece on every east-west road piece of 50 m, one 10 × 10 m
 *                                       building per 25 × 25 m lot; times buffer and along-road coverage
 * hazen NET.inp FLOWS.csv               compares our Hazen-Williams loss with EPANET's per pipe; FLOWS.csv
 *                                       has "id,flow_gpm,headloss_ft" lines (EPANET results)
 * </pre>
 * Output lines are {@code key=value}.
 */
public final class NetworkBench {
    private static final GeometryFactory GF = new GeometryFactory();
    private static final String CRS = "EPSG:32648";

    private NetworkBench() {
    }

    public static void main(String[] args) throws IOException {
        switch (args[0]) {
            case "coverage" -> coverage(Integer.parseInt(args[1]), Double.parseDouble(args[2]));
            case "hazen" -> hazen(Path.of(args[1]), Path.of(args[2]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static void coverage(int lotsPerSide, double blockM) {
        double lot = 25;
        double extent = lotsPerSide * lot;
        int roadLines = (int) Math.round(extent / blockM);
        FeatureLayer roads = new FeatureLayer("roads", GeometryKind.LINESTRING, CRS,
                List.of(new Field("highway", FieldType.STRING)));
        FeatureLayer pipes = new FeatureLayer("pipes", GeometryKind.LINESTRING, CRS, NetworkLayers.PIPES_FIELDS);
        long roadId = 1;
        long pipeId = 1;
        for (int i = 0; i <= roadLines; i++) {
            double fixed = i * blockM;
            for (double a = 0; a < extent; a += 50) {
                roads.add(new Feature(roadId++, line(a, fixed, a + 50, fixed), Map.of("highway", "residential")));
                roads.add(new Feature(roadId++, line(fixed, a, fixed, a + 50), Map.of("highway", "residential")));
                pipes.add(new Feature(pipeId++, line(a, fixed + 2, a + 50, fixed + 2), Map.of("kind", "sewer")));
            }
        }
        FeatureLayer buildings = new FeatureLayer("buildings", GeometryKind.MULTIPOLYGON, CRS,
                List.of(new Field("building", FieldType.STRING), new Field("households", FieldType.INTEGER)));
        long id = 1;
        for (int i = 0; i < lotsPerSide; i++) {
            for (int j = 0; j < lotsPerSide; j++) {
                double x = i * lot + 7.5;
                double y = j * lot + 7.5;
                buildings.add(new Feature(id++, GF.createPolygon(new Coordinate[] {new Coordinate(x, y),
                    new Coordinate(x + 10, y), new Coordinate(x + 10, y + 10), new Coordinate(x, y + 10),
                    new Coordinate(x, y)}), Map.of("building", "house", "households", 1)));
            }
        }
        System.out.println("buildings=" + buildings.size());
        System.out.println("pipes=" + pipes.size());
        System.out.println("roads=" + roads.size());
        CoverageOptions options = CoverageOptions.defaults();
        for (String variant : new String[] {"buffer", "roads"}) {
            Optional<FeatureLayer> roadLayer = variant.equals("roads") ? Optional.of(roads) : Optional.empty();
            long best = Long.MAX_VALUE;
            long served = 0;
            // One warm-up run, then the best of two.
            for (int run = 0; run < 3; run++) {
                long started = System.nanoTime();
                CoverageResult result = CoverageAnalysis.run(buildings, pipes, roadLayer, Optional.empty(),
                        Optional.empty(), options, Progress.NONE, new Diagnostics());
                long ms = (System.nanoTime() - started) / 1_000_000;
                System.out.println(variant + "_run" + run + "_ms=" + ms);
                if (run > 0) {
                    best = Math.min(best, ms);
                }
                served = result.buildings().features().stream().filter(f -> Boolean.TRUE.equals(f.get("served"))).count();
            }
            System.out.println(variant + "_best_ms=" + best);
            System.out.println(variant + "_served=" + served);
        }
    }

    private static void hazen(Path inp, Path flows) throws IOException {
        NetworkModel model = EpanetInp.read(inp).model();
        double maxRelative = 0;
        int compared = 0;
        for (String row : Files.readAllLines(flows)) {
            String[] cols = row.split(",");
            if (cols.length < 3 || cols[0].equals("id")) {
                continue;
            }
            NetworkModel.Link pipe = model.link(cols[0]).orElse(null);
            if (pipe == null || pipe.kind != NetworkModel.LinkKind.PIPE || !(pipe.lengthM > 0)) {
                continue;
            }
            double gpm = Math.abs(Double.parseDouble(cols[1]));
            double epanetFt = Math.abs(Double.parseDouble(cols[2]));
            double flowM3s = gpm * 0.003785411784 / 60;
            double oursFt = PumpStation.hazenWilliamsLossM(pipe.lengthM, flowM3s, pipe.geom1M, pipe.roughness) / 0.3048;
            double relative = epanetFt > 1e-6 ? Math.abs(oursFt - epanetFt) / epanetFt : 0;
            maxRelative = Math.max(maxRelative, relative);
            compared++;
            System.out.println(String.format(Locale.ROOT, "pipe_%s=flow %.2f gpm, epanet %.4f ft, ours %.4f ft, diff %.3f %%",
                    pipe.name, gpm, epanetFt, oursFt, relative * 100));
        }
        System.out.println("pipes_compared=" + compared);
        System.out.println(String.format(Locale.ROOT, "max_relative_diff_pct=%.3f", maxRelative * 100));
    }

    private static org.locationtech.jts.geom.LineString line(double x1, double y1, double x2, double y2) {
        return GF.createLineString(new Coordinate[] {new Coordinate(x1, y1), new Coordinate(x2, y2)});
    }
}
