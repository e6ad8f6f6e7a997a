package org.communitygis.server;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.communitygis.core.store.MemoryStore;
import org.communitygis.core.store.ProjectStore;
import org.communitygis.store.postgis.PostGisProjects;
import org.communitygis.store.postgis.PostGisStore;
import org.communitygis.store.postgis.PostGisUrl;
import org.junit.jupiter.api.AfterEach;

/**
 * {@link ProcessesApiTest} on PostGIS: each test copies the fixture into a new schema of the throwaway
 * cluster, serves it read-only and runs jobs through {@link PostGisProjects#update}. Skipped, with a
 * message on stderr, when PostgreSQL 15 and PostGIS 3 are not installed.
 */
class ProcessesApiPostGisTest extends ProcessesApiTest {
    private final List<ProjectStore> opened = new ArrayList<>();
    private final java.util.Map<ProjectStore, PostGisUrl> urls = new java.util.IdentityHashMap<>();
    @AfterEach
    void closeStores() {
        synchronized (opened) {
            opened.forEach(ProjectStore::close);
            opened.clear();
        }
    }

    @Override
    ProjectStore openProject(MemoryStore fixture) {
        PostGisUrl url = PostGisFixture.copy(fixture);
        ProjectStore project = track(PostGisStore.openReadOnly(url));
        urls.put(project, url);
        return project;
    }

    @Override
    ProjectUpdater updater(ProjectStore project) {
        PostGisUrl url = urls.get(project);
        return work -> PostGisProjects.update(url, work);
    }

    @Override
    Supplier<ProjectStore> reopen(ProjectStore project) {
        PostGisUrl url = urls.get(project);
        // The server closes the stores it replaces, so these are not tracked for closing here.
        return () -> PostGisStore.openReadOnly(url);
    }

    private ProjectStore track(ProjectStore store) {
        synchronized (opened) {
            opened.add(store);
        }
        return store;
    }
}
