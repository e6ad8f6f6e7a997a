package org.communitygis.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.communitygis.core.CgisException;
import org.communitygis.core.store.LayerInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectsTest {
    @TempDir
    Path dir;

    private Path project() {
        return dir.resolve("village.gpkg");
    }

    @Test
    void updateCreatesProject() {
        String result = Projects.update(project(), store -> {
            store.setCrs(Layers.CRS);
            store.writeFeatures(Layers.pipes());
            return "done";
        });
        assertThat(result).isEqualTo("done");
        List<String> names = Projects.read(project(), store -> store.layers().stream().map(LayerInfo::name).toList());
        assertThat(names).containsExactly("pipes");
        String crs = Projects.read(project(), store -> store.crs().orElseThrow());
        assertThat(crs).isEqualTo(Layers.CRS);
    }

    @Test
    void updateKeepsEarlierLayers() {
        Projects.update(project(), store -> {
            store.writeFeatures(Layers.pipes());
            return null;
        });
        Projects.update(project(), store -> {
            store.writeRaster("dem", Rasters.ramp(20, 10, 5, 5));
            return null;
        });
        int layers = Projects.read(project(), store -> store.layers().size());
        assertThat(layers).isEqualTo(2);
    }

    @Test
    void failedUpdateLeavesFileIdentical() throws IOException {
        Projects.update(project(), store -> {
            store.setCrs(Layers.CRS);
            store.writeFeatures(Layers.buildings(50));
            return null;
        });
        String before = sha256(project());
        assertThatThrownBy(() -> Projects.update(project(), store -> {
            store.writeFeatures(Layers.buildings(3));
            store.writeRaster("dem", Rasters.ramp(20, 10, 5, 5));
            store.delete("buildings");
            throw new IllegalStateException("analysis failed");
        })).isInstanceOf(IllegalStateException.class).hasMessage("analysis failed");
        assertThat(sha256(project())).isEqualTo(before);
        assertThat(directoryEntries()).containsExactlyInAnyOrder("village.gpkg", ".village.gpkg.lock");
        int buildings = Projects.read(project(), store -> store.readFeatures("buildings").size());
        assertThat(buildings).isEqualTo(50);
    }

    @Test
    void failedFirstUpdateLeavesNoFile() throws IOException {
        assertThatThrownBy(() -> Projects.update(project(), store -> {
            store.writeFeatures(Layers.pipes());
            throw new CgisException(StoreMessages.BUNDLE, "store.readOnly", "x");
        })).isInstanceOf(CgisException.class);
        assertThat(project()).doesNotExist();
        assertThat(directoryEntries()).containsExactly(".village.gpkg.lock");
    }

    @Test
    void staleCopyDeleted() throws IOException {
        Projects.update(project(), store -> null);
        Path stale = Files.writeString(dir.resolve(".village.gpkg.tmp-123456"), "left by a crash");
        Path other = Files.writeString(dir.resolve(".other.gpkg.tmp-1"), "another project's copy");
        Projects.update(project(), store -> null);
        assertThat(stale).doesNotExist();
        assertThat(other).exists();
    }

    @Test
    void readMissingProject() {
        assertThatThrownBy(() -> Projects.read(dir.resolve("none.gpkg"), store -> null))
                .isInstanceOf(CgisException.class)
                .hasMessage("Project " + dir.resolve("none.gpkg") + " not found. Run import first.");
    }

    @Test
    void readIsReadOnly() {
        Projects.update(project(), store -> null);
        assertThatThrownBy(() -> Projects.read(project(), store -> {
            store.putMetadata("k", "v");
            return null;
        })).isInstanceOf(CgisException.class).hasMessageContaining("read-only");
    }

    @Test
    void updateOfGarbageRejected() throws IOException {
        Files.writeString(project(), "not a database at all, just text that is long enough to be read");
        String before = sha256(project());
        assertThatThrownBy(() -> Projects.update(project(), store -> null)).isInstanceOf(CgisException.class)
                .hasMessageContaining("not an SQLite database");
        assertThat(sha256(project())).isEqualTo(before);
        assertThat(directoryEntries()).containsExactlyInAnyOrder("village.gpkg", ".village.gpkg.lock");
    }

    private List<String> directoryEntries() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
