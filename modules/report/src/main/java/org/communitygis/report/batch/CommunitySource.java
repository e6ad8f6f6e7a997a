package org.communitygis.report.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.communitygis.core.store.ProjectStore;
import org.communitygis.store.Projects;

/**
 * The source of one community of a batch.
 *
 * @param id the community id (see {@link CommunityInput#id()})
 * @param location the file or URL shown in messages and {@code failures.csv} (without a password)
 * @param fingerprint changes whenever the input changes (size and modification time of a file); null
 *     when unknown, which makes every run recompute the community
 * @param reader opens the project read-only, applies the function and closes it
 */
public record CommunitySource(String id, String location, String fingerprint, Reader reader) {

    /** Opens a project read-only for the duration of a function. */
    @FunctionalInterface
    public interface Reader {
        <T> T read(Function<ProjectStore, T> work);
    }

    /** Returns the source of a GeoPackage project; its id is the file name without {@code .gpkg}. */
    public static CommunitySource geoPackage(Path file) {
        String name = file.getFileName().toString();
        String id = name.toLowerCase(java.util.Locale.ROOT).endsWith(".gpkg") ? name.substring(0, name.length() - 5) : name;
        String fingerprint;
        try {
            fingerprint = Files.size(file) + ":" + Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            fingerprint = null;
        }
        return new CommunitySource(id, file.toString(), fingerprint, new Reader() {
            @Override
            public <T> T read(Function<ProjectStore, T> work) {
                return Projects.read(file, work);
            }
        });
    }
}
