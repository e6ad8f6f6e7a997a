package org.communitygis.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.communitygis.core.CgisException;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.raster.Raster;
import org.communitygis.core.store.LayerInfo;
import org.communitygis.core.store.ProjectStore;
import org.communitygis.io.GeoJsonWriter;
import org.communitygis.io.ShapefileWriter;
import org.communitygis.io.TextEncodings;
import org.communitygis.rasterio.GeoTiffWriter;
import org.communitygis.store.Projects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cgis export --project P.gpkg LAYER --out FILE}: rasters as GeoTIFF, vectors as GeoJSON (CRS84),
 * GeoPackage (project CRS) or Shapefile (project CRS), chosen by the output file's extension.
 */
@Command(name = "export", mixinStandardHelpOptions = true)
final class ExportCommand implements Callable<Integer> {
    @Mixin
    ProjectOption project;

    @Parameters(index = "0", paramLabel = "LAYER", descriptionKey = "layer")
    String layerName;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE")
    Path out;

    @Option(names = "--encoding", paramLabel = "NAME")
    String encoding;

    @Override
    public Integer call() {
        String fileName = out.getFileName().toString().toLowerCase(Locale.ROOT);
        String extension = fileName.contains(".") ? fileName.substring(fileName.lastIndexOf('.') + 1) : "";
        LayerInfo.LayerType type = project.location().read(store -> {
            LayerInfo info = store.layer(layerName).orElseThrow(() -> new CgisException(
                    org.communitygis.core.CoreMessages.BUNDLE, "store.layerNotFound", layerName, names(store)));
            export(store, info, extension);
            return info.type();
        });
        CliContext.console().info("export.done", layerName, out, type == LayerInfo.LayerType.RASTER ? "GeoTIFF" : extension);
        return 0;
    }

    private void export(ProjectStore store, LayerInfo info, String extension) {
        boolean raster = info.type() == LayerInfo.LayerType.RASTER;
        switch (extension) {
            case "tif":
            case "tiff":
                requireType(raster, true, extension);
                GeoTiffWriter.write(store.readRaster(layerName), out);
                break;
            case "geojson":
            case "json":
                requireType(raster, false, extension);
                GeoJsonWriter.write(store.readFeatures(layerName), out, false);
                break;
            case "shp":
                requireType(raster, false, extension);
                ShapefileWriter.write(store.readFeatures(layerName), out,
                        encoding == null ? StandardCharsets.UTF_8 : TextEncodings.option(encoding), CliContext.diagnostics());
                break;
            case "gpkg":
                String crs = store.crs().orElseThrow();
                if (raster) {
                    Raster grid = store.readRaster(layerName);
                    Projects.update(out, target -> {
                        adoptCrs(target, crs);
                        target.writeRaster(layerName, grid);
                        return null;
                    });
                } else {
                    FeatureLayer layer = store.readFeatures(layerName);
                    Projects.update(out, target -> {
                        adoptCrs(target, crs);
                        target.writeFeatures(layer);
                        return null;
                    });
                }
                break;
            default:
                throw new CgisException(CliMessages.BUNDLE, "export.unknownExtension", out);
        }
    }

    private static void adoptCrs(ProjectStore target, String crs) {
        if (target.crs().isEmpty()) {
            target.setCrs(crs);
        }
    }

    private void requireType(boolean isRaster, boolean needRaster, String extension) {
        if (isRaster != needRaster) {
            throw new CgisException(CliMessages.BUNDLE, isRaster ? "export.rasterNeedsTiff" : "export.vectorNeedsVectorFormat",
                    layerName, extension);
        }
    }

    private static String names(ProjectStore store) {
        return String.join(", ", store.layers().stream().map(LayerInfo::name).toList());
    }
}
