package io.rally.cluster;

/** A node's readiness for new traffic, as gates see it. */
public enum InstanceState {

	/** Takes any traffic. */
	WORK,

	/** Takes traffic, but gates prefer instances in {@link #WORK}. */
	BUSY,

	/** Draining: serves users bound to it, receives no new stateless traffic. */
	HANG,

	/** Stopping: receives nothing new. */
	SHUT;

	/** Whether stateless traffic may be sent to an instance in this state. */
	public boolean acceptsNewTraffic() {
		return this == WORK || this == BUSY;
	}

}
