package org.communitygis.report.spark;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.crs.CrsTransform;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.raster.Raster;
import org.communitygis.core.testing.SharedData;
import org.communitygis.io.OsmReader;
import org.communitygis.network.TrialNetwork;
import org.communitygis.network.TrialOptions;
import org.communitygis.rasterio.DemBuilder;
import org.communitygis.rasterio.SrtmReader;
import org.communitygis.report.batch.CommunityInput;

/**
 * The north-Bayreuth OpenStreetMap extract as one community, read once per test JVM: buildings and roads
 * in UTM 32N, both SRTM tiles resampled to 30 m, a trial sewer network along the village roads (the area
 * has no pipe data) and the {@code landuse=residential} polygons as zones, which overlap and are mostly
 * unnamed.
 */
final class BayreuthCommunity {
    static final String CRS = "EPSG:32632";
    private static CommunityInput community;

    private BayreuthCommunity() {
    }

    static synchronized CommunityInput get() {
        if (community != null) {
            return community;
        }
        List<FeatureLayer> layers = OsmReader.read(SharedData.file("real/north-bayreuth.osm.gz"), new Diagnostics());
        FeatureLayer buildings = project(find(layers, "buildings"));
        FeatureLayer roads = project(find(layers, "roads"));
        FeatureLayer landuse = project(find(layers, "landuse"));
        FeatureLayer zones = new FeatureLayer("zones", landuse.kind(), CRS, landuse.fields());
        for (Feature feature : landuse.features()) {
            if ("residential".equals(feature.get("landuse"))) {
                zones.add(feature);
            }
        }
        Raster mosaic = DemBuilder.mosaic(List.of(SrtmReader.read(SharedData.file("real/N49E011.hgt.zip")),
                SrtmReader.read(SharedData.file("real/N50E011.hgt.zip"))));
        Raster dem = DemBuilder.toProjectCrs(mosaic, CRS, OptionalDouble.of(30), Optional.of(roads.envelope()),
                Progress.NONE);
        FeatureLayer pipes = TrialNetwork.alongRoads(roads, Optional.of(dem), TrialNetwork.DEFAULT_HIGHWAY_CLASSES,
                TrialOptions.defaults());
        community = new CommunityInput("north-bayreuth", "north-bayreuth", buildings, pipes, Optional.of(roads),
                Optional.of(zones), Optional.empty(), Optional.of(dem));
        return community;
    }

    private static FeatureLayer find(List<FeatureLayer> layers, String name) {
        return layers.stream().filter(layer -> layer.name().equals(name)).findFirst().orElseThrow();
    }

    private static FeatureLayer project(FeatureLayer layer) {
        CrsTransform transform = Crs.transform(layer.crs(), CRS);
        FeatureLayer result = new FeatureLayer(layer.name(), layer.kind(), CRS, layer.fields());
        for (Feature feature : layer.features()) {
            result.add(new Feature(feature.id(), transform.apply(feature.geometry()), feature.attributes()));
        }
        return result;
    }
}
