package io.rally.testsupport;

/**
 * What one fuzz target saw in a test JVM: how many inputs it ran and the largest buffer any of
 * them made the code under test ask for. A fuzz test records each input and prints the summary
 * once, from {@code @AfterAll}, so that a fuzzing run's log says both numbers. Not thread-safe:
 * Jazzer runs a target's inputs on one thread.
 */
public final class FuzzStats {

	private final String target;

	private long inputs;

	private int largestRequest;

	private int boundOfLargest;

	public FuzzStats(String target) {
		this.target = target;
	}

	/**
	 * Counts one input.
	 * @param largestRequest the largest buffer capacity it asked for
	 * @param bound the most that input was allowed to ask for
	 */
	public void record(int largestRequest, int bound) {
		this.inputs++;
		if (largestRequest > this.largestRequest || this.inputs == 1) {
			this.largestRequest = largestRequest;
			this.boundOfLargest = bound;
		}
	}

	/** Counts one input that allocates no buffers. */
	public void record() {
		this.inputs++;
	}

	public long inputs() {
		return this.inputs;
	}

	public int largestRequest() {
		return this.largestRequest;
	}

	/** The summary line, starting with {@code [fuzz-stats]} so that it is easy to find in a log. */
	public String summary() {
		String allocation = (this.boundOfLargest > 0) ? ", largest buffer request " + this.largestRequest
				+ " bytes (bound for that input " + this.boundOfLargest + " bytes)" : "";
		return "[fuzz-stats] " + this.target + ": " + this.inputs + " inputs" + allocation;
	}

	/** Prints {@link #summary()} to standard output. */
	public void print() {
		System.out.println(summary());
	}

}
