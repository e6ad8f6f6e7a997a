package org.communitygis.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.communitygis.core.testing.SharedData;
import org.communitygis.network.Finding.Severity;
import org.communitygis.network.NetworkModel.Link;
import org.communitygis.network.NetworkModel.LinkKind;
import org.communitygis.network.NetworkModel.Node;
import org.communitygis.network.NetworkModel.NodeKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwmmInpTest {
    @TempDir
    Path tmp;

    private static Path inp(String name) {
        return SharedData.file("real/inp/" + name);
    }

    /** Expected element counts, taken from the files' sections by hand. */
    private record Counts(String file, int junctions, int outfalls, int storage, int conduits, int pumps, int coordinates) {
    }

    @Test
    void realFilesParseWithCounts() {
        List<Counts> expected = List.of(
                new Counts("swmm_site_drainage_model.inp", 11, 1, 0, 11, 0, 12),
                new Counts("pyswmm_model_storage_pump.inp", 2, 1, 1, 2, 1, 4),
                new Counts("pyswmm_model_full_features.inp", 2, 1, 1, 1, 1, 4),
                new Counts("pyswmm_model_constantinflow_constanteffluent.inp", 0, 1, 1, 0, 0, 2));
        for (Counts c : expected) {
            SwmmInp.Result result = SwmmInp.read(inp(c.file()));
            NetworkModel model = result.model();
            assertThat(model.count(NodeKind.JUNCTION)).as(c.file()).isEqualTo(c.junctions());
            assertThat(model.count(NodeKind.OUTFALL)).as(c.file()).isEqualTo(c.outfalls());
            assertThat(model.count(NodeKind.STORAGE)).as(c.file()).isEqualTo(c.storage());
            assertThat(model.count(LinkKind.CONDUIT)).as(c.file()).isEqualTo(c.conduits());
            assertThat(model.count(LinkKind.PUMP)).as(c.file()).isEqualTo(c.pumps());
            assertThat(model.nodes().stream().filter(n -> !Double.isNaN(n.x)).count()).as(c.file())
                    .isEqualTo(c.coordinates());
            assertThat(result.errors()).as(c.file()).isEmpty();
        }
    }

    @Test
    void usUnitsConvertToMetres() {
        SwmmInp.Result result = SwmmInp.read(inp("swmm_site_drainage_model.inp"));
        assertThat(result.flowUnits()).isEqualTo("CFS");
        NetworkModel model = result.model();
        assertThat(model.node("J1").orElseThrow().invertM).isCloseTo(4973 * 0.3048, within(1e-9));
        Link c2 = model.link("C2").orElseThrow();
        assertThat(c2.lengthM).isCloseTo(526 * 0.3048, within(1e-9));
        // C2 ends 4 ft above J11's invert of 4963 ft.
        assertThat(c2.downInvertM).isCloseTo(4967 * 0.3048, within(1e-9));
        assertThat(c2.shape).isEqualTo("TRAPEZOIDAL");
        // Side slopes are ratios and stay unconverted.
        assertThat(c2.geom3).isEqualTo(0.0001);
        assertThat(c2.geom4).isEqualTo(25.0);
        assertThat(model.link("C11").orElseThrow().geom1M).isCloseTo(4.75 * 0.3048, within(1e-9));
        assertThat(model.links().stream().mapToInt(l -> l.vertices.size()).sum()).isEqualTo(23);
        assertThat(result.subcatchments()).isEqualTo(7);
    }

    @Test
    void badInputGivesLineNumberedError() {
        SwmmInp.Result result = SwmmInp.read(inp("pyswmm_model_bad_input_1.inp"));
        assertThat(result.errors()).hasSize(1);
        Finding error = result.errors().get(0);
        assertThat(error.code()).isEqualTo("swmm_209");
        assertThat(error.line()).isEqualTo(56);
        assertThat(error.element()).isEqualTo("S1");
        assertThat(error.message().english()).contains("Line 56").contains("\"*\"").contains("rain gage");
    }

    @Test
    void storagePumpNodeWithTwoOutletsIsWarning() {
        SwmmInp.Result result = SwmmInp.read(inp("pyswmm_model_storage_pump.inp"));
        List<Finding> outlets = result.findings().stream().filter(f -> f.code().equals("swmm_133")).toList();
        assertThat(outlets).hasSize(1);
        assertThat(outlets.get(0).element()).isEqualTo("J2");
        assertThat(outlets.get(0).severity()).isEqualTo(Severity.WARNING);
        Node storage = result.model().node("SU1").orElseThrow();
        // FUNCTIONAL area 1000 ft² (exponent 0) is 92.903 m².
        assertThat(Double.parseDouble(storage.extra.get(2))).isCloseTo(92.90304, within(1e-6));
    }

    @Test
    void roundTripKeepsModel() throws IOException {
        for (String file : List.of("swmm_site_drainage_model.inp", "pyswmm_model_storage_pump.inp")) {
            NetworkModel original = SwmmInp.read(inp(file)).model();
            for (SwmmInp.Units units : SwmmInp.Units.values()) {
                Path out = tmp.resolve(units + "-" + file);
                SwmmInp.write(original, out, units);
                SwmmInp.Result again = SwmmInp.read(out);
                assertThat(again.errors()).as(out.toString()).isEmpty();
                assertSameModel(original, again.model(), file + " " + units);
            }
        }
    }

    private static void assertSameModel(NetworkModel a, NetworkModel b, String what) {
        assertThat(b.nodes()).as(what).hasSameSizeAs(a.nodes());
        assertThat(b.links()).as(what).hasSameSizeAs(a.links());
        for (Node n : a.nodes()) {
            Node m = b.node(n.name).orElseThrow();
            assertThat(m.kind).as(what + " " + n.name).isEqualTo(n.kind);
            assertThat(m.invertM).as(what + " " + n.name).isCloseTo(n.invertM, within(1e-5));
            assertThat(m.x).as(what + " " + n.name).isCloseTo(n.x, within(1e-5));
            assertThat(m.y).as(what + " " + n.name).isCloseTo(n.y, within(1e-5));
            if (!Double.isNaN(n.groundM)) {
                assertThat(m.groundM).as(what + " " + n.name).isCloseTo(n.groundM, within(1e-5));
            }
        }
        for (Link l : a.links()) {
            Link k = b.link(l.name).orElseThrow();
            assertThat(k.kind).as(what + " " + l.name).isEqualTo(l.kind);
            assertThat(k.from + ">" + k.to).as(what + " " + l.name).isEqualTo(l.from + ">" + l.to);
            assertThat(k.vertices).as(what + " " + l.name).hasSameSizeAs(l.vertices);
            if (l.kind == LinkKind.CONDUIT) {
                assertThat(k.lengthM).as(what + " " + l.name).isCloseTo(l.lengthM, within(1e-5));
                assertThat(k.roughness).as(what + " " + l.name).isCloseTo(l.roughness, within(1e-9));
                assertThat(k.upInvertM).as(what + " " + l.name).isCloseTo(l.upInvertM, within(1e-5));
                assertThat(k.downInvertM).as(what + " " + l.name).isCloseTo(l.downInvertM, within(1e-5));
                assertThat(k.shape).as(what + " " + l.name).isEqualTo(l.shape);
                assertThat(k.geom1M).as(what + " " + l.name).isCloseTo(l.geom1M, within(1e-5));
                assertThat(k.geom2M).as(what + " " + l.name).isCloseTo(l.geom2M, within(1e-5));
                assertThat(k.geom3).as(what + " " + l.name).isCloseTo(l.geom3, within(1e-5));
                assertThat(k.geom4).as(what + " " + l.name).isCloseTo(l.geom4, within(1e-5));
                assertThat(k.barrels).as(what + " " + l.name).isEqualTo(l.barrels);
            }
        }
    }

    @Test
    void networkErrorsMirrorSwmmCodes() throws IOException {
        Path file = tmp.resolve("bad.inp");
        Files.writeString(file, """
                [OPTIONS]
                FLOW_UNITS LPS
                FLOW_ROUTING KINWAVE
                [JUNCTIONS]
                A 10 2
                B 9 2
                C 11 2
                A 8 2
                [CONDUITS]
                AB A B 50 0.013
                BC B C 50 0.013
                CA C A 50 0.013
                AX A B 0.5 0.013
                BAD B C -3 0.013
                XY B Q 10 x
                [XSECTIONS]
                AB CIRCULAR 0.3
                BC CIRCULAR 0.3
                CA CIRCULAR 0.3
                AX CIRCULAR 0
                """);
        SwmmInp.Result result = SwmmInp.read(file);
        assertThat(codes(result, "swmm_207")).containsExactly(8);
        assertThat(codes(result, "swmm_111")).containsExactly(14);
        assertThat(codes(result, "swmm_209")).containsExactly(15);
        assertThat(codes(result, "swmm_112")).containsExactly(13);
        assertThat(codes(result, "swmm_115")).containsExactly(11);
        assertThat(codes(result, "invalid_diameter")).containsExactly(20);
        assertThat(result.findings()).filteredOn(f -> f.code().equals("swmm_131")).hasSize(1)
                .allMatch(f -> f.severity() == Severity.ERROR);
        assertThat(result.findings()).filteredOn(f -> f.code().equals("swmm_133")).extracting(Finding::element)
                .contains("A", "B");
        assertThat(result.findings()).filteredOn(f -> f.code().equals("swmm_145")).hasSize(1);
    }

    @Test
    void outfallWithTwoInletsIsError() throws IOException {
        Path file = tmp.resolve("outfall.inp");
        Files.writeString(file, """
                [OPTIONS]
                FLOW_UNITS CMS
                [JUNCTIONS]
                A 10 2
                B 10 2
                [OUTFALLS]
                O 9 FREE NO
                [CONDUITS]
                AO A O 50 0.013
                BO B O 50 0.013
                """);
        SwmmInp.Result result = SwmmInp.read(file);
        assertThat(result.errors()).extracting(Finding::code).containsExactly("swmm_141");
        assertThat(result.errors().get(0).element()).isEqualTo("O");
    }

    @Test
    void tooFewItemsIsLineNumbered() throws IOException {
        Path file = tmp.resolve("short.inp");
        Files.writeString(file, """
                [JUNCTIONS]
                A 10 2
                B
                [OUTFALLS]
                O 9 FREE NO
                [CONDUITS]
                AO A O 50
                """);
        SwmmInp.Result result = SwmmInp.read(file);
        assertThat(codes(result, "swmm_203")).containsExactly(3, 7);
        assertThat(result.model().node("B")).isEmpty();
        assertThat(result.model().link("AO")).isEmpty();
    }

    private static List<Integer> codes(SwmmInp.Result result, String code) {
        return result.findings().stream().filter(f -> f.code().equals(code)).map(Finding::line).toList();
    }
}
