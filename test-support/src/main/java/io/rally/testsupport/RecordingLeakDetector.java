package io.rally.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.netty.util.ResourceLeakDetector;

/**
 * A Netty leak detector that remembers every leak it reports, so that a test can fail on it.
 * Installed for every test JVM by the parent pom through
 * {@code -Dio.netty.customResourceLeakDetector}; Netty instantiates it reflectively with the
 * constructor below.
 */
public final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {

	private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

	public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
		super(resourceType, samplingInterval);
	}

	public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
		super(resourceType, samplingInterval);
	}

	@Override
	protected void reportTracedLeak(String resourceType, String records) {
		LEAKS.add(resourceType + " leaked:" + records);
		super.reportTracedLeak(resourceType, records);
	}

	@Override
	protected void reportUntracedLeak(String resourceType) {
		LEAKS.add(resourceType + " leaked (untraced)");
		super.reportUntracedLeak(resourceType);
	}

	/** Returns the leaks reported since the last call and forgets them. */
	static List<String> drain() {
		List<String> copy = List.copyOf(LEAKS);
		LEAKS.clear();
		return copy;
	}
}
