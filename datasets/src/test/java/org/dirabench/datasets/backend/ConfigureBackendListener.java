package org.dirabench.datasets.backend;

import org.testng.IExecutionListener;

/**
 * Configures the ND4J backend ({@link NativeBackend#configure()}) before any test runs, so that every test JVM loads
 * the oneDNN build that production code loads. Registered through {@code META-INF/services/org.testng.ITestNGListener};
 * modules above {@code datasets} get it through the {@code datasets} test-jar.
 */
public class ConfigureBackendListener implements IExecutionListener {
    @Override
    public void onExecutionStart() {
        NativeBackend.configure();
    }
}
