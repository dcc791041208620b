package io.rally.cluster.discovery;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.cloud.client.discovery.event.InstanceRegisteredEvent;
import org.springframework.cloud.zookeeper.discovery.ZookeeperServiceWatch;
import org.springframework.context.SmartLifecycle;

/**
 * Starts Spring Cloud Zookeeper's tree watch, which turns ZooKeeper changes into
 * {@code HeartbeatEvent}s. It starts only on an {@link InstanceRegisteredEvent}, which Spring
 * Cloud publishes when it auto-registers the application, and Rally turns that off. The event is
 * handed to the watch alone, not published, so nothing else takes it for a registration.
 */
final class ZookeeperServiceWatchStarter implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ZookeeperServiceWatchStarter.class);

	private final ZookeeperServiceWatch watch;

	private volatile boolean running;

	ZookeeperServiceWatchStarter(ZookeeperServiceWatch watch) {
		this.watch = watch;
	}

	@Override
	public void start() {
		if (this.watch.getCache() == null) {
			this.watch.onApplicationEvent(new InstanceRegisteredEvent<>(this, null));
			this.running = true;
		}
	}

	@Override
	public void stop() {
		if (this.running) {
			this.running = false;
			try {
				this.watch.stop();
			}
			catch (Exception ex) {
				logger.debug("Could not stop the ZooKeeper service watch", ex);
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
