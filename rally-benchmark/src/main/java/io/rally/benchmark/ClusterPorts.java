package io.rally.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import io.rally.benchmark.BenchmarkOptions.Transport;

/**
 * The loopback ports the benchmark picks for the cluster's processes, so that it knows where the
 * gate listens without asking it.
 *
 * @param redis the Redis server's port
 * @param gateTcp the gate's TCP port
 * @param gateWs the gate's WebSocket port
 * @param gateGrpc the port of the gate's gRPC server
 * @param nodeGrpc the port of the node's gRPC server
 * @param gateKcp the gate's KCP (UDP) port, used when KCP is on
 * @param gateHttp the port of the gate's actuator
 */
record ClusterPorts(int redis, int gateTcp, int gateWs, int gateGrpc, int nodeGrpc, int gateKcp, int gateHttp) {

	/**
	 * Seven distinct ports that were free a moment ago (over TCP; the KCP one is taken for UDP);
	 * a child may still lose one to a race.
	 */
	static ClusterPorts free() {
		List<ServerSocket> sockets = new ArrayList<>();
		try {
			// All open at once, so that no two are the same.
			for (int i = 0; i < 7; i++) {
				sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
			}
			return new ClusterPorts(port(sockets, 0), port(sockets, 1), port(sockets, 2), port(sockets, 3),
					port(sockets, 4), port(sockets, 5), port(sockets, 6));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("no free loopback port", ex);
		}
		finally {
			for (ServerSocket socket : sockets) {
				try {
					socket.close();
				}
				catch (IOException ex) {
					// only probing for a number
				}
			}
		}
	}

	private static int port(List<ServerSocket> sockets, int index) {
		return sockets.get(index).getLocalPort();
	}

	/** The gate's port for clients of {@code transport}. */
	int gate(Transport transport) {
		return switch (transport) {
			case TCP -> this.gateTcp;
			case WS -> this.gateWs;
			case KCP -> this.gateKcp;
		};
	}

}
