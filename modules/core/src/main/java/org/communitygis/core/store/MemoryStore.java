package org.communitygis.core.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.communitygis.core.CgisException;
import org.communitygis.core.CoreMessages;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.raster.Raster;
import org.locationtech.jts.geom.Envelope;

/** A {@link ProjectStore} in memory, for tests and for work that needs no file. Not thread-safe. */
public final class MemoryStore implements ProjectStore {
    private String crs;
    private final Map<String, FeatureLayer> vectors = new TreeMap<>();
    private final Map<String, Raster> rasters = new TreeMap<>();
    private final Map<String, String> metadata = new TreeMap<>();

    @Override
    public Optional<String> crs() {
        return Optional.ofNullable(crs);
    }

    @Override
    public void setCrs(String code) {
        this.crs = code;
    }

    @Override
    public List<LayerInfo> layers() {
        List<LayerInfo> result = new ArrayList<>();
        vectors.values().forEach(layer -> result.add(new LayerInfo(layer.name(), LayerInfo.LayerType.VECTOR,
                layer.kind(), layer.size(), layer.envelope(), layer.crs(), layer.name())));
        rasters.forEach((name, raster) -> result.add(new LayerInfo(name, LayerInfo.LayerType.RASTER, null,
                raster.grid().size(), raster.grid().envelope(), raster.grid().crs(), name)));
        result.sort(Comparator.comparing(LayerInfo::name));
        return result;
    }

    @Override
    public FeatureLayer readFeatures(String name) {
        FeatureLayer layer = vectors.get(name);
        if (layer == null) {
            throw missing(name, rasters.containsKey(name) ? "store.notVector" : "store.layerNotFound");
        }
        FeatureLayer copy = new FeatureLayer(layer.name(), layer.kind(), layer.crs(), layer.fields());
        for (Feature feature : layer.features()) {
            copy.add(new Feature(feature.id(), feature.geometry().copy(), feature.attributes()));
        }
        return copy;
    }

    @Override
    public void writeFeatures(FeatureLayer layer) {
        rasters.remove(layer.name());
        vectors.put(layer.name(), layer);
    }

    @Override
    public Raster readRaster(String name) {
        Raster raster = rasters.get(name);
        if (raster == null) {
            throw missing(name, vectors.containsKey(name) ? "store.notRaster" : "store.layerNotFound");
        }
        return new Raster(raster.grid(), raster.data().clone(), raster.noDataValue(), raster.unit());
    }

    @Override
    public void writeRaster(String name, Raster raster) {
        vectors.remove(name);
        rasters.put(name, raster);
    }

    @Override
    public void delete(String name) {
        vectors.remove(name);
        rasters.remove(name);
    }

    @Override
    public Map<String, String> metadata() {
        return new TreeMap<>(metadata);
    }

    @Override
    public void putMetadata(String key, String value) {
        metadata.put(key, value);
    }

    @Override
    public void close() {
        // nothing to release
    }

    private CgisException missing(String name, String key) {
        String present = layers().stream().map(LayerInfo::name).collect(Collectors.joining(", "));
        return new CgisException(CoreMessages.BUNDLE, key, name, present.isEmpty() ? "-" : present);
    }

    /** Returns the union of the extents of all layers (null envelope when empty). */
    public Envelope extent() {
        Envelope envelope = new Envelope();
        layers().forEach(info -> envelope.expandToInclude(info.envelope()));
        return envelope;
    }
}
