package io.rally.client.internal;

import java.time.Duration;

import io.rally.client.ClientTransport;
import io.rally.protocol.KcpSettings;
import io.rally.protocol.ProtocolSettings;

/**
 * Everything a client was built with, validated by {@code RallyClient.Builder}. Immutable.
 *
 * @param transport the transport to connect with
 * @param host the gate's host
 * @param port the gate's port
 * @param webSocketPath the path of the WebSocket handshake
 * @param protocol the wire settings, equal to the gate's
 * @param heartbeatInterval the heartbeat interval, zero for none
 * @param requestTimeout how long a request waits for its response
 * @param connectTimeout how long a connect (and WebSocket handshake) may take
 * @param errorPackets whether to opt in to error packets
 * @param reconnect whether to reconnect after an unexpected close
 * @param initialBackoff the first delay before reconnecting
 * @param maxBackoff the largest delay before reconnecting
 * @param kcp the KCP parameters, for the KCP transport
 * @param tls how to speak TLS; {@code null} for plaintext
 */
public record ClientConfig(ClientTransport transport, String host, int port, String webSocketPath,
		ProtocolSettings protocol, Duration heartbeatInterval, Duration requestTimeout, Duration connectTimeout,
		boolean errorPackets, boolean reconnect, Duration initialBackoff, Duration maxBackoff, KcpSettings kcp,
		ClientTls tls) {

	/** The extension code every data packet carries. */
	public int extcode() {
		return this.errorPackets ? io.rally.protocol.Packet.EXT_ERROR : 0;
	}

	/** {@code host:port}, for messages. */
	public String address() {
		return this.host + ":" + this.port;
	}

}
