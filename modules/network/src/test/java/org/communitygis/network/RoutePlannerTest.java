package org.communitygis.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.communitygis.network.TestLayers.box;
import static org.communitygis.network.TestLayers.line;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.raster.Raster;
import org.communitygis.io.GeoJsonReader;
import org.communitygis.network.NetworkModel.Link;
import org.communitygis.network.NetworkModel.LinkKind;
import org.communitygis.rasterio.GeoTiffReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;

class RoutePlannerTest {
    private static final double RESIDENTS = 8;

    /**
     * A T-shaped town: a main road along y = 500 from x = 100 to 900 and a branch from (500, 500) north to
     * (500, 800), with a house beside the road every 100 m.
     */
    private static FeatureLayer tRoads() {
        FeatureLayer roads = TestLayers.roads();
        roads.add(new Feature(1, line(100, 500, 900, 500), Map.of("highway", "residential", "name", "main")));
        roads.add(new Feature(2, line(500, 500, 500, 800), Map.of("highway", "residential", "name", "branch")));
        return roads;
    }

    private static FeatureLayer tBuildings() {
        FeatureLayer buildings = TestLayers.buildings();
        long id = 1;
        for (int x = 150; x <= 850; x += 100) {
            buildings.add(new Feature(id++, box(x - 5, 510, x + 5, 520),
                    Map.of("households", 3, "residents", (int) RESIDENTS)));
        }
        for (int y = 600; y <= 800; y += 100) {
            buildings.add(new Feature(id++, box(510, y - 5, 520, y + 5),
                    Map.of("households", 3, "residents", (int) RESIDENTS)));
        }
        return buildings;
    }

    private static RoutePlan plan(Raster dem, List<RoutePlanner.Outlet> outlets, PlanOptions options) {
        return RoutePlanner.plan(tBuildings(), tRoads(), dem, outlets, options, GradientRules.defaults(),
                new Diagnostics());
    }

    private static List<Feature> role(RoutePlan plan, String role) {
        return plan.pipes().features().stream().filter(f -> role.equals(f.get("role"))).toList();
    }

    @Test
    void downhillTownFollowsRoadsWithoutStation() {
        RoutePlan plan = plan(TestLayers.eastwardSlope(0.02), List.of(new RoutePlanner.Outlet("east", 920, 500)),
                PlanOptions.defaults());

        assertThat(plan.summary().servedBuildings()).isEqualTo(11);
        assertThat(plan.summary().stations()).isZero();
        assertThat(plan.stations().size()).isZero();
        for (Feature pipe : role(plan, "main")) {
            LineString line = (LineString) pipe.geometry();
            double dx = line.getEndPoint().getX() - line.getStartPoint().getX();
            double dy = line.getEndPoint().getY() - line.getStartPoint().getY();
            if (line.getStartPoint().getY() == 500 && line.getEndPoint().getY() == 500) {
                assertThat(dx).as("main road pipe %s flows east", pipe.id()).isPositive();
            } else if (line.getStartPoint().getX() == 500 && line.getEndPoint().getX() == 500) {
                assertThat(dy).as("branch pipe %s flows south to the junction", pipe.id()).isNegative();
            }
        }
        // Every road piece east of the first house, the branch and the outlet spur carry sewage, nothing west of x = 150.
        double westmost = role(plan, "main").stream()
                .mapToDouble(f -> f.geometry().getEnvelopeInternal().getMinX()).min().orElseThrow();
        assertThat(westmost).isEqualTo(150, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(plan.summary().sewerLengthM()).isEqualTo(770 + 300, org.assertj.core.data.Offset.offset(1e-6));
        // The main road falls at 20 ‰, steeper than the minimum gradient, so its head stays at minimum depth.
        // The branch runs across the slope on level ground and deepens at the minimum gradient over its 300 m.
        GradientRules rules = GradientRules.defaults();
        double minDepth = rules.minCoverM() + 0.3;
        double minGradient = rules.minGradient("sewer", 300, 0, "pvc");
        for (Feature pipe : role(plan, "main")) {
            if (pipe.geometry().getEnvelopeInternal().getMaxX() < 499) {
                assertThat(pipe.getDouble("max_depth_m", 0)).as("pipe %s %s %s", pipe.id(), pipe.geometry(), pipe.attributes()).isLessThan(minDepth + 0.05);
            }
        }
        assertThat(plan.summary().maxDepthM()).isCloseTo(minDepth + 300 * minGradient,
                org.assertj.core.data.Offset.offset(0.05));
    }

    @Test
    void flowsAccumulateToOutlet() {
        RoutePlan plan = plan(TestLayers.eastwardSlope(0.02), List.of(new RoutePlanner.Outlet("east", 920, 500)),
                PlanOptions.defaults());
        double perHouse = SewerDesign.meanFlowLps(RESIDENTS, PlanOptions.defaults().litresPerPersonDay());
        Feature outletPipe = role(plan, "main").stream()
                .filter(f -> ((LineString) f.geometry()).getEndPoint().getX() > 910).findFirst().orElseThrow();
        assertThat(outletPipe.getDouble("mean_flow_lps", 0)).isEqualTo(11 * perHouse,
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(outletPipe.getLong("households", 0)).isEqualTo(33);

        Map<String, Double> flows = flowByLink(plan);
        Map<String, Double> incoming = new HashMap<>();
        for (Link link : plan.model().links()) {
            incoming.merge(link.to, flows.get(link.name), Double::sum);
        }
        for (Link link : plan.model().links()) {
            assertThat(flows.get(link.name)).as("link %s carries its inflows", link.name)
                    .isGreaterThanOrEqualTo(incoming.getOrDefault(link.from, 0.0) - 1e-12);
        }
        Feature branchHead = role(plan, "main").stream()
                .filter(f -> f.geometry().getEnvelopeInternal().getMaxY() > 799).findFirst().orElseThrow();
        assertThat(branchHead.getDouble("mean_flow_lps", 0)).isEqualTo(perHouse,
                org.assertj.core.data.Offset.offset(1e-9));
    }

    private static Map<String, Double> flowByLink(RoutePlan plan) {
        Map<String, Double> byFeature = new HashMap<>();
        for (Feature pipe : plan.pipes().features()) {
            byFeature.put(Long.toString(pipe.id()), pipe.getDouble("mean_flow_lps", 0));
        }
        Map<String, Double> flows = new HashMap<>();
        for (Link link : plan.model().links()) {
            flows.put(link.name, link.featureId > 0 ? byFeature.get(Long.toString(link.featureId)) : 0.0);
        }
        // Pumps have no feature: they carry what their rising main carries.
        for (Link link : plan.model().links()) {
            if (link.kind == LinkKind.PUMP) {
                plan.model().links().stream().filter(m -> m.from.equals(link.to)).findFirst()
                        .ifPresent(m -> flows.put(link.name, flows.get(m.name)));
            }
        }
        return flows;
    }

    @Test
    void uphillTownNeedsStation() {
        PlanOptions options = PlanOptions.defaults().withMaxDepthM(3);
        RoutePlan plan = plan(TestLayers.eastwardSlope(0.02), List.of(new RoutePlanner.Outlet("west", 80, 500)),
                options);

        assertThat(plan.summary().servedBuildings()).isEqualTo(11);
        assertThat(plan.summary().stations()).isPositive();
        assertThat(plan.stations().size()).isEqualTo(plan.summary().stations());
        assertThat(plan.count("station_required")).isEqualTo(plan.summary().stations());
        assertThat(role(plan, "rising_main")).hasSize(plan.summary().stations());
        for (Feature station : plan.stations().features()) {
            assertThat(station.getDouble("power_kw", 0)).isPositive();
            assertThat(station.getDouble("total_head_m", 0)).isGreaterThan(station.getDouble("static_lift_m", 0));
        }
        for (Feature pipe : role(plan, "main")) {
            assertThat(pipe.getDouble("max_depth_m", 0)).as("pipe %s", pipe.id()).isLessThanOrEqualTo(3 + 1e-9);
            LineString line = (LineString) pipe.geometry();
            if (line.getStartPoint().getY() == 500 && line.getEndPoint().getY() == 500) {
                assertThat(line.getEndPoint().getX()).isLessThan(line.getStartPoint().getX());
            }
        }
        RoutePlan downhill = plan(TestLayers.eastwardSlope(0.02), List.of(new RoutePlanner.Outlet("east", 920, 500)),
                options);
        assertThat(plan.summary().totalCostYuan()).isGreaterThan(downhill.summary().totalCostYuan());
        assertThat(plan.summary().stationCostYuan()).isPositive();
        assertThat(downhill.summary().stationCostYuan()).isZero();
    }

    @Test
    void diametersNeverDecreaseDownstream() {
        // Twenty thousand residents per house make the flows large enough to need several sizes.
        FeatureLayer buildings = TestLayers.buildings();
        for (int i = 0; i < 8; i++) {
            double x = 150 + i * 100;
            buildings.add(new Feature(i + 1, box(x - 5, 510, x + 5, 520), Map.of("households", 6000, "residents", 20000)));
        }
        RoutePlan plan = RoutePlanner.plan(buildings, tRoads(), TestLayers.eastwardSlope(0.004),
                List.of(new RoutePlanner.Outlet("east", 920, 500)), PlanOptions.defaults(), GradientRules.defaults(),
                new Diagnostics());
        Map<String, Link> byTo = new HashMap<>();
        Set<Double> sizes = new TreeSet<>();
        for (Link link : plan.model().links()) {
            if (link.kind == LinkKind.CONDUIT) {
                byTo.put(link.to, link);
                sizes.add(link.geom1M);
            }
        }
        assertThat(sizes).hasSizeGreaterThan(1);
        for (Link link : plan.model().links()) {
            Link upstream = byTo.get(link.from);
            if (link.kind != LinkKind.CONDUIT || upstream == null) {
                continue;
            }
            if (link.gradient() <= upstream.gradient()) {
                assertThat(link.geom1M).as("%s below %s", link.name, upstream.name)
                        .isGreaterThanOrEqualTo(upstream.geom1M);
            } else {
                // GB 50014-2021 §5.2.11 allows up to two sizes smaller on a steeper grade.
                assertThat(link.geom1M).isGreaterThanOrEqualTo(upstream.geom1M - 0.2 - 1e-9);
            }
        }
    }

    @Test
    void planExportsToSwmm(@TempDir Path dir) {
        RoutePlan plan = plan(TestLayers.eastwardSlope(0.02), List.of(new RoutePlanner.Outlet("west", 80, 500)),
                PlanOptions.defaults().withMaxDepthM(3));
        Path inp = dir.resolve("plan.inp");
        SwmmInp.write(plan.model(), inp, SwmmInp.Units.SI_LPS);
        SwmmInp.Result back = SwmmInp.read(inp);
        assertThat(back.errors()).isEmpty();
        assertThat(back.model().count(LinkKind.PUMP)).isEqualTo(plan.summary().stations());
        assertThat(back.model().count(NetworkModel.NodeKind.OUTFALL)).isEqualTo(1);
        assertThat(back.model().count(LinkKind.CONDUIT) + back.model().count(LinkKind.PIPE))
                .isEqualTo(plan.model().count(LinkKind.CONDUIT) + plan.model().count(LinkKind.PIPE));
    }

    @Test
    void unservedBuildingIsFinding() {
        FeatureLayer buildings = tBuildings();
        buildings.add(new Feature(99, box(300, 900, 310, 910), Map.of("households", 2)));
        RoutePlan plan = RoutePlanner.plan(buildings, tRoads(), TestLayers.eastwardSlope(0.02),
                List.of(new RoutePlanner.Outlet("east", 920, 500)), PlanOptions.defaults(), GradientRules.defaults(),
                new Diagnostics());
        assertThat(plan.summary().buildings()).isEqualTo(12);
        assertThat(plan.summary().servedBuildings()).isEqualTo(11);
        assertThat(plan.findings()).anyMatch(f -> f.code().equals("unserved_building") && f.element().equals("99"));
    }

    @Test
    void limitsAreEnforced() {
        assertThatThrownBy(() -> plan(TestLayers.eastwardSlope(0.02),
                List.of(new RoutePlanner.Outlet("east", 920, 500)), PlanOptions.defaults().withLimits(10, 1000)))
                .isInstanceOf(CgisException.class).hasMessageContaining("--max-nodes");
        assertThatThrownBy(() -> plan(TestLayers.eastwardSlope(0.02),
                List.of(new RoutePlanner.Outlet("far", 920, 100)), PlanOptions.defaults()))
                .isInstanceOf(CgisException.class).hasMessageContaining("far");
        assertThatThrownBy(() -> PlanOptions.defaults().withMaxDepthM(-1))
                .isInstanceOf(CgisException.class).hasMessageContaining("maxDepthM");
        assertThatThrownBy(() -> PlanOptions.Costs.defaults().withPipeBands(new double[] {2}, new double[] {1}))
                .isInstanceOf(CgisException.class);
    }

    @Test
    void sampleVillageServesAllGroups() {
        Path data = Path.of("../../data");
        Diagnostics diagnostics = new Diagnostics();
        FeatureLayer buildings = GeoJsonReader.read(data.resolve("buildings.geojson"), diagnostics);
        FeatureLayer roads = GeoJsonReader.read(data.resolve("roads.geojson"), diagnostics);
        FeatureLayer facilities = GeoJsonReader.read(data.resolve("facilities.geojson"), diagnostics);
        FeatureLayer zones = GeoJsonReader.read(data.resolve("zones.geojson"), diagnostics);
        Raster dem = GeoTiffReader.read(data.resolve("dem.tif"), Optional.empty());

        List<RoutePlanner.Outlet> one = RoutePlanner.outlets(facilities, List.of());
        assertThat(one).extracting(RoutePlanner.Outlet::name).containsExactly("一体化污水处理设备");
        RoutePlan plan = RoutePlanner.plan(buildings, roads, dem, one, PlanOptions.defaults(), GradientRules.defaults(),
                diagnostics);

        Map<Long, Geometry> byId = new HashMap<>();
        buildings.features().forEach(b -> byId.put(b.id(), b.geometry()));
        Set<String> servedZones = new TreeSet<>();
        for (Feature connection : role(plan, "connection")) {
            Geometry building = byId.get(connection.getLong("building_id", -1));
            for (Feature zone : zones.features()) {
                if (zone.geometry().contains(building.getCentroid())) {
                    servedZones.add(zone.getString("name"));
                }
            }
        }
        assertThat(servedZones).containsExactlyInAnyOrder("一组", "二组", "三组", "四组", "五组");
        RoutePlan.Summary summary = plan.summary();
        assertThat(summary.servedBuildings()).isGreaterThan(summary.buildings() * 9 / 10);
        assertThat(summary.sewerLengthM()).isGreaterThan(1000);
        assertThat(summary.trenchVolumeM3()).isPositive();
        assertThat(summary.meanDepthM()).isGreaterThanOrEqualTo(GradientRules.defaults().minCoverM() + 0.3 - 1e-9);
        assertThat(summary.totalCostYuan()).isPositive();
        assertThat(summary.complete()).isTrue();
        assertThat(plan.findings()).isNotEmpty();
        assertThat(plan.pipes().features()).allMatch(f -> "planned".equals(f.get("status")));

        List<RoutePlanner.Outlet> two = RoutePlanner.outlets(facilities, List.of("一体化污水处理设备", "化粪池"));
        RoutePlan alternative = RoutePlanner.plan(buildings, roads, dem, two, PlanOptions.defaults(),
                GradientRules.defaults(), diagnostics);
        assertThat(alternative.summary().servedBuildings()).isEqualTo(summary.servedBuildings());
        assertThat(alternative.summary().sewerLengthM()).isNotEqualTo(summary.sewerLengthM());
        assertThat(alternative.summary().totalCostYuan()).isNotEqualTo(summary.totalCostYuan());
        List<String[]> table = RoutePlan.compare(plan, alternative, key -> key);
        assertThat(table.get(0)).containsExactly("outlets", "一体化污水处理设备", "一体化污水处理设备,化粪池", "");
        List<String> labels = new ArrayList<>();
        table.forEach(row -> labels.add(row[0]));
        assertThat(labels).contains("sewerLength", "stations", "totalCost", "trenchVolume", "maxDepth");
    }
}
