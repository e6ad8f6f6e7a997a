package org.communitygis.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.Optional;
import org.apache.sis.referencing.CRS;
import org.communitygis.core.CgisException;
import org.junit.jupiter.api.Test;
import org.opengis.parameter.ParameterValueGroup;
import org.opengis.referencing.crs.ProjectedCRS;

class PrjCrsTest {
    private static final String CGCS2000 = "GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\","
            + "DATUM[\"D_China_2000\",SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],PRIMEM[\"Greenwich\",0.0],"
            + "UNIT[\"Degree\",0.0174532925199433]]";
    private static final String XIAN80 = "GEOGCS[\"GCS_Xian_1980\",DATUM[\"D_Xian_1980\",SPHEROID[\"Xian_1980\","
            + "6378140.0,298.257]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";
    private static final String BEIJING54 = "GEOGCS[\"GCS_Beijing_1954\",DATUM[\"D_Beijing_1954\","
            + "SPHEROID[\"Krasovsky_1940\",6378245.0,298.3]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";
    private static final String WGS84 = "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\","
            + "6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";

    /** Returns an ESRI-style Gauss-Krüger or Transverse Mercator WKT as ArcGIS writes it. */
    private static String esri(String geogcs, String method, double falseEasting, double falseNorthing, int cm,
            double scale) {
        return String.format(Locale.ROOT, "PROJCS[\"Test\",%s,PROJECTION[\"%s\"],PARAMETER[\"False_Easting\",%.1f],"
                + "PARAMETER[\"False_Northing\",%.1f],PARAMETER[\"Central_Meridian\",%d.0],"
                + "PARAMETER[\"Scale_Factor\",%s],PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]",
                geogcs, method, falseEasting, falseNorthing, cm, scale);
    }

    @Test
    void esriChineseCrsMatched() {
        assertThat(PrjCrs.epsgCode(esri(CGCS2000, "Gauss_Kruger", 500000, 0, 105, 1), "t")).contains("EPSG:4544");
        assertThat(PrjCrs.epsgCode(esri(CGCS2000, "Transverse_Mercator", 35500000, 0, 105, 1), "t"))
                .contains("EPSG:4523");
        assertThat(PrjCrs.epsgCode(esri(CGCS2000, "Gauss_Kruger", 18500000, 0, 105, 1), "t")).contains("EPSG:4496");
        assertThat(PrjCrs.epsgCode(esri(XIAN80, "Gauss_Kruger", 35500000, 0, 105, 1), "t")).contains("EPSG:2359");
        assertThat(PrjCrs.epsgCode(esri(BEIJING54, "Gauss_Kruger", 500000, 0, 102, 1), "t")).contains("EPSG:2431");
        assertThat(PrjCrs.epsgCode(esri(BEIJING54, "Gauss_Kruger", 18500000, 0, 105, 1), "t")).contains("EPSG:21418");
        assertThat(PrjCrs.epsgCode(esri(WGS84, "Transverse_Mercator", 500000, 0, 105, 0.9996), "t"))
                .contains("EPSG:32648");
        assertThat(PrjCrs.epsgCode(esri(WGS84, "Transverse_Mercator", 500000, 10000000, 105, 0.9996), "t"))
                .contains("EPSG:32748");
        assertThat(PrjCrs.epsgCode(CGCS2000, "t")).contains("EPSG:4490");
        assertThat(PrjCrs.epsgCode(XIAN80, "t")).contains("EPSG:4610");
        assertThat(PrjCrs.epsgCode(BEIJING54, "t")).contains("EPSG:4214");
    }

    /** Every code the matcher returns must have the central meridian and false easting it was matched by. */
    @Test
    void everyGaussKrugerCodeAgreesWithEpsg() throws Exception {
        for (String geogcs : new String[] {CGCS2000, XIAN80, BEIJING54}) {
            for (int cm = 75; cm <= 135; cm += 3) {
                double[] eastings = (cm - 3) % 6 == 0
                        ? new double[] {500000, cm / 3 * 1e6 + 500000, (cm + 3) / 6 * 1e6 + 500000}
                        : new double[] {500000, cm / 3 * 1e6 + 500000};
                for (double falseEasting : eastings) {
                    String wkt = esri(geogcs, "Gauss_Kruger", falseEasting, 0, cm, 1);
                    Optional<String> code = PrjCrs.epsgCode(wkt, "t");
                    assertThat(code).as("cm %d, false easting %.0f", cm, falseEasting).isPresent();
                    ProjectedCRS crs = (ProjectedCRS) CRS.forCode(code.get());
                    ParameterValueGroup parameters = crs.getConversionFromBase().getParameterValues();
                    assertThat(parameters.parameter("central_meridian").doubleValue()).as(code.get()).isEqualTo(cm);
                    assertThat(parameters.parameter("false_easting").doubleValue()).as(code.get())
                            .isEqualTo(falseEasting);
                    assertThat(crs.getBaseCRS().getDatum().getEllipsoid().getSemiMajorAxis()).as(code.get())
                            .isEqualTo(PrjCrsTestSupport.semiMajor(geogcs));
                }
            }
        }
    }

    @Test
    void authorityTakenWhenPresent() {
        String wkt = "PROJCS[\"CGCS2000 / 3-degree Gauss-Kruger CM 108E\"," + CGCS2000
                + ",PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"central_meridian\",108],"
                + "PARAMETER[\"false_easting\",500000],UNIT[\"metre\",1],AUTHORITY[\"EPSG\",\"4545\"]]";
        assertThat(PrjCrs.epsgCode(wkt, "t")).contains("EPSG:4545");
    }

    @Test
    void otherProjectionUnmatched() {
        String lambert = "PROJCS[\"Asia_Lambert_Conformal_Conic\"," + WGS84 + ",PROJECTION[\"Lambert_Conformal_Conic\"],"
                + "PARAMETER[\"False_Easting\",0.0],PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",105.0],"
                + "PARAMETER[\"Standard_Parallel_1\",30.0],PARAMETER[\"Standard_Parallel_2\",62.0],"
                + "PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]";
        assertThat(PrjCrs.epsgCode(lambert, "t")).isEmpty();
        assertThat(PrjCrs.name(lambert)).isEqualTo("Asia_Lambert_Conformal_Conic");
    }

    @Test
    void garbageRejectedWithFileName() {
        assertThatThrownBy(() -> PrjCrs.epsgCode("not a projection", "村.prj")).isInstanceOf(CgisException.class)
                .hasMessageContaining("村.prj");
    }
}
