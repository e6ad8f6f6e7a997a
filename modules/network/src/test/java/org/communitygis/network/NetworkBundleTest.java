package org.communitygis.network;

import org.communitygis.core.testing.BundleAssert;
import org.junit.jupiter.api.Test;

class NetworkBundleTest {
    @Test
    void bundleComplete() {
        BundleAssert.assertComplete(NetworkMessages.BUNDLE);
    }
}
