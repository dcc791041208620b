package io.rally.cluster.discovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.cloud.client.serviceregistry.ServiceRegistry;
import org.springframework.context.ApplicationListener;

/**
 * The {@link InstanceRegistry} of cluster mode, on Spring Cloud's {@link ServiceRegistry} and
 * {@link DiscoveryClient}: each kind is one service ({@code rally-gate}, {@code rally-node},
 * {@code rally-mesh}), each Rally instance one service instance whose metadata
 * {@link InstanceMetadataCodec} writes.
 * <p>
 * Watches re-read the registry on every {@link HeartbeatEvent} (the backend saw a change) and
 * every poll interval, and call their listener only when the decoded list changed. A watch's
 * reads and calls run one at a time, on a thread of this registry, except the first, which runs
 * on the thread that called {@link #watch}. A backend that fails is logged once per outage and
 * read again at the next event or poll. Thread-safe.
 */
public final class DiscoveryInstanceRegistry
		implements InstanceRegistry, ApplicationListener<HeartbeatEvent>, AutoCloseable {

	private static final Log logger = LogFactory.getLog(DiscoveryInstanceRegistry.class);

	private static final Comparator<InstanceInfo> BY_ID = Comparator.comparing(InstanceInfo::id);

	private final Backend<?> backend;

	private final DiscoveryClient discoveryClient;

	private final String serviceIdPrefix;

	private final List<Watch> watches = new CopyOnWriteArrayList<>();

	private final Set<String> undecodable = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean backendFailing = new AtomicBoolean();

	// the instance ids whose last register call the backend took, for health and readiness
	private final Set<String> registered = ConcurrentHashMap.newKeySet();

	private final Map<Operation, LongAdder> errors = new ConcurrentHashMap<>();

	private final ExecutorService watchExecutor;

	private final ScheduledExecutorService poller;

	private volatile boolean closed;

	public <R extends Registration> DiscoveryInstanceRegistry(ServiceRegistry<R> serviceRegistry,
			RegistrationFactory<R> registrationFactory, DiscoveryClient discoveryClient,
			DiscoveryRegistryProperties properties) {
		Duration pollInterval = properties.getPollInterval();
		if (pollInterval.isNegative() || pollInterval.isZero()) {
			throw new IllegalArgumentException("pollInterval: " + pollInterval + " (expected: > 0)");
		}
		this.backend = new Backend<>(serviceRegistry, registrationFactory);
		this.discoveryClient = discoveryClient;
		this.serviceIdPrefix = properties.getServiceIdPrefix();
		this.watchExecutor = Executors.newCachedThreadPool(daemonThreads("rally-discovery-watch-"));
		this.poller = Executors.newSingleThreadScheduledExecutor(daemonThreads("rally-discovery-poll-"));
		long pollMillis = pollInterval.toMillis();
		this.poller.scheduleWithFixedDelay(this::refresh, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
	}

	/** The service id instances of {@code kind} register under, e.g. {@code rally-node}. */
	public String serviceId(InstanceKind kind) {
		return this.serviceIdPrefix + "-" + kind.name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Registers the instance, or replaces the registration of the same id in place.
	 * @throws IllegalArgumentException if the endpoint is not {@code host:port} or the routes do
	 * not fit the metadata
	 * @throws RuntimeException what the backend threw; the instance is still remembered, so a
	 * later {@link #deregister} removes it
	 */
	@Override
	public void register(InstanceInfo instance) {
		Endpoint endpoint = Endpoint.parse(instance.endpoint());
		RegistrationFactory.Spec spec = new RegistrationFactory.Spec(serviceId(instance.kind()), instance.id(),
				endpoint.host(), endpoint.port(), InstanceMetadataCodec.encode(instance));
		try {
			this.backend.register(spec);
		}
		catch (RuntimeException ex) {
			this.registered.remove(instance.id());
			count(Operation.REGISTER);
			throw ex;
		}
		this.registered.add(instance.id());
		refresh();
	}

	/** Removes an instance this registry registered; other ids are ignored. */
	@Override
	public void deregister(String instanceId) {
		this.registered.remove(instanceId);
		boolean removed;
		try {
			removed = this.backend.deregister(instanceId);
		}
		catch (RuntimeException ex) {
			count(Operation.DEREGISTER);
			throw ex;
		}
		if (removed) {
			refresh();
		}
	}

	/** The ids of the instances this registry registered and the backend took, sorted. */
	public List<String> registeredIds() {
		return this.registered.stream().sorted().toList();
	}

	/** Whether the last attempt to list instances failed. */
	public boolean isBackendFailing() {
		return this.backendFailing.get();
	}

	/** How many calls of {@code operation} the backend failed since this registry was made. */
	public long errors(Operation operation) {
		LongAdder count = this.errors.get(operation);
		return (count != null) ? count.sum() : 0;
	}

	private void count(Operation operation) {
		this.errors.computeIfAbsent(operation, (o) -> new LongAdder()).increment();
	}

	/**
	 * The instances of {@code kind} the backend knows now, by id; ones whose metadata cannot be
	 * read are left out.
	 * @throws RuntimeException what the backend threw
	 */
	@Override
	public List<InstanceInfo> instances(InstanceKind kind) {
		String serviceId = serviceId(kind);
		List<ServiceInstance> found;
		try {
			found = this.discoveryClient.getInstances(serviceId);
		}
		catch (RuntimeException ex) {
			count(Operation.LIST);
			if (this.backendFailing.compareAndSet(false, true)) {
				logger.warn("Service discovery failed to list " + serviceId + "; retrying", ex);
			}
			throw ex;
		}
		if (this.backendFailing.compareAndSet(true, false)) {
			logger.info("Service discovery answers again");
		}
		List<InstanceInfo> instances = new ArrayList<>(found.size());
		for (ServiceInstance serviceInstance : found) {
			InstanceInfo instance = decode(serviceId, serviceInstance);
			if (instance != null && instance.kind() == kind) {
				instances.add(instance);
			}
		}
		instances.sort(BY_ID);
		return List.copyOf(instances);
	}

	@Override
	public AutoCloseable watch(InstanceKind kind, Consumer<List<InstanceInfo>> listener) {
		if (this.closed) {
			throw new IllegalStateException("registry closed");
		}
		Watch watch = new Watch(kind, listener);
		this.watches.add(watch);
		// the first read runs here, so that the caller sees the instances before watch returns
		watch.running.set(true);
		watch.dirty.set(true);
		watch.drain();
		return watch;
	}

	/** Re-reads the registry for every watch, now, on this registry's threads. */
	public void refresh() {
		for (Watch watch : this.watches) {
			watch.request();
		}
	}

	/** A backend change (ZooKeeper tree, Consul catalog) was seen. */
	@Override
	public void onApplicationEvent(HeartbeatEvent event) {
		refresh();
	}

	/** Stops the watches and deregisters the instances this registry registered. */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.watches.clear();
		this.poller.shutdownNow();
		this.watchExecutor.shutdownNow();
		this.registered.clear();
		this.backend.deregisterAll();
	}

	private InstanceInfo decode(String serviceId, ServiceInstance serviceInstance) {
		String instanceId = serviceInstance.getInstanceId();
		try {
			InstanceInfo instance = InstanceMetadataCodec.decode(instanceId, serviceInstance.getHost(),
					serviceInstance.getPort(), serviceInstance.getMetadata());
			this.undecodable.remove(instanceId);
			return instance;
		}
		catch (RuntimeException ex) {
			if (this.undecodable.add(instanceId)) {
				logger.warn("Skipping instance " + instanceId + " of " + serviceId + ": unreadable metadata "
						+ serviceInstance.getMetadata() + " (" + ex.getMessage() + ")");
			}
			return null;
		}
	}

	private static ThreadFactory daemonThreads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(task, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * One watch. Requests only mark it dirty; at most one drain runs at a time and reads until
	 * no request came in meanwhile, so bursts of events cost one or two reads.
	 */
	private final class Watch implements AutoCloseable {

		private final InstanceKind kind;

		private final Consumer<List<InstanceInfo>> listener;

		private final AtomicBoolean dirty = new AtomicBoolean();

		private final AtomicBoolean running = new AtomicBoolean();

		private volatile boolean closed;

		// only touched by the drain that holds running
		private List<InstanceInfo> last;

		Watch(InstanceKind kind, Consumer<List<InstanceInfo>> listener) {
			this.kind = kind;
			this.listener = listener;
		}

		void request() {
			this.dirty.set(true);
			schedule();
		}

		private void schedule() {
			if (this.closed || !this.running.compareAndSet(false, true)) {
				return;
			}
			try {
				DiscoveryInstanceRegistry.this.watchExecutor.execute(this::drain);
			}
			catch (RejectedExecutionException ex) {
				this.running.set(false);
			}
		}

		void drain() {
			try {
				while (!this.closed && this.dirty.getAndSet(false)) {
					readOnce();
				}
			}
			finally {
				this.running.set(false);
			}
			// a request that came in after the loop's last check, but found running still set
			if (this.dirty.get()) {
				schedule();
			}
		}

		private void readOnce() {
			List<InstanceInfo> current;
			try {
				current = instances(this.kind);
			}
			catch (RuntimeException ex) {
				return; // logged by instances(); the next event or poll reads again
			}
			if (current.equals(this.last)) {
				return;
			}
			this.last = current;
			try {
				this.listener.accept(current);
			}
			catch (RuntimeException ex) {
				logger.warn("Instance listener for " + this.kind + " failed", ex);
			}
		}

		@Override
		public void close() {
			this.closed = true;
			DiscoveryInstanceRegistry.this.watches.remove(this);
		}

	}

	/** Binds a backend's registry to its factory, and remembers what was registered here. */
	private static final class Backend<R extends Registration> {

		private final ServiceRegistry<R> serviceRegistry;

		private final RegistrationFactory<R> factory;

		// by instance id; the service id kept apart, as some registrations answer null before use
		private final Map<String, Registered<R>> registrations = new HashMap<>();

		Backend(ServiceRegistry<R> serviceRegistry, RegistrationFactory<R> factory) {
			this.serviceRegistry = serviceRegistry;
			this.factory = factory;
		}

		synchronized void register(RegistrationFactory.Spec spec) {
			R next = this.factory.create(spec);
			// remembered before the backend is asked, so that a later deregister undoes a failed
			// attempt the backend may still retry on its own (Curator does after reconnecting)
			Registered<R> previous = this.registrations.put(spec.instanceId(), new Registered<>(spec.serviceId(), next));
			if (previous == null) {
				this.serviceRegistry.register(next);
			}
			else if (!previous.serviceId().equals(spec.serviceId())) {
				this.serviceRegistry.deregister(previous.registration());
				this.serviceRegistry.register(next);
			}
			else {
				this.factory.update(this.serviceRegistry, next);
			}
		}

		synchronized boolean deregister(String instanceId) {
			Registered<R> previous = this.registrations.remove(instanceId);
			if (previous == null) {
				return false;
			}
			this.serviceRegistry.deregister(previous.registration());
			return true;
		}

		synchronized void deregisterAll() {
			this.registrations.forEach((instanceId, registered) -> {
				try {
					this.serviceRegistry.deregister(registered.registration());
				}
				catch (RuntimeException ex) {
					logger.debug("Could not deregister " + instanceId + " on close", ex);
				}
			});
			this.registrations.clear();
		}

	}

	private record Registered<R extends Registration>(String serviceId, R registration) {
	}

	/** What was asked of the backend; the {@code operation} tag of the error counter. */
	public enum Operation {

		REGISTER, DEREGISTER, LIST;

		/** The tag value. */
		public String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
