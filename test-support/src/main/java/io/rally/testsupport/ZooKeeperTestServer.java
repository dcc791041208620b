package io.rally.testsupport;

import org.apache.curator.test.TestingServer;

/**
 * A real ZooKeeper server (Curator's {@link TestingServer}) inside the test JVM, started once
 * and shared by every test that needs a registry, stopped when the JVM exits.
 */
public final class ZooKeeperTestServer {

	private static TestingServer shared;

	private ZooKeeperTestServer() {
	}

	/** The connect string of the shared server, e.g. {@code 127.0.0.1:40123}. */
	public static synchronized String connectString() {
		if (shared == null) {
			try {
				shared = new TestingServer(true);
			}
			catch (Exception ex) {
				throw new IllegalStateException("Could not start the ZooKeeper test server", ex);
			}
			TestingServer server = shared;
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					server.close();
				}
				catch (Exception ex) {
					// the JVM is exiting; nothing left to clean up for
				}
			}, "zookeeper-test-server-stop"));
		}
		return shared.getConnectString();
	}

}
