package io.rally.benchmark;

/**
 * What one run of the abuse target came to.
 *
 * @param server which Rally was abused, e.g. {@code Rally standalone}
 * @param quiet the good clients alone
 * @param abused the good clients beside the abusers
 * @param abusers what the abusers counted by the end of the abused phase
 * @param gate what the gate counted in the abused phase, or {@code null} if it could not be read
 * @param gateProblem why the gate's counters could not be read, or {@code null}
 * @param loops how busy the benchmark's own loops were
 */
record AbuseResult(String server, TargetResult quiet, TargetResult abused, AbuseTraffic.Counts abusers,
		GateCounters gate, String gateProblem, LoopsBusy loops) {

	/**
	 * The benchmark's own event loops, in cores busy ({@link ThreadCpu#coresBusy()}): if the good
	 * clients' loops are far from busy, what limits the good clients is the server.
	 *
	 * @param goodQuiet the good clients' loops in the quiet phase, warm-up included
	 * @param goodAbused the good clients' loops under abuse
	 * @param flooders the flooders' loops under abuse
	 * @param spoofers the slowloris and KCP flood loop under abuse
	 */
	record LoopsBusy(double goodQuiet, double goodAbused, double flooders, double spoofers) {
	}

}
