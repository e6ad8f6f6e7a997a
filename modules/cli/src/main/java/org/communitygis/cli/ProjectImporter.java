package org.communitygis.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.crs.CrsTransform;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.raster.Raster;
import org.communitygis.core.store.LayerInfo;
import org.communitygis.core.store.ProjectStore;
import org.communitygis.io.FormatDetector;
import org.communitygis.io.GeoJsonReader;
import org.communitygis.io.InputFormat;
import org.communitygis.io.OsmReader;
import org.communitygis.rasterio.DemBuilder;
import org.communitygis.rasterio.GeoTiffReader;
import org.communitygis.rasterio.SrtmReader;
import org.communitygis.store.GeoPackageReader;
import org.locationtech.jts.geom.Envelope;

/**
 * Imports files into a project: detects each file's format, reads it, settles the project CRS, transforms
 * vectors into it, builds the {@code dem} raster from all DEM inputs, and writes everything in one atomic
 * project update.
 *
 * <p>CRS rule: a project keeps the CRS it has. A new project takes {@code --crs} when given, else the
 * CRS of the first file if that is projected, else a local metric CRS chosen from the first file's centre
 * ({@link Crs#localMetricCode}: CGCS2000 3° Gauss-Krüger inside China, UTM elsewhere). DEM rule: see
 * {@link DemBuilder#toProjectCrs}: a DEM already in the project CRS keeps its grid and values; any other
 * is resampled bilinearly onto a grid of its native cell size in metres, clipped to the vectors' extent
 * plus {@link #DEM_MARGIN_M}.
 */
public final class ProjectImporter {
    /** Margin around the vector extent kept when a DEM is resampled, m. */
    public static final double DEM_MARGIN_M = 1000;
    /** Metadata key of the project's display name, shown by the report and the viewer. */
    public static final String PROJECT_NAME_KEY = "project.name";

    private final Diagnostics diagnostics;
    private final Progress progress;

    /** Creates an importer reporting warnings to {@code diagnostics} and progress to {@code progress}. */
    public ProjectImporter(Diagnostics diagnostics, Progress progress) {
        this.diagnostics = diagnostics;
        this.progress = progress;
    }

    /**
     * The outcome of an import.
     *
     * @param projectCrs the project's CRS code after the import
     * @param crsChosen true when this import set the project CRS
     * @param layerCounts imported vector layers and their feature counts
     * @param demCols DEM columns (0 when no DEM was imported)
     * @param demRows DEM rows
     * @param demCellM DEM cell size, m
     * @param demResampled true when the DEM was resampled into the project CRS
     */
    public record Summary(String projectCrs, boolean crsChosen, Map<String, Integer> layerCounts, int demCols,
            int demRows, double demCellM, boolean demResampled) {
    }

    /**
     * Imports {@code files} into {@code project} (created when missing).
     *
     * @param crsOption the project CRS for a new project, e.g. {@code EPSG:4544}
     * @param sourceCrs the CRS of inputs that carry none (GeoTIFF without GeoKeys)
     * @param demCellM the cell size of a resampled DEM, m
     */
    public Summary run(Path project, List<Path> files, Optional<String> crsOption, Optional<String> sourceCrs,
            OptionalDouble demCellM) {
        return run(ProjectLocation.file(project), files, crsOption, sourceCrs, demCellM);
    }

    /** Imports {@code files} into a GeoPackage or PostGIS project (created when missing), in one atomic update. */
    Summary run(ProjectLocation project, List<Path> files, Optional<String> crsOption, Optional<String> sourceCrs,
            OptionalDouble demCellM) {
        if (files.isEmpty()) {
            throw new CgisException(CliMessages.BUNDLE, "import.noFiles");
        }
        List<FeatureLayer> vectors = new ArrayList<>();
        List<Raster> dems = new ArrayList<>();
        List<String> firstCrs = new ArrayList<>();
        List<Envelope> firstExtent = new ArrayList<>();
        for (Path file : files) {
            readFile(file, sourceCrs, vectors, dems, firstCrs, firstExtent);
        }
        Optional<String> normalizedOption = crsOption.map(Crs::normalizeCode);
        normalizedOption.ifPresent(ProjectImporter::requireProjected);

        String projectName = project.defaultName();
        return project.update(store -> write(store, vectors, dems, normalizedOption, firstCrs.get(0),
                firstExtent.get(0), demCellM, projectName));
    }

    private void readFile(Path file, Optional<String> sourceCrs, List<FeatureLayer> vectors, List<Raster> dems,
            List<String> firstCrs, List<Envelope> firstExtent) {
        if (!Files.isRegularFile(file)) {
            throw new CgisException(CliMessages.BUNDLE, "import.fileNotFound", file);
        }
        InputFormat format = FormatDetector.detect(file);
        progress.begin(CliMessages.BUNDLE.format("import.reading", file.getFileName()), 0);
        List<FeatureLayer> readLayers = new ArrayList<>();
        List<Raster> readRasters = new ArrayList<>();
        switch (format) {
            case OSM_XML:
                readLayers.addAll(OsmReader.read(file, diagnostics));
                break;
            case GEOJSON:
                readLayers.add(GeoJsonReader.read(file, diagnostics));
                break;
            case GEOPACKAGE:
                readLayers.addAll(GeoPackageReader.readFeatureLayers(file, diagnostics));
                GeoPackageReader.readRasters(file).forEach(named -> readRasters.add(named.raster()));
                break;
            case SRTM_HGT:
                readRasters.add(SrtmReader.read(file));
                break;
            case GEOTIFF:
                readRasters.add(GeoTiffReader.read(file, sourceCrs, diagnostics));
                break;
            default:
                throw new CgisException(CliMessages.BUNDLE, "import.unsupported", file, format);
        }
        progress.end();
        if (readLayers.isEmpty() && readRasters.isEmpty()) {
            throw new CgisException(CliMessages.BUNDLE, "import.empty", file);
        }
        if (firstCrs.isEmpty()) {
            if (!readLayers.isEmpty()) {
                firstCrs.add(readLayers.get(0).crs());
                Envelope extent = new Envelope();
                readLayers.forEach(layer -> extent.expandToInclude(layer.envelope()));
                firstExtent.add(extent);
            } else {
                firstCrs.add(readRasters.get(0).grid().crs());
                firstExtent.add(readRasters.get(0).grid().envelope());
            }
        }
        for (Raster raster : readRasters) {
            long noData = raster.noDataCount();
            if (noData == raster.grid().size()) {
                throw new CgisException(CliMessages.BUNDLE, "import.demAllNoData", file);
            }
            if (noData > 0) {
                diagnostics.warn(CliMessages.BUNDLE, "import.demNoData", file.getFileName(), noData,
                        raster.grid().size());
            }
        }
        vectors.addAll(readLayers);
        dems.addAll(readRasters);
    }

    private Summary write(ProjectStore store, List<FeatureLayer> vectors, List<Raster> dems,
            Optional<String> crsOption, String firstCrs, Envelope firstExtent, OptionalDouble demCellM,
            String projectName) {
        boolean crsChosen = false;
        String projectCrs;
        Optional<String> existing = store.crs();
        if (existing.isPresent()) {
            projectCrs = existing.get();
            if (crsOption.isPresent() && !crsOption.get().equals(projectCrs)) {
                throw new CgisException(CliMessages.BUNDLE, "import.crsConflict", crsOption.get(), projectCrs);
            }
        } else {
            projectCrs = crsOption.orElseGet(() -> chooseCrs(firstCrs, firstExtent));
            store.setCrs(projectCrs);
            crsChosen = true;
            if (!store.metadata().containsKey(PROJECT_NAME_KEY)) {
                store.putMetadata(PROJECT_NAME_KEY, projectName);
            }
        }

        Map<String, Integer> counts = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        Envelope vectorExtent = new Envelope();
        for (FeatureLayer layer : vectors) {
            FeatureLayer projected = transform(layer, projectCrs, names);
            if (store.contains(projected.name())) {
                diagnostics.warn(CliMessages.BUNDLE, "import.layerReplaced", projected.name());
            }
            store.writeFeatures(projected);
            counts.put(projected.name(), projected.size());
            vectorExtent.expandToInclude(projected.envelope());
        }
        for (LayerInfo info : store.layers()) {
            if (info.type() == LayerInfo.LayerType.VECTOR && !counts.containsKey(info.name())) {
                vectorExtent.expandToInclude(info.envelope());
            }
        }

        int demCols = 0;
        int demRows = 0;
        double cell = 0;
        boolean resampled = false;
        if (!dems.isEmpty()) {
            Raster mosaic = dems.size() == 1 ? dems.get(0) : DemBuilder.mosaic(dems);
            Optional<Envelope> clip = Optional.empty();
            if (!vectorExtent.isNull()) {
                Envelope expanded = new Envelope(vectorExtent);
                expanded.expandBy(DEM_MARGIN_M);
                clip = Optional.of(expanded);
            }
            resampled = !Crs.normalizeCode(mosaic.grid().crs()).equals(projectCrs);
            if (!vectorExtent.isNull()) {
                requireOverlap(mosaic, vectorExtent, projectCrs);
            }
            Raster dem = DemBuilder.toProjectCrs(mosaic, projectCrs, demCellM, clip, progress);
            if (dem.noDataCount() == dem.grid().size()) {
                throw new CgisException(CliMessages.BUNDLE, "import.demNoOverlap", format(lonLat(mosaic)),
                        format(Crs.transform(projectCrs, Crs.CRS84).apply(vectorExtent)), Crs.CRS84);
            }
            if (store.contains("dem")) {
                diagnostics.warn(CliMessages.BUNDLE, "import.layerReplaced", "dem");
            }
            store.writeRaster("dem", dem);
            demCols = dem.grid().cols();
            demRows = dem.grid().rows();
            cell = dem.grid().cellWidth();
        }
        return new Summary(projectCrs, crsChosen, counts, demCols, demRows, cell, resampled);
    }

    /**
     * Rejects a DEM whose extent misses the vectors. The test runs in longitude/latitude, because a
     * projected CRS such as a Gauss-Krüger zone returns meaningless coordinates far from its central
     * meridian, so extents compared there can overlap by accident.
     */
    private static void requireOverlap(Raster dem, Envelope vectorExtent, String projectCrs) {
        Envelope demLonLat = lonLat(dem);
        Envelope vectorLonLat = Crs.transform(projectCrs, Crs.CRS84).apply(vectorExtent);
        if (!demLonLat.intersects(vectorLonLat)) {
            throw new CgisException(CliMessages.BUNDLE, "import.demNoOverlap", format(demLonLat), format(vectorLonLat),
                    Crs.CRS84);
        }
    }

    private static Envelope lonLat(Raster raster) {
        return Crs.transform(raster.grid().crs(), Crs.CRS84).apply(raster.grid().envelope());
    }

    private String chooseCrs(String firstCrs, Envelope firstExtent) {
        if (Crs.isProjected(firstCrs) && !isWebMercator(firstCrs)) {
            return Crs.normalizeCode(firstCrs);
        }
        CrsTransform toLonLat = Crs.transform(firstCrs, Crs.CRS84);
        Envelope lonLat = toLonLat.apply(firstExtent);
        return Crs.localMetricCode(lonLat.centre().x, lonLat.centre().y);
    }

    private static void requireProjected(String code) {
        if (!Crs.isProjected(code)) {
            throw new CgisException(CliMessages.BUNDLE, "import.crsNotProjected", code);
        }
        if (isWebMercator(code)) {
            throw new CgisException(CliMessages.BUNDLE, "import.crsWebMercator", code);
        }
    }

    /**
     * Returns whether {@code code} is a Mercator CRS of web maps, whose scale grows with latitude (by 15 % at
     * 30°N), so that its metres are unfit for distances, gradients and areas. Such input is moved to a local
     * CRS like longitude/latitude input.
     */
    private static boolean isWebMercator(String code) {
        int epsg = Crs.epsg(code);
        return epsg == 3857 || epsg == 3785 || epsg == 900913 || epsg == 3395 || epsg == 102100;
    }

    private FeatureLayer transform(FeatureLayer layer, String projectCrs, Set<String> usedNames) {
        String name = layer.name();
        for (int suffix = 2; !usedNames.add(name); suffix++) {
            name = layer.name() + "_" + suffix;
        }
        CrsTransform transform = Crs.transform(layer.crs(), projectCrs);
        FeatureLayer result = new FeatureLayer(name, layer.kind(), projectCrs, layer.fields());
        for (Feature feature : layer.features()) {
            result.add(new Feature(feature.id(), transform.apply(feature.geometry()), feature.attributes()));
        }
        return result;
    }

    private static String format(Envelope envelope) {
        String number = envelope.getWidth() < 360 && Math.abs(envelope.getMaxY()) <= 90 ? "%.4f" : "%.1f";
        String pattern = number + ", " + number + " – " + number + ", " + number;
        return String.format(java.util.Locale.ROOT, pattern, envelope.getMinX(), envelope.getMinY(), envelope.getMaxX(),
                envelope.getMaxY());
    }
}
