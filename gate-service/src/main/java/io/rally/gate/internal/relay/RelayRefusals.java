package io.rally.gate.internal.relay;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.AttributeKey;
import io.rally.gate.api.relay.RelayRefusal;
import io.rally.gate.api.relay.RelayRefusedException;
import io.rally.gate.internal.GatePipeline;
import io.rally.gate.internal.admission.ClientAddress;
import io.rally.gate.internal.metrics.CloseReason;
import io.rally.gate.internal.metrics.GateMetrics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Refuses transparent clients: counts each refusal by reason, closes the connection (a
 * WebSocket after a close frame), and logs at most one refusal per interval, since a hostile
 * client could otherwise fill the log. Thread-safe.
 */
public final class RelayRefusals {

	private static final Log logger = LogFactory.getLog(RelayRefusals.class);

	private static final AttributeKey<RelayRefusal> REFUSED = AttributeKey.valueOf(RelayRefusals.class, "refused");

	private final GateMetrics metrics;

	private final long intervalNanos;

	private final AtomicLong lastLog;

	private final AtomicLong unlogged = new AtomicLong();

	public RelayRefusals(GateMetrics metrics, Duration logInterval) {
		this.metrics = metrics;
		this.intervalNanos = logInterval.toNanos();
		this.lastLog = new AtomicLong(System.nanoTime() - this.intervalNanos);
	}

	/** Refuses the client on {@code channel}; called on its event loop. */
	void refuse(Channel channel, String transport, RelayRefusedException refusal) {
		RelayRefusal reason = refusal.reason();
		if (channel.attr(REFUSED).setIfAbsent(reason) != null) {
			return;
		}
		this.metrics.relayRefused(transport, reason.tag());
		log(channel, refusal);
		CloseReason.RELAY_REFUSED.record(channel);
		if (channel.isActive() && channel.pipeline().get(GatePipeline.RELAY_WS_BRIDGE) instanceof WsFrameBridge bridge
				&& bridge.isUpgraded()) {
			WebSocketCloseStatus status = (reason == RelayRefusal.DIAL_FAILED) ? WebSocketCloseStatus.BAD_GATEWAY
					: WebSocketCloseStatus.POLICY_VIOLATION;
			channel.writeAndFlush(new CloseWebSocketFrame(status)).addListener(ChannelFutureListener.CLOSE);
		}
		else {
			channel.close();
		}
	}

	private void log(Channel channel, RelayRefusedException refusal) {
		long now = System.nanoTime();
		long last = this.lastLog.get();
		if (now - last < this.intervalNanos || !this.lastLog.compareAndSet(last, now)) {
			this.unlogged.incrementAndGet();
			return;
		}
		long skipped = this.unlogged.getAndSet(0);
		logger.warn("Refused transparent client " + ClientAddress.of(channel) + " (" + refusal.reason().tag() + "): "
				+ refusal.getMessage() + ((skipped > 0) ? " (" + skipped + " more refusals since the last one logged)"
						: "") + "; further refusals within " + Duration.ofNanos(this.intervalNanos)
				+ " are only counted");
	}

}
