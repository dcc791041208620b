package io.rally.cluster;

/** The three kinds of Rally service instance. */
public enum InstanceKind {

	/** Holds client connections. */
	GATE,

	/** Runs stateful game logic (controllers). */
	NODE,

	/** Hosts stateless gRPC services. */
	MESH

}
