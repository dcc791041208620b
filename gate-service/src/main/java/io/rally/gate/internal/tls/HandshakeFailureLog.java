package io.rally.gate.internal.tls;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.Channel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.rally.gate.internal.admission.ClientAddress;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs failed TLS handshakes at most once every 10 s. Anyone can make a handshake fail, and a
 * port scanner or a misconfigured fleet of clients does so thousands of times; the closed
 * connections metric counts every one, the log only says that it happens. Thread-safe.
 */
final class HandshakeFailureLog {

	private static final Log logger = LogFactory.getLog(HandshakeFailureLog.class);

	private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

	/** Enough of a message to name the problem; Netty's can hold a hex dump of the input. */
	private static final int MAX_MESSAGE_CHARS = 160;

	private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);

	private final AtomicLong suppressed = new AtomicLong();

	void report(Channel channel, Throwable cause) {
		long now = System.nanoTime();
		long last = this.lastWarning.get();
		if (now - last < INTERVAL_NANOS || !this.lastWarning.compareAndSet(last, now)) {
			this.suppressed.incrementAndGet();
			return;
		}
		long more = this.suppressed.getAndSet(0);
		logger.warn("TLS handshake with " + ClientAddress.of(channel) + " failed, connection closed: " + describe(cause)
				+ ((more > 0) ? " (" + more + " more failed since the last report)" : "")
				+ "; further failures within 10s are only counted");
	}

	static String describe(Throwable cause) {
		Throwable root = (cause instanceof DecoderException && cause.getCause() != null) ? cause.getCause() : cause;
		if (root instanceof NotSslRecordException) {
			return "not a TLS record (a plaintext client?)";
		}
		String message = String.valueOf(root.getMessage());
		if (message.length() > MAX_MESSAGE_CHARS) {
			message = message.substring(0, MAX_MESSAGE_CHARS) + "...";
		}
		return root.getClass().getSimpleName() + ": " + message;
	}

}
