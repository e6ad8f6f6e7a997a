package org.communitygis.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.communitygis.core.store.LayerInfo;
import org.communitygis.core.store.MemoryStore;
import org.communitygis.io.GeoJsonWriter;
import org.communitygis.rasterio.GeoTiffWriter;
import org.communitygis.sample.GeneratedCommunities;
import org.communitygis.sample.SampleVillage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cgis sample-data --out data}: regenerates the bundled sample village files (one GeoJSON per
 * layer in EPSG:4544 with a legacy {@code crs} member, and {@code dem.tif}) from {@link SampleVillage}.
 * Hidden: only maintainers need it.
 */
@Command(name = "sample-data", mixinStandardHelpOptions = true, hidden = true)
final class SampleDataCommand implements Callable<Integer> {
    @Option(names = {"-o", "--out"}, defaultValue = "data", paramLabel = "DIR")
    Path out;

    /** With a count: write that many generated communities as c0001.gpkg … into {@link #out} instead. */
    @Option(names = "--communities", paramLabel = "N")
    Integer communities;

    @Override
    public Integer call() throws IOException {
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
