package org.communitygis.cli;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
import org.communitygis.io.ChinaCoordinateShift;
import org.communitygis.io.FormatDetector;
import org.communitygis.io.GeoJsonReader;
import org.communitygis.io.GpxReader;
import org.communitygis.io.HouseholdJoin;
import org.communitygis.io.InputFormat;
import org.communitygis.io.KmlReader;
import org.communitygis.io.OsmReader;
import org.communitygis.io.PointTable;
import org.communitygis.io.ShapefileReader;
import org.communitygis.io.SourceLayer;
import org.communitygis.io.SourceLayerNames;
import org.communitygis.io.TableReader;
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
 *
 * <p>Every reader returns {@link SourceLayer}s: the layer and the name it has in its file (a Shapefile's or
 * table's file name without extension, a DXF layer, a KML folder), which {@link Options#layerMap} matches.
 * Then, per layer: longitude/latitude from a Chinese web map is converted to WGS 84
 * ({@link Options#coordSystem}), and the layer is renamed by the layer map. Tables without coordinates are
 * joined onto the {@code buildings} layer ({@link HouseholdJoin}) after the vectors are written, so the
 * buildings may come from the same import.
 */
public final class ProjectImporter {
    /** Margin around the vector extent kept when a DEM is resampled, m. */
    public static final double DEM_MARGIN_M = 1000;
    /** Metadata key of the project's display name, shown by the report and the viewer. */
    public static final String PROJECT_NAME_KEY = "project.name";
    private static final String BUILDINGS = "buildings";

    private final Diagnostics diagnostics;
    private final Progress progress;
    private SurveyDem.Request surveyDemRequest;
    private SurveyDem.Result surveyDemResult;

    /** Creates an importer reporting warnings to {@code diagnostics} and progress to {@code progress}. */
    public ProjectImporter(Diagnostics diagnostics, Progress progress) {
        this.diagnostics = diagnostics;
        this.progress = progress;
    }

    /** Makes later runs build the {@code dem} from survey layers ({@link SurveyDem}); null turns it off. */
    ProjectImporter surveyDem(SurveyDem.Request request) {
        this.surveyDemRequest = request;
        return this;
    }

    /** Returns the survey DEM of the last run, or null when none was requested. */
    SurveyDem.Result surveyDemResult() {
        return surveyDemResult;
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
            int demRows, double demCellM, boolean demResampled, List<Join> joins) {
    }

    /** A household table joined onto the buildings: the table file and the outcome. */
    public record Join(Path file, HouseholdJoin.Result result) {
    }

    /**
     * The settings of an import besides its files.
     *
     * @param crs the project CRS for a new project, e.g. {@code EPSG:4544}
     * @param sourceCrs the CRS of inputs that carry none (GeoTIFF without GeoKeys, Shapefile without
     *     {@code .prj}, tables with projected coordinates)
     * @param demCellM the cell size of a resampled DEM, m
     * @param encoding the text encoding of Shapefile attributes and CSV files, instead of the detected one
     * @param layerMap source name → project layer name (see {@link ImportCommand})
     * @param coordSystem the web map system of longitude/latitude inputs, converted to WGS 84
     * @param columns the coordinate columns of tables, when not detected by name
     * @param joinKey the key that joins tables without coordinates onto {@code buildings}
     * @param elevationTextLayers DXF layers whose numeric texts label survey points on any layer
     *     ({@link org.communitygis.io.DxfElevations})
     */
    public record Options(Optional<String> crs, Optional<String> sourceCrs, OptionalDouble demCellM,
            Optional<Charset> encoding, Map<String, String> layerMap, ChinaCoordinateShift coordSystem,
            PointTable.Columns columns, Optional<HouseholdJoin.Key> joinKey, Set<String> elevationTextLayers) {
        /** Returns options with only the CRS and DEM settings, everything else at its default. */
        public static Options of(Optional<String> crs, Optional<String> sourceCrs, OptionalDouble demCellM) {
            return new Options(crs, sourceCrs, demCellM, Optional.empty(), Map.of(), ChinaCoordinateShift.WGS84,
                    PointTable.Columns.DETECT, Optional.empty(), Set.of());
        }
    }

    /** The layers, rasters and join tables read from the files of one import, before the project is opened. */
    private static final class Inputs {
        final List<FeatureLayer> vectors = new ArrayList<>();
        final List<Raster> dems = new ArrayList<>();
        final List<TableReader.Table> joinTables = new ArrayList<>();
        final Set<Path> shapefilesRead = new HashSet<>();
        final LayerMap layerMap;
        String firstCrs;
        Envelope firstExtent;

        Inputs(LayerMap layerMap) {
            this.layerMap = layerMap;
        }
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
        return run(project, files, Options.of(crsOption, sourceCrs, demCellM));
    }

    /** Imports {@code files} with {@code options} into a GeoPackage or PostGIS project, in one atomic update. */
    Summary run(ProjectLocation project, List<Path> files, Options options) {
        if (files.isEmpty()) {
            throw new CgisException(CliMessages.BUNDLE, "import.noFiles");
        }
        Inputs inputs = new Inputs(LayerMap.parse(options.layerMap()));
        for (Path file : files) {
            readFile(file, options, inputs);
        }
        for (LayerMap.Entry entry : inputs.layerMap.unused()) {
            diagnostics.warn(CliMessages.BUNDLE, "import.layerMapUnused", entry.key(), entry.target());
        }
        Optional<String> normalizedOption = options.crs().map(Crs::normalizeCode);
        normalizedOption.ifPresent(ProjectImporter::requireProjected);

        String projectName = project.defaultName();
        return project.update(store -> write(store, inputs, normalizedOption, options, projectName));
    }

    private void readFile(Path file, Options options, Inputs inputs) {
        if (!Files.isRegularFile(file)) {
            throw new CgisException(CliMessages.BUNDLE, "import.fileNotFound", file);
        }
        Optional<String> sourceCrs = options.sourceCrs();
        InputFormat format = FormatDetector.detect(file);
        String stem = ShapefileReader.baseName(file);
        progress.begin(CliMessages.BUNDLE.format("import.reading", file.getFileName()), 0);
        List<SourceLayer> readLayers = new ArrayList<>();
        List<Raster> readRasters = new ArrayList<>();
        switch (format) {
            case OSM_XML:
                OsmReader.read(file, diagnostics).forEach(layer -> readLayers.add(new SourceLayer(layer.name(), layer)));
                break;
            case GEOJSON:
                readLayers.add(new SourceLayer(stem, GeoJsonReader.read(file, diagnostics)));
                break;
            case GEOPACKAGE:
                GeoPackageReader.readFeatureLayers(file, diagnostics)
                        .forEach(layer -> readLayers.add(new SourceLayer(layer.name(), layer)));
                GeoPackageReader.readRasters(file).forEach(named -> readRasters.add(named.raster()));
                break;
            case SRTM_HGT:
                readRasters.add(SrtmReader.read(file));
                break;
            case GEOTIFF:
                readRasters.add(GeoTiffReader.read(file, sourceCrs, diagnostics));
                break;
            case SHAPEFILE: {
                Path shp = shapefile(file);
                if (!inputs.shapefilesRead.add(shp.toAbsolutePath().normalize())) {
                    progress.end();
                    return;
                }
                stem = ShapefileReader.baseName(shp);
                readLayers.add(new SourceLayer(stem, ShapefileReader.read(shp, ShapefileReader.layerName(shp),
                        options.encoding(), sourceCrs, diagnostics)));
                break;
            }
            case CSV:
            case EXCEL:
            case DBF: {
                TableReader.Table table = readTable(file, format, options.encoding());
                if (!PointTable.hasGeometry(table, options.columns()) && options.joinKey().isPresent()) {
                    inputs.joinTables.add(table);
                    progress.end();
                    return;
                }
                readLayers.add(new SourceLayer(stem, PointTable.toLayer(table, SourceLayerNames.of(stem),
                        options.columns(), sourceCrs, diagnostics)));
                break;
            }
            case DXF:
                readLayers.addAll(SurveyImport.readDxf(file, sourceCrs, inputs.layerMap,
                        options.elevationTextLayers(), diagnostics));
                break;
            case KML:
                readLayers.addAll(KmlReader.read(file, diagnostics));
                break;
            case GPX:
                readLayers.addAll(GpxReader.read(file, diagnostics));
                break;
            default:
                throw new CgisException(CliMessages.BUNDLE, "import.unsupported", file, format);
        }
        progress.end();
        boolean noFeatures = readLayers.stream().allMatch(source -> source.layer().size() == 0);
        if (noFeatures && readRasters.isEmpty()) {
            // Also when every record was skipped (a Shapefile of null shapes, a table of bad coordinates).
            throw new CgisException(CliMessages.BUNDLE, "import.empty", file);
        }
        List<FeatureLayer> layers = new ArrayList<>();
        for (SourceLayer source : readLayers) {
            FeatureLayer layer = mapName(file, source, readLayers, inputs.layerMap);
            if (format == InputFormat.SHAPEFILE || format == InputFormat.DBF) {
                layer = DbfFieldNames.restore(layer, file.getFileName().toString(), diagnostics);
            }
            layers.add(ZElevations.carryZ(unshift(file, layer, options.coordSystem())));
        }
        if (inputs.firstCrs == null) {
            rememberFirstFile(inputs, layers, readRasters);
        }
        checkNoData(file, readRasters);
        inputs.vectors.addAll(layers);
        inputs.dems.addAll(readRasters);
    }

    /** Keeps the CRS and extent of the first file read, from which a new project's CRS is chosen. */
    private static void rememberFirstFile(Inputs inputs, List<FeatureLayer> layers, List<Raster> readRasters) {
        if (!layers.isEmpty()) {
            inputs.firstCrs = layers.get(0).crs();
            Envelope extent = new Envelope();
            layers.forEach(layer -> extent.expandToInclude(layer.envelope()));
            inputs.firstExtent = extent;
        } else {
            inputs.firstCrs = readRasters.get(0).grid().crs();
            inputs.firstExtent = readRasters.get(0).grid().envelope();
        }
    }

    /** Rejects a DEM of {@code file} without any value and warns about one with NoData cells. */
    private void checkNoData(Path file, List<Raster> readRasters) {
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
    }

    private TableReader.Table readTable(Path file, InputFormat format, Optional<Charset> encoding) {
        switch (format) {
            case CSV:
                return TableReader.readCsv(file, encoding);
            case DBF:
                return TableReader.readDbf(file, encoding, diagnostics);
            default:
                return TableReader.readExcel(file);
        }
    }

    /** Returns the {@code .shp} that {@code file} (a {@code .shp} or one of its sibling files) belongs to. */
    private static Path shapefile(Path file) {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".shp")) {
            return file;
        }
        return ShapefileReader.shpBeside(file).orElseThrow(() -> new CgisException(CliMessages.BUNDLE,
                "import.shpMissing", file, ShapefileReader.baseName(file) + ".shp"));
    }

    /** Converts a longitude/latitude layer from a Chinese web map system to WGS 84; projected layers pass. */
    private FeatureLayer unshift(Path file, FeatureLayer layer, ChinaCoordinateShift system) {
        if (system == ChinaCoordinateShift.WGS84) {
            return layer;
        }
        if (!Crs.isGeographic(layer.crs())) {
            diagnostics.warn(CliMessages.BUNDLE, "import.shiftSkipped", file.getFileName(), layer.name(), layer.crs());
            return layer;
        }
        FeatureLayer result = new FeatureLayer(layer.name(), layer.kind(), layer.crs(), layer.fields());
        for (Feature feature : layer.features()) {
            result.add(new Feature(feature.id(), system.toWgs84(feature.geometry()), feature.attributes()));
        }
        return result;
    }

    /**
     * Returns the layer of {@code source} renamed by the layer map, as {@link LayerMap} states. Source names
     * are tried first. When every layer of the file comes from one source name, the file name without and
     * then with extension are tried too.
     */
    private FeatureLayer mapName(Path file, SourceLayer source, List<SourceLayer> layersInFile, LayerMap layerMap) {
        FeatureLayer layer = source.layer();
        Optional<LayerMap.Family> family = LayerMap.Family.of(layer.kind());
        List<String> candidates = new ArrayList<>();
        candidates.add(source.source());
        if (layersInFile.stream().allMatch(other -> other.source().equals(source.source()))) {
            candidates.add(ShapefileReader.baseName(file));
            candidates.add(file.getFileName().toString());
        }
        for (String candidate : candidates) {
            Optional<LayerMap.Entry> entry = layerMap.find(candidate, family);
            if (entry.isPresent()) {
                return mapped(file, source, layersInFile, entry.get(), family);
            }
        }
        if (!source.source().chars().allMatch(ch -> ch < 128)) {
            diagnostics.warn(CliMessages.BUNDLE, "import.layerNamed", source.source(), layer.name());
        }
        return layer;
    }

    /** Applies {@code entry} to the layer of {@code source}, whose geometry family is {@code family}. */
    private FeatureLayer mapped(Path file, SourceLayer source, List<SourceLayer> layersInFile, LayerMap.Entry entry,
            Optional<LayerMap.Family> family) {
        FeatureLayer layer = source.layer();
        long families = layersInFile.stream().filter(other -> other.source().equals(source.source())).count();
        if (entry.family().isPresent() || families == 1 || family.isEmpty()) {
            return renamed(layer, entry.target());
        }
        Optional<LayerMap.Family> expected = LayerMap.expectedFamily(entry.target());
        if (expected.isEmpty()) {
            return renamed(layer, entry.target() + "_" + family.get().label());
        }
        if (expected.equals(family)) {
            return renamed(layer, entry.target());
        }
        diagnostics.warn(CliMessages.BUNDLE, "import.layerMapOtherFamily", file.getFileName(), source.source(),
                family.get().label(), layer.name(), entry.target(), expected.get().label());
        return layer;
    }

    private static FeatureLayer renamed(FeatureLayer layer, String name) {
        if (layer.name().equals(name)) {
            return layer;
        }
        FeatureLayer result = new FeatureLayer(name, layer.kind(), layer.crs(), layer.fields());
        layer.features().forEach(result::add);
        return result;
    }

    private Summary write(ProjectStore store, Inputs inputs, Optional<String> crsOption, Options options,
            String projectName) {
        List<FeatureLayer> vectors = inputs.vectors;
        List<Raster> dems = inputs.dems;
        OptionalDouble demCellM = options.demCellM();
        boolean crsChosen = false;
        String projectCrs;
        Optional<String> existing = store.crs();
        if (existing.isPresent()) {
            projectCrs = existing.get();
            if (crsOption.isPresent() && !crsOption.get().equals(projectCrs)) {
                throw new CgisException(CliMessages.BUNDLE, "import.crsConflict", crsOption.get(), projectCrs);
            }
        } else {
            if (inputs.firstCrs == null && crsOption.isEmpty()) {
                throw new CgisException(CliMessages.BUNDLE, "import.joinNeedsBuildings", inputs.joinTables.get(0).file());
            }
            projectCrs = crsOption.orElseGet(() -> chooseCrs(inputs.firstCrs, inputs.firstExtent));
            store.setCrs(projectCrs);
            crsChosen = true;
            if (!store.metadata().containsKey(PROJECT_NAME_KEY)) {
                store.putMetadata(PROJECT_NAME_KEY, projectName);
            }
        }

        Map<String, Integer> counts = new LinkedHashMap<>();
        List<FeatureLayer> writtenLayers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Envelope vectorExtent = new Envelope();
        for (FeatureLayer layer : vectors) {
            FeatureLayer projected = transform(layer, projectCrs, names);
            if (store.contains(projected.name())) {
                diagnostics.warn(CliMessages.BUNDLE, "import.layerReplaced", projected.name());
            }
            store.writeFeatures(projected);
            writtenLayers.add(projected);
            counts.put(projected.name(), projected.size());
            vectorExtent.expandToInclude(projected.envelope());
        }
        for (LayerInfo info : store.layers()) {
            if (info.type() == LayerInfo.LayerType.VECTOR && !counts.containsKey(info.name())) {
                vectorExtent.expandToInclude(info.envelope());
            }
        }

        surveyDemResult = null;
        if (surveyDemRequest != null) {
            surveyDemResult = SurveyDem.build(surveyDemRequest, writtenLayers, store, projectCrs, demCellM,
                    !dems.isEmpty(), diagnostics);
            dems.add(surveyDemResult.dem());
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
        List<Join> joins = new ArrayList<>();
        for (TableReader.Table table : inputs.joinTables) {
            joins.add(join(store, table, options.joinKey().orElseThrow()));
        }
        return new Summary(projectCrs, crsChosen, counts, demCols, demRows, cell, resampled, joins);
    }

    /** Joins a household table onto the project's {@code buildings} layer and writes the layer back. */
    private Join join(ProjectStore store, TableReader.Table table, HouseholdJoin.Key key) {
        if (!store.contains(BUILDINGS)) {
            throw new CgisException(CliMessages.BUNDLE, "import.joinNeedsBuildings", table.file());
        }
        FeatureLayer buildings = store.readFeatures(BUILDINGS);
        HouseholdJoin.Result result = HouseholdJoin.join(table, key, buildings);
        store.writeFeatures(buildings);
        if (!result.unmatchedRows().isEmpty()) {
            diagnostics.warn(CliMessages.BUNDLE, "import.joinUnmatchedRows", table.file().getFileName(),
                    result.unmatchedRows().size(), key.column(), key.attribute(), listed(result.unmatchedRows()));
        }
        if (!result.unmatchedBuildings().isEmpty()) {
            diagnostics.warn(CliMessages.BUNDLE, "import.joinUnmatchedBuildings", result.unmatchedBuildings().size(),
                    buildings.size(), table.file().getFileName(), listed(result.unmatchedBuildings()));
        }
        if (!result.invalidCells().isEmpty()) {
            diagnostics.warn(CliMessages.BUNDLE, "import.joinInvalidNumbers", table.file().getFileName(),
                    result.invalidCells().size(), listed(result.invalidCells()));
        }
        return new Join(table.file(), result);
    }

    /** Returns up to {@link HouseholdJoin#MAX_LISTED} items joined by commas, then "…" when there are more. */
    private static String listed(List<?> items) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(items.size(), HouseholdJoin.MAX_LISTED); i++) {
            text.append(i == 0 ? "" : ", ").append(items.get(i));
        }
        return items.size() > HouseholdJoin.MAX_LISTED ? text + ", …" : text.toString();
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
