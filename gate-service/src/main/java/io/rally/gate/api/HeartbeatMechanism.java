package io.rally.gate.api;

/** Who sends heartbeats on an open connection. */
public enum HeartbeatMechanism {

	/** The client sends one every interval and the gate answers each with one (due's default). */
	RESP,

	/** The gate sends one every interval on its own and does not answer the client's. */
	TICK

}
