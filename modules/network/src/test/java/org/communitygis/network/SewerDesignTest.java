package org.communitygis.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.communitygis.network.NetworkModel.Link;
import org.communitygis.network.NetworkModel.LinkKind;
import org.communitygis.network.NetworkModel.Node;
import org.communitygis.network.NetworkModel.NodeKind;
import org.junit.jupiter.api.Test;

class SewerDesignTest {
    private static final GradientRules RULES = GradientRules.defaults();

    private static Node node(NetworkModel model, String name, double x, double ground, double invert) {
        Node node = new Node(name, NodeKind.JUNCTION, x, 0);
        node.groundM = ground;
        node.invertM = invert;
        model.add(node);
        return node;
    }

    private static Link pipe(NetworkModel model, String name, String from, String to, double length, double up,
            double down, double diameterM) {
        Link link = new Link(name, LinkKind.CONDUIT, from, to);
        link.lengthM = length;
        link.upInvertM = up;
        link.downInvertM = down;
        link.geom1M = diameterM;
        link.roughness = 0.010;
        link.material = "pvc";
        link.pipeKind = "sewer";
        model.add(link);
        return link;
    }

    /** Two branches A→C and B→C joining into C→D. */
    private static NetworkModel junction() {
        NetworkModel model = new NetworkModel();
        node(model, "A", 0, 12, 10.5);
        node(model, "B", 0, 12, 10.4);
        node(model, "C", 100, 11, 9.9);
        node(model, "D", 200, 10, 8.9).kind = NodeKind.OUTFALL;
        pipe(model, "AC", "A", "C", 100, 10.5, 10.0, 0.3);
        pipe(model, "BC", "B", "C", 100, 10.4, 9.9, 0.3);
        pipe(model, "CD", "C", "D", 100, 9.9, 8.9, 0.3);
        return model;
    }

    @Test
    void flowsAccumulateDownstream() {
        Map<String, Double> flows = SewerDesign.accumulate(junction(), Map.of("A", 1.0, "B", 2.0, "C", 0.5));
        assertThat(flows).containsEntry("AC", 1.0).containsEntry("BC", 2.0).containsEntry("CD", 3.5);
        assertThat(flows.keySet()).endsWith("CD");
    }

    @Test
    void meanFlowFromResidents() {
        // 864 residents × 100 L/person/day = 86.4 m³/day = 1 L/s.
        assertThat(SewerDesign.meanFlowLps(864, 100)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void checkAppliesKzAndFlagsLowVelocity() {
        SewerDesign.Result result = SewerDesign.check(junction(), Map.of("A", 1.0, "B", 2.0), RULES,
                SewerDesign.Options.DEFAULTS);
        SewerDesign.LinkState cd = result.links().get("CD");
        assertThat(cd.kz()).isCloseTo(2.3, within(1e-12));
        assertThat(cd.designFlowLps()).isCloseTo(6.9, within(1e-9));
        Section section = Section.circular(0.3);
        assertThat(section.flow(0.010, 0.01, cd.fullness() * 0.3) * 1000).isCloseTo(6.9, within(1e-4));
        assertThat(cd.fullness()).isLessThan(0.55);
        // AC at 5 ‰ carries 2.3 L/s: shallow and slow.
        assertThat(result.findings()).filteredOn(f -> f.code().equals("low_velocity")).extracting(Finding::element)
                .contains("AC");
        assertThat(result.count("over_fullness")).isZero();
        assertThat(result.count("shallow_cover")).isEqualTo(0);
    }

    @Test
    void overloadedPipeIsSurchargedOrOverFull() {
        SewerDesign.Result result = SewerDesign.check(junction(), Map.of("A", 40.0), RULES, SewerDesign.Options.DEFAULTS);
        assertThat(result.findings()).filteredOn(f -> f.element().equals("AC"))
                .extracting(Finding::code).containsAnyOf("surcharged", "over_fullness");
    }

    @Test
    void sizingNeverShrinksExceptTwoSizesOnSteepening() {
        NetworkModel model = new NetworkModel();
        node(model, "A", 0, 30, 28);
        node(model, "B", 200, 29.6, 27.6);
        node(model, "C", 300, 20, 18).kind = NodeKind.OUTFALL;
        pipe(model, "AB", "A", "B", 200, 28, 27.6, 0.3);
        pipe(model, "BC", "B", "C", 100, 27.6, 18, 0.3);
        SewerDesign.Result result = SewerDesign.size(model, Map.of("A", 60.0), RULES, SewerDesign.Options.DEFAULTS);
        double upstream = model.link("AB").orElseThrow().geom1M * 1000;
        double downstream = model.link("BC").orElseThrow().geom1M * 1000;
        SewerDesign.LinkState ab = result.links().get("AB");
        assertThat(ab.fullness()).isLessThanOrEqualTo(RULES.maxFullness(upstream));
        assertThat(upstream).isGreaterThanOrEqualTo(500);
        // BC at 96 ‰ needs much less than AB at 2 ‰, but may step down at most two sizes.
        double[] sizes = SewerDesign.STANDARD_DIAMETERS_MM;
        int i = java.util.Arrays.binarySearch(sizes, upstream);
        assertThat(downstream).isEqualTo(sizes[i - 2]);
        assertThat(result.count("no_size_fits")).isZero();
    }

    @Test
    void sizingKeepsDiameterOnFlatterGrade() {
        NetworkModel model = new NetworkModel();
        node(model, "A", 0, 30, 28);
        node(model, "B", 100, 25, 23);
        node(model, "C", 300, 24.4, 22.4).kind = NodeKind.OUTFALL;
        pipe(model, "AB", "A", "B", 100, 28, 23, 0.3);
        pipe(model, "BC", "B", "C", 200, 23, 22.4, 0.3);
        SewerDesign.size(model, Map.of("A", 5.0), RULES, SewerDesign.Options.DEFAULTS);
        assertThat(model.link("BC").orElseThrow().geom1M).isGreaterThanOrEqualTo(model.link("AB").orElseThrow().geom1M);
    }

    @Test
    void dropManholesAdvisedAndRequired() {
        NetworkModel model = junction();
        model.link("AC").orElseThrow().downInvertM = 11.4 - 0.0; // arrives 1.5 m above C's outlet at 9.9
        model.link("BC").orElseThrow().downInvertM = 12.4 - 0.0; // arrives 2.5 m above
        model.link("AC").orElseThrow().upInvertM = 12.0;
        model.link("BC").orElseThrow().upInvertM = 13.0;
        SewerDesign.Result result = SewerDesign.check(model, Map.of("A", 1.0), RULES, SewerDesign.Options.DEFAULTS);
        assertThat(result.findings()).filteredOn(f -> f.code().equals("drop_manhole_advised"))
                .extracting(f -> f.message().english()).singleElement().asString().contains("AC").contains("1.50 m");
        assertThat(result.findings()).filteredOn(f -> f.code().equals("drop_manhole_required"))
                .extracting(f -> f.message().english()).singleElement().asString().contains("BC").contains("2.50 m");
    }

    @Test
    void uChannelUsesRoundBottom() {
        org.communitygis.core.feature.FeatureLayer pipes = TestLayers.pipes();
        Map<String, Object> a = new java.util.HashMap<>(Map.of("kind", "u_channel", "width_m", 0.4, "material", "concrete"));
        a.put("up_invert_m", 10.0);
        a.put("down_invert_m", 9.0);
        TestLayers.addPipe(pipes, 1, TestLayers.line(0, 0, 100, 0), a);
        NetworkModel model = NetworkTopology.build(pipes, java.util.Optional.empty(), java.util.Optional.empty(), RULES,
                NetworkTopology.Options.DEFAULTS).model();
        Link channel = model.link("P1").orElseThrow();
        assertThat(channel.shape).isEqualTo("RECT_ROUND");
        assertThat(channel.geom3).isCloseTo(0.2, within(1e-12));
        SewerDesign.Result result = SewerDesign.check(model, Map.of(channel.from, 5.0), RULES, SewerDesign.Options.DEFAULTS);
        double expected = Section.uChannel(0.4, 0.4).fullFlow(0.014, 0.01) * 1000;
        assertThat(result.links().get("P1").fullCapacityLps()).isCloseTo(expected, within(1e-9));
    }

    @Test
    void shallowCoverFlagged() {
        NetworkModel model = junction();
        model.node("C").orElseThrow().groundM = 10.5;
        SewerDesign.Result result = SewerDesign.check(model, Map.of("A", 1.0), RULES, SewerDesign.Options.DEFAULTS);
        assertThat(result.findings()).filteredOn(f -> f.code().equals("shallow_cover")).extracting(Finding::element)
                .containsExactlyInAnyOrder("AC", "BC", "CD");
    }

    @Test
    void unknownInvertsGiveNoGradientFindings() {
        NetworkModel model = junction();
        Link ac = model.link("AC").orElseThrow();
        ac.upInvertM = Double.NaN;
        ac.downInvertM = Double.NaN;
        SewerDesign.Result result = SewerDesign.check(model, Map.of("A", 1.0), RULES, SewerDesign.Options.DEFAULTS);
        assertThat(result.findings()).filteredOn(f -> f.element().equals("AC")).isEmpty();
        assertThat(result.findings()).extracting(Finding::message).allSatisfy(
                message -> assertThat(message.english()).doesNotContain("NaN"));
    }
}
