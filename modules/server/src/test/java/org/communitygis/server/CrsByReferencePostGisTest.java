package org.communitygis.server;

import org.communitygis.core.store.MemoryStore;
import org.communitygis.core.store.ProjectStore;
import org.communitygis.store.postgis.PostGisStore;

/**
 * {@link CrsByReferenceTest} on a PostGIS schema holding the same fixture. Skipped, with a message on stderr,
 * when PostgreSQL 15 and PostGIS 3 are not installed.
 */
class CrsByReferencePostGisTest extends CrsByReferenceTest {
    @Override
    ProjectStore openProject(MemoryStore fixture) {
        return PostGisStore.openReadOnly(PostGisFixture.copy(fixture));
    }
}
