package org.communitygis.server;

import org.communitygis.core.store.MemoryStore;
import org.communitygis.core.store.ProjectStore;
import org.communitygis.store.postgis.PostGisStore;

/**
 * {@link FeaturesPart1RulesTest} on a PostGIS schema holding the same fixture. Skipped, with a message on stderr,
 * when PostgreSQL 15 and PostGIS 3 are not installed.
 */
class FeaturesPart1RulesPostGisTest extends FeaturesPart1RulesTest {
    @Override
    ProjectStore openProject(MemoryStore fixture) {
        return PostGisStore.openReadOnly(PostGisFixture.copy(fixture));
    }
}
