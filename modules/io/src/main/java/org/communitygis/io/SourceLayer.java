package org.communitygis.io;

import org.communitygis.core.feature.FeatureLayer;

/**
 * A layer read from a file that groups features by a name of its own: a DXF layer, a KML folder or a GPX
 * element type.
 *
 * <p>{@code source} is that name as written in the file (it may be Chinese, such as {@code 房屋}, or a
 * CAD code such as {@code JMD}), which a user names in a layer mapping. The layer's own
 * {@link FeatureLayer#name()} is a valid project layer name derived from it.
 *
 * @param source the group's name in the file
 * @param layer the features of that group that share one geometry family
 */
public record SourceLayer(String source, FeatureLayer layer) {
}
