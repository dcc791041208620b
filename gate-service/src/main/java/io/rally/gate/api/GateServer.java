package io.rally.gate.api;

/**
 * One client-facing server of a gate, for one transport. Each enabled transport is a bean of
 * this type; the gate's lifecycle starts and stops them. Thread-safe.
 */
public interface GateServer {

	/** The transport this server speaks: {@code "tcp"}, {@code "ws"} or {@code "kcp"}. */
	String transport();

	/**
	 * The port the server is bound to, which differs from the configured one when that was 0.
	 * @return the bound port, or -1 while the server is not running
	 */
	int port();

	/** Whether the server is bound and accepting connections. */
	boolean isRunning();

}
