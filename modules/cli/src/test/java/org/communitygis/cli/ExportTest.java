package org.communitygis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.raster.Raster;
import org.communitygis.rasterio.GeoTiffReader;
import org.communitygis.store.GeoPackageReader;
import org.communitygis.store.NamedRaster;
import org.communitygis.store.Projects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Exports the sample village's layers in every supported format and reads them back. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportTest {
    @TempDir
    static Path dir;

    private Path project;

    @BeforeAll
    void importSample() throws Exception {
        project = dir.resolve("village.gpkg");
        Path data = CliRun.projectRoot().resolve("data");
        CliRun run = CliRun.of("--lang", "en", "import", "--project", project.toString(),
                data.resolve("roads.geojson").toString(), data.resolve("buildings.geojson").toString(),
                data.resolve("dem.tif").toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
    }

    @Test
    void rasterToGeoTiffKeepsGrid() {
        Path out = dir.resolve("dem.tif");
        CliRun run = CliRun.of("--lang", "en", "export", "--project", project.toString(), "dem", "--out", out.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        Raster stored = Projects.read(project, store -> store.readRaster("dem"));
        Raster exported = GeoTiffReader.read(out, Optional.empty());
        assertThat(exported.grid()).isEqualTo(stored.grid());
        assertThat(exported.data()).containsExactly(stored.data());
    }

    @Test
    void vectorToGeoJsonInLonLat() throws Exception {
        Path out = dir.resolve("roads.geojson");
        CliRun run = CliRun.of("--lang", "en", "export", "--project", project.toString(), "roads", "--out", out.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertThat(json.path("features").size()).isEqualTo(11);
        double lon = json.path("features").get(0).path("geometry").path("coordinates").get(0).get(0).asDouble();
        assertThat(lon).isBetween(104.0, 104.6);
        assertThat(json.path("features").get(0).path("properties").has("surface")).isTrue();
    }

    @Test
    void vectorToGeoPackageReadable() {
        Path out = dir.resolve("buildings.gpkg");
        CliRun run = CliRun.of("--lang", "en", "export", "--project", project.toString(), "buildings", "--out",
                out.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        List<FeatureLayer> layers = GeoPackageReader.readFeatureLayers(out, new Diagnostics());
        assertThat(layers).hasSize(1);
        assertThat(layers.get(0).size()).isEqualTo(135);
        assertThat(layers.get(0).crs()).isEqualTo("EPSG:4544");
    }

    @Test
    void rasterToGeoPackageReadable() {
        Path out = dir.resolve("dem.gpkg");
        CliRun run = CliRun.of("--lang", "en", "export", "--project", project.toString(), "dem", "--out", out.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        List<NamedRaster> rasters = GeoPackageReader.readRasters(out);
        assertThat(rasters).hasSize(1);
        assertThat(rasters.get(0).raster().grid().cols()).isEqualTo(320);
    }

    @Test
    void vectorToShapefileComplete() throws Exception {
        Path out = dir.resolve("buildings.shp");
        CliRun run = CliRun.of("--lang", "en", "export", "--project", project.toString(), "buildings", "--out",
                out.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        for (String extension : new String[] {".shp", ".shx", ".dbf", ".prj", ".cpg"}) {
            assertThat(dir.resolve("buildings" + extension)).exists();
        }
        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("buildings.dbf")), 0, 32)
                .order(ByteOrder.LITTLE_ENDIAN);
        assertThat(header.getInt(4)).as("DBF record count").isEqualTo(135);
        assertThat(Files.readString(dir.resolve("buildings.prj"))).contains("Gauss");
    }

    @Test
    void unknownLayerNamesPresentOnes() {
        CliRun run = CliRun.of("--lang", "en", "export", "--project", project.toString(), "pipes", "--out",
                dir.resolve("pipes.geojson").toString());
        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("pipes").contains("roads");
    }
}
