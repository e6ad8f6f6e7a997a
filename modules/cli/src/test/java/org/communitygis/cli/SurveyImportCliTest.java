package org.communitygis.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.communitygis.rasterio.GeoTiffReader;
import org.communitygis.rasterio.GeoTiffWriter;
import org.communitygis.store.Projects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Imports a DXF survey drawing (EPSG:4544 without zone prefix) of a sloping plane: contours as LWPOLYLINEs
 * with an elevation (code 38) on layer DGX, spot heights as POINTs with the height as TEXT beside them on
 * GCD, buildings on JMD and a road on DLSS.
 */
class SurveyImportCliTest {
    private static final double X0 = 500_000;
    private static final double Y0 = 3_300_000;

    @TempDir
    Path dir;

    @Test
    void dxfWithLayerMapAndSurveyDem() throws IOException {
        Path dxf = writeDrawing();
        Path reference = dir.resolve("reference.tif");
        GridGeometry referenceGrid = new GridGeometry(50, 50, X0, Y0 + 200, 4, 4, "EPSG:4544");
        float[] values = new float[referenceGrid.size()];
        for (int row = 0; row < referenceGrid.rows(); row++) {
            for (int col = 0; col < referenceGrid.cols(); col++) {
                values[referenceGrid.index(col, row)] = (float) (plane(referenceGrid.centerX(col),
                        referenceGrid.centerY(row)) + 0.5);
            }
        }
        GeoTiffWriter.write(new Raster(referenceGrid, values, -9999f, "m"), reference);
        Path project = dir.resolve("survey.gpkg");
        Path difference = dir.resolve("difference.tif");

        CliRun run = CliRun.of("--lang", "en", "import", "--project", project.toString(), "--source-crs", "EPSG:4544",
                "--layer-map", "JMD=buildings", "--layer-map", "DLSS=roads", "--layer-map", "GCD=spot_heights",
                "--layer-map", "DGX=contours", "--dem-from-survey", "spot_heights,contours", "--dem-cell-m", "2",
                "--compare-dem", reference.toString(), "--compare-dem-out", difference.toString(), dxf.toString());

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("Imported layer buildings: 2 features").contains("Imported layer contours: 5")
                .contains("Imported layer spot_heights: 14").contains("DEM from survey data");
        // 13 points and the one text too far from any point; the 9 texts used as heights are not features.
        assertThat(run.err).contains("not imported as features of their own: 9.");
        assertThat(run.out).containsPattern("mean -0\\.50\\d m, RMSE 0\\.50\\d m");
        assertThat(run.err).contains("1 of 13 survey points have no elevation");

        FeatureLayer buildings = Projects.read(project, store -> store.readFeatures("buildings"));
        assertThat(buildings.kind().isAreal()).isTrue();
        assertThat(buildings.features().get(0).geometry().getArea()).isCloseTo(200, within(1e-6));
        FeatureLayer roads = Projects.read(project, store -> store.readFeatures("roads"));
        assertThat(roads.kind()).isEqualTo(GeometryKind.LINESTRING);

        Raster dem = Projects.read(project, store -> store.readRaster("dem"));
        assertThat(dem.grid().cellWidth()).isEqualTo(2.0);
        assertThat(dem.grid().crs()).isEqualTo("EPSG:4544");
        int checked = 0;
        for (int row = 0; row < dem.grid().rows(); row++) {
            for (int col = 0; col < dem.grid().cols(); col++) {
                float value = dem.get(col, row);
                if (!Float.isNaN(value)) {
                    double expected = plane(dem.grid().centerX(col), dem.grid().centerY(row));
                    assertThat((double) value).isCloseTo(expected, within(1e-3));
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(9000);

        Raster written = GeoTiffReader.read(difference, Optional.empty(), new Diagnostics());
        assertThat(written.grid().cols()).isEqualTo(dem.grid().cols());
        float sample = written.get(written.grid().cols() / 2, written.grid().rows() / 2);
        assertThat((double) sample).isCloseTo(-0.5, within(1e-3));
    }

    @Test
    void dxfWithoutSourceCrsRejected() throws IOException {
        Path dxf = writeDrawing();
        Path project = dir.resolve("nocrs.gpkg");

        CliRun run = CliRun.of("--lang", "en", "import", "--project", project.toString(), dxf.toString());

        assertThat(run.exitCode).isNotZero();
        assertThat(run.err).contains("--source-crs").contains("survey.dxf");
        assertThat(project).doesNotExist();
    }

    @Test
    void surveyLayerMissingNamesAvailableLayers() throws IOException {
        Path dxf = writeDrawing();
        Path project = dir.resolve("missing.gpkg");

        CliRun run = CliRun.of("--lang", "zh", "import", "--project", project.toString(), "--source-crs", "EPSG:4544",
                "--dem-from-survey", "spot_heights", dxf.toString());

        assertThat(run.exitCode).isNotZero();
        assertThat(run.err).contains("spot_heights").contains("gcd");
        assertThat(project).doesNotExist();
    }

    private static double plane(double x, double y) {
        return 100 + 0.02 * (x - X0) + 0.01 * (y - Y0);
    }

    /** Writes the drawing over the square X0..X0+200, Y0..Y0+200. */
    private Path writeDrawing() throws IOException {
        StringBuilder dxf = new StringBuilder();
        pairs(dxf, 0, "SECTION", 2, "HEADER", 9, "$ACADVER", 1, "AC1015", 9, "$DWGCODEPAGE", 3, "ANSI_936", 0, "ENDSEC");
        pairs(dxf, 0, "SECTION", 2, "ENTITIES");
        // Contours of the plane: z = 100 + 0.02·dx + 0.01·dy is constant along dy = (z − 100 − 0.02·dx) / 0.01.
        // Each is drawn across the square at a fixed z, from dx = 0 to dx = 200.
        int handle = 0x100;
        for (int level = 0; level < 5; level++) {
            double z = 100.5 + level * 1.0;
            pairs(dxf, 0, "LWPOLYLINE", 5, Integer.toHexString(handle++), 8, "DGX", 90, 2, 70, 0, 38, z);
            double dy0 = (z - 100) / 0.01;
            double dy1 = (z - 100 - 0.02 * 200) / 0.01;
            // Clip the contour to 0 ≤ dy ≤ 200 by moving along it.
            double[] start = clip(0, dy0, 200, dy1);
            pairs(dxf, 10, X0 + start[0], 20, Y0 + start[1], 10, X0 + start[2], 20, Y0 + start[3]);
        }
        for (int i = 0; i <= 3; i++) {
            for (int j = 0; j <= 2; j++) {
                double x = X0 + i * 200.0 / 3;
                double y = Y0 + j * 100.0;
                if (i == 3 && j == 2) {
                    // A spot height whose text is too far away: reported, not used.
                    pairs(dxf, 0, "POINT", 5, Integer.toHexString(handle++), 8, "GCD", 10, x, 20, y, 30, 0.0);
                    pairs(dxf, 0, "TEXT", 5, Integer.toHexString(handle++), 8, "GCD", 10, x + 30, 20, y, 30, 0.0,
                            40, 1.0, 1, "999.99");
                    continue;
                }
                if (i == 3) {
                    continue;
                }
                pairs(dxf, 0, "POINT", 5, Integer.toHexString(handle++), 8, "GCD", 10, x, 20, y, 30, 0.0);
                pairs(dxf, 0, "TEXT", 5, Integer.toHexString(handle++), 8, "GCD", 10, x + 0.8, 20, y + 0.2, 30, 0.0,
                        40, 0.8, 1, String.format(Locale.ROOT, "%.3f", plane(x, y)));
            }
        }
        pairs(dxf, 0, "POINT", 5, Integer.toHexString(handle++), 8, "GCD", 10, X0 + 200, 20, Y0 + 200, 30,
                plane(X0 + 200, Y0 + 200));
        for (double[] corner : new double[][] {{X0, Y0 + 200}, {X0 + 200, Y0}}) {
            pairs(dxf, 0, "POINT", 5, Integer.toHexString(handle++), 8, "GCD", 10, corner[0], 20, corner[1], 30,
                    plane(corner[0], corner[1]));
        }
        for (double[] origin : new double[][] {{X0 + 20, Y0 + 20}, {X0 + 60, Y0 + 20}}) {
            pairs(dxf, 0, "LWPOLYLINE", 5, Integer.toHexString(handle++), 8, "JMD", 90, 4, 70, 1,
                    10, origin[0], 20, origin[1], 10, origin[0] + 20, 20, origin[1],
                    10, origin[0] + 20, 20, origin[1] + 10, 10, origin[0], 20, origin[1] + 10);
        }
        pairs(dxf, 0, "LINE", 5, Integer.toHexString(handle++), 8, "DLSS", 10, X0, 20, Y0 + 50, 30, 0.0,
                11, X0 + 200, 21, Y0 + 50, 31, 0.0);
        pairs(dxf, 0, "ENDSEC", 0, "EOF");
        Path file = dir.resolve("survey.dxf");
        Files.write(file, dxf.toString().getBytes(StandardCharsets.US_ASCII));
        return file;
    }

    /** Returns the part of the segment (x0, y0)–(x1, y1) with 0 ≤ y ≤ 200. */
    private static double[] clip(double x0, double y0, double x1, double y1) {
        double t0 = 0;
        double t1 = 1;
        for (double bound : new double[] {0, 200}) {
            double t = (bound - y0) / (y1 - y0);
            boolean entering = bound == 0 ? y1 > y0 : y1 < y0;
            if (t > 0 && t < 1) {
                if (entering) {
                    t0 = Math.max(t0, t);
                } else {
                    t1 = Math.min(t1, t);
                }
            }
        }
        return new double[] {x0 + (x1 - x0) * t0, y0 + (y1 - y0) * t0, x0 + (x1 - x0) * t1, y0 + (y1 - y0) * t1};
    }

    private static void pairs(StringBuilder out, Object... codesAndValues) {
        for (int i = 0; i < codesAndValues.length; i += 2) {
            out.append(codesAndValues[i]).append('\n').append(codesAndValues[i + 1]).append('\n');
        }
    }
}
