package org.communitygis.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.Callable;
import org.communitygis.core.CgisException;
import org.communitygis.core.crs.Crs;
import org.communitygis.io.ChinaCoordinateShift;
import org.communitygis.io.HouseholdJoin;
import org.communitygis.io.PointTable;
import org.communitygis.io.TextEncodings;
import org.communitygis.rasterio.DemComparison;
import org.communitygis.rasterio.GeoTiffWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cgis import --project P.gpkg | --db URL FILE...}: see {@link ProjectImporter}.
 *
 * <p>{@code --layer-map SOURCE[:FAMILY]=LAYER} (repeatable) names the project layer that a source becomes,
 * e.g. {@code --layer-map 房屋=buildings --layer-map 污水管=pipes}. SOURCE is matched against the layer's name
 * inside its file first (a DXF layer, a KML folder, a GeoPackage table, an OSM layer such as {@code roads}),
 * then, for a file whose layers all come from one source name, its file name without extension ({@code 房屋}
 * for {@code 房屋.shp}) and with it; exact matches first, then ignoring case. LAYER must be a valid layer
 * name (lower-case ASCII letter, then letters, digits, {@code _}). When a source contains several geometry
 * families (a DXF layer with points and lines), the entry applies to the family LAYER is defined with, or
 * to the FAMILY ({@code points}, {@code lines}, {@code polygons}) given after a colon; {@link LayerMap} has
 * the rule. Sources without an entry keep the default name: the sanitized file or source name, so a
 * Chinese name without ASCII letters gives {@code layer_N}, with a warning that suggests the option. An
 * entry that matches nothing gives a warning.
 *
 * <p>{@code --elevation-text-layer LAYER[,LAYER]} names the DXF layers whose numeric texts give the height
 * of survey points drawn on other layers; texts on a point's own layer are always used.
 */
@Command(name = "import", mixinStandardHelpOptions = true)
final class ImportCommand implements Callable<Integer> {
    @Mixin
    ProjectOption project;

    @Option(names = "--crs", paramLabel = "EPSG:n")
    String crs;

    @Option(names = "--source-crs", paramLabel = "EPSG:n")
    String sourceCrs;

    @Option(names = "--dem-cell-m", paramLabel = "m")
    Double demCellM;

    @Option(names = "--encoding", paramLabel = "NAME")
    String encoding;

    @Option(names = "--layer-map", paramLabel = "SOURCE=LAYER", mapFallbackValue = "")
    Map<String, String> layerMap = new LinkedHashMap<>();

    @Option(names = "--coord-system", paramLabel = "wgs84|gcj02|bd09")
    String coordSystem;

    @Option(names = "--x-column", paramLabel = "COLUMN")
    String xColumn;

    @Option(names = "--y-column", paramLabel = "COLUMN")
    String yColumn;

    @Option(names = "--wkt-column", paramLabel = "COLUMN")
    String wktColumn;

    @Option(names = "--join-key", paramLabel = "COLUMN=ATTRIBUTE")
    String joinKey;

    @Option(names = "--elevation-text-layer", paramLabel = "LAYER", split = ",")
    List<String> elevationTextLayers = new ArrayList<>();

    @Option(names = "--dem-from-survey", paramLabel = "LAYER[:FIELD]", split = ",")
    List<String> demFromSurvey;

    @Option(names = "--dem-max-edge-m", paramLabel = "m")
    Double demMaxEdgeM;

    @Option(names = "--compare-dem", paramLabel = "FILE")
    Path compareDem;

    @Option(names = "--compare-dem-out", paramLabel = "FILE.tif")
    Path compareDemOut;

    @Parameters(arity = "1..*", paramLabel = "FILE", descriptionKey = "files")
    List<Path> files;

    @Override
    public Integer call() {
        Console console = CliContext.console();
        ProjectImporter importer = new ProjectImporter(CliContext.diagnostics(), CliContext.progress());
        ProjectLocation location = project.location();
        ProjectImporter.Options options = new ProjectImporter.Options(Optional.ofNullable(crs),
                Optional.ofNullable(sourceCrs), demCellM == null ? OptionalDouble.empty() : OptionalDouble.of(demCellM),
                Optional.ofNullable(encoding).map(TextEncodings::option), layerMap,
                coordSystem == null ? ChinaCoordinateShift.WGS84 : ChinaCoordinateShift.parse(coordSystem),
                new PointTable.Columns(Optional.ofNullable(xColumn), Optional.ofNullable(yColumn),
                        Optional.ofNullable(wktColumn)),
                Optional.ofNullable(joinKey).map(HouseholdJoin.Key::parse), Set.copyOf(elevationTextLayers));
        if (demFromSurvey != null) {
            importer.surveyDem(new SurveyDem.Request(demFromSurvey,
                    demMaxEdgeM == null ? Double.POSITIVE_INFINITY : demMaxEdgeM, Optional.ofNullable(compareDem)));
        } else if (compareDem != null || compareDemOut != null || demMaxEdgeM != null) {
            throw new CgisException(CliMessages.BUNDLE, "import.surveyOptionsWithoutSurvey");
        }
        if (compareDemOut != null && compareDem == null) {
            throw new CgisException(CliMessages.BUNDLE, "import.compareDemOutWithoutDem");
        }
        ProjectImporter.Summary summary = importer.run(location, files, options);
        if (summary.crsChosen()) {
            console.info("import.crsChosen", summary.projectCrs(), Crs.name(summary.projectCrs()));
        }
        for (Map.Entry<String, Integer> entry : summary.layerCounts().entrySet()) {
            console.info("import.layerWritten", entry.getKey(), entry.getValue());
        }
        if (summary.demCols() > 0) {
            console.info(summary.demResampled() ? "import.demResampled" : "import.demKept", summary.demCols(),
                    summary.demRows(), summary.demCellM());
        }
        if (importer.surveyDemResult() != null) {
            reportSurveyDem(console, importer.surveyDemResult());
        }
        for (ProjectImporter.Join join : summary.joins()) {
            console.info("import.joined", join.file().getFileName(), join.result().matchedRows(),
                    join.result().matchedBuildings());
        }
        console.info("import.done", location);
        return 0;
    }

    private void reportSurveyDem(Console console, SurveyDem.Result result) {
        console.info("import.surveyDem", result.points(), result.breaklines(), result.triangles(),
                result.dem().grid().cols(), result.dem().grid().rows(), result.dem().grid().cellWidth(),
                result.dem().noDataCount());
        if (result.comparison().isEmpty()) {
            return;
        }
        DemComparison comparison = result.comparison().get();
        if (comparison.cells() > 0) {
            console.info("import.compareDem", compareDem, comparison.cells(), comparison.meanM(), comparison.rmseM(),
                    comparison.maxAbsM(), comparison.maxAbsX(), comparison.maxAbsY());
        }
        if (compareDemOut != null) {
            GeoTiffWriter.write(comparison.difference(), compareDemOut);
            console.info("import.compareDemWritten", compareDemOut);
        }
    }
}
