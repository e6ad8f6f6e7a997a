package org.communitygis.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.communitygis.core.CgisException;
import org.communitygis.core.store.LayerInfo;
import org.communitygis.core.store.MemoryStore;
import org.communitygis.io.GeoJsonWriter;
import org.communitygis.rasterio.GeoTiffWriter;
import org.communitygis.sample.GeneratedCommunities;
import org.communitygis.sample.SampleVillage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cgis sample-data}: with {@code --communities N --out DIR}, writes N generated communities
 * (c0001.gpkg …) as input for a batch report; {@code --out} is then required, because its default
 * {@code data} is the bundled sample village. Without {@code --communities} it regenerates the bundled
 * sample village files (one GeoJSON per layer in EPSG:4544 with a legacy {@code crs} member, and
 * {@code dem.tif}) from {@link SampleVillage}, which only maintainers need.
 */
@Command(name = "sample-data", mixinStandardHelpOptions = true)
final class SampleDataCommand implements Callable<Integer> {
    /** Folder of the bundled sample village, the default output without {@code --communities}. */
    static final Path SAMPLE_VILLAGE_DIR = Path.of("data");

    @Option(names = {"-o", "--out"}, paramLabel = "DIR")
    Path out;

    /** With a count: write that many generated communities as c0001.gpkg … into {@link #out} instead. */
    @Option(names = "--communities", paramLabel = "N")
    Integer communities;

    @Override
    public Integer call() throws IOException {
        if (communities != null && out == null) {
            throw new CgisException(CliMessages.BUNDLE, "sample.outRequired", communities);
        }
        if (communities != null && communities < 1) {
            throw new CgisException(CliMessages.BUNDLE, "sample.badCommunities", communities);
        }
        if (out == null) {
            out = SAMPLE_VILLAGE_DIR;
        }
        Files.createDirectories(out);
        if (communities != null) {
            for (int i = 0; i < communities; i++) {
                Path file = out.resolve(GeneratedCommunities.id(i) + ".gpkg");
                Files.deleteIfExists(file);
                MemoryStore community = GeneratedCommunities.build(i);
                org.communitygis.store.Projects.update(file, store -> {
                    store.setCrs(GeneratedCommunities.CRS);
                    for (LayerInfo info : community.layers()) {
                        if (info.type() == LayerInfo.LayerType.RASTER) {
                            store.writeRaster(info.name(), community.readRaster(info.name()));
                        } else {
                            store.writeFeatures(community.readFeatures(info.name()));
                        }
                    }
                    community.metadata().forEach(store::putMetadata);
                    return null;
                });
            }
            CliContext.console().info("sample.communities", communities, out.toAbsolutePath());
            return 0;
        }
        MemoryStore village = SampleVillage.build();
        for (LayerInfo info : village.layers()) {
            if (info.type() == LayerInfo.LayerType.RASTER) {
                GeoTiffWriter.write(village.readRaster(info.name()), out.resolve(info.name() + ".tif"));
            } else {
                GeoJsonWriter.write(village.readFeatures(info.name()), out.resolve(info.name() + ".geojson"), true);
            }
            CliContext.console().info("sample.written", info.name(), info.count());
        }
        return 0;
    }
}
