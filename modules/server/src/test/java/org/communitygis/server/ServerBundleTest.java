package org.communitygis.server;

import org.communitygis.core.testing.BundleAssert;
import org.junit.jupiter.api.Test;

class ServerBundleTest {
    @Test
    void bundleComplete() {
        BundleAssert.assertComplete(ServerMessages.BUNDLE);
    }
}
