package io.rally.gate.internal.tls;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.netty.util.concurrent.DefaultThreadFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Checks the certificate files of a {@link ReloadableSslContext} every interval, on one
 * daemon thread of its own: a reload parses keys and builds a context, which is no work for a
 * gate event loop. A zero interval turns the checks off.
 */
public final class CertificateReloader implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(CertificateReloader.class);

	private final ReloadableSslContext context;

	private final Duration interval;

	private ScheduledExecutorService scheduler;

	public CertificateReloader(ReloadableSslContext context, Duration interval) {
		if (interval == null || interval.isNegative()) {
			throw new IllegalArgumentException("interval: " + interval + " (expected: >= 0)");
		}
		this.context = context;
		this.interval = interval;
	}

	@Override
	public synchronized void start() {
		if (this.scheduler != null || this.interval.isZero()) {
			return;
		}
		this.scheduler = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("rally-gate-tls", true));
		long nanos = this.interval.toNanos();
		this.scheduler.scheduleWithFixedDelay(this::check, nanos, nanos, TimeUnit.NANOSECONDS);
	}

	private void check() {
		try {
			this.context.reloadIfChanged();
		}
		catch (RuntimeException ex) {
			// A throwing task would never run again; the next interval deserves its chance.
			logger.warn("Checking the gate's TLS certificate failed", ex);
		}
	}

	@Override
	public synchronized void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.scheduler != null;
	}

}
