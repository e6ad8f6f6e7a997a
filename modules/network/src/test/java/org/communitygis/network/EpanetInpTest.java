package org.communitygis.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.communitygis.core.testing.SharedData;
import org.communitygis.network.NetworkModel.LinkKind;
import org.communitygis.network.NetworkModel.NodeKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpanetInpTest {
    @TempDir
    Path tmp;

    private static void assertCounts(String file, int junctions, int reservoirs, int tanks, int pipes, int pumps) {
        EpanetInp.Result result = EpanetInp.read(SharedData.file("real/inp/" + file));
        NetworkModel model = result.model();
        assertThat(model.count(NodeKind.JUNCTION)).as(file).isEqualTo(junctions);
        assertThat(model.count(NodeKind.RESERVOIR)).as(file).isEqualTo(reservoirs);
        assertThat(model.count(NodeKind.TANK)).as(file).isEqualTo(tanks);
        assertThat(model.count(LinkKind.PIPE)).as(file).isEqualTo(pipes);
        assertThat(model.count(LinkKind.PUMP)).as(file).isEqualTo(pumps);
        assertThat(model.nodes()).as(file).allMatch(n -> !Double.isNaN(n.x) && !Double.isNaN(n.y));
        assertThat(result.findings()).as(file).isEmpty();
    }

    @Test
    void exampleNetworksParse() {
        assertCounts("epanet_Net1.inp", 9, 1, 1, 12, 1);
        assertCounts("epanet_Net2.inp", 35, 0, 1, 40, 0);
        assertCounts("epanet_Net3.inp", 92, 2, 3, 117, 2);
    }

    @Test
    void net1ConvertsUsUnits() {
        EpanetInp.Result result = EpanetInp.read(SharedData.file("real/inp/epanet_Net1.inp"));
        assertThat(result.flowUnits()).isEqualTo("GPM");
        assertThat(result.headloss()).isEqualTo("H-W");
        var pipe = result.model().link("10").orElseThrow();
        assertThat(pipe.lengthM).isCloseTo(10530 * 0.3048, within(1e-9));
        assertThat(pipe.geom1M).isCloseTo(18 * 0.0254, within(1e-12));
        assertThat(pipe.roughness).isEqualTo(100.0);
        assertThat(result.model().node("9").orElseThrow().invertM).isCloseTo(800 * 0.3048, within(1e-9));
    }

    @Test
    void badLinesAreLineNumbered() throws IOException {
        Path file = tmp.resolve("bad.inp");
        Files.writeString(file, """
                [OPTIONS]
                Units LPS
                [JUNCTIONS]
                1 100
                1 101
                2 abc
                [PIPES]
                p1 1 2 100 150 0
                p2 1 9 100 150 120
                """);
        EpanetInp.Result result = EpanetInp.read(file);
        assertThat(result.findings()).extracting(Finding::code)
                .containsExactly("epanet_215", "epanet_202", "invalid_roughness", "epanet_203");
        assertThat(result.findings()).extracting(Finding::line).containsExactly(5, 6, 8, 9);
        assertThat(result.model().link("p1").orElseThrow().geom1M).isCloseTo(0.150, within(1e-12));
    }
}
