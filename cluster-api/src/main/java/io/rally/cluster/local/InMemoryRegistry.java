package io.rally.cluster.local;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceRegistry;

/**
 * The registry of standalone mode: every instance lives in this JVM. Listeners are called on
 * the thread that changed the registry, one change at a time.
 */
public final class InMemoryRegistry implements InstanceRegistry {

	private final Map<String, InstanceInfo> instances = new ConcurrentHashMap<>();

	private final List<Watch> watches = new CopyOnWriteArrayList<>();

	@Override
	public synchronized void register(InstanceInfo instance) {
		InstanceInfo previous = this.instances.put(instance.id(), instance);
		if (previous != null && previous.kind() != instance.kind()) {
			notifyWatches(previous.kind());
		}
		notifyWatches(instance.kind());
	}

	@Override
	public synchronized void deregister(String instanceId) {
		InstanceInfo removed = this.instances.remove(instanceId);
		if (removed != null) {
			notifyWatches(removed.kind());
		}
	}

	@Override
	public List<InstanceInfo> instances(InstanceKind kind) {
		return this.instances.values().stream().filter((instance) -> instance.kind() == kind).toList();
	}

	@Override
	public synchronized AutoCloseable watch(InstanceKind kind, Consumer<List<InstanceInfo>> listener) {
		Watch watch = new Watch(kind, listener);
		this.watches.add(watch);
		listener.accept(instances(kind));
		return () -> this.watches.remove(watch);
	}

	private void notifyWatches(InstanceKind kind) {
		List<InstanceInfo> current = instances(kind);
		for (Watch watch : this.watches) {
			if (watch.kind == kind) {
				watch.listener.accept(current);
			}
		}
	}

	private record Watch(InstanceKind kind, Consumer<List<InstanceInfo>> listener) {
	}

}
