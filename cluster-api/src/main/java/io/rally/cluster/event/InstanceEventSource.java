package io.rally.cluster.event;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.event.ClusterEvent.InstanceEvent;
import io.rally.cluster.event.ClusterEvent.InstanceJoined;
import io.rally.cluster.event.ClusterEvent.InstanceLeft;
import io.rally.cluster.event.ClusterEvent.InstanceStateChanged;

/**
 * Instance events derived from an {@link InstanceRegistry}: watches every
 * {@link InstanceKind} and compares each list with the one before. Every instance of the
 * cluster sees the registry, so every bus derives these events itself and none are sent
 * between instances.
 *
 * <p>The first list of each watch is the baseline and reports nothing: instances already there
 * are read from the registry, not announced. Within one list, instances that left are reported
 * first, then the ones that changed state, then the ones that joined, each in the list's order.
 * A registry that reports a change of an instance's kind gives a left and a joined event.
 * Events go to {@code sink} on the registry's watch thread, so the sink must not block.
 */
public final class InstanceEventSource implements AutoCloseable {

	private final List<AutoCloseable> watches = new ArrayList<>();

	/** Starts watching {@code registry}; events go to {@code sink} until {@link #close()}. */
	public InstanceEventSource(InstanceRegistry registry, Consumer<? super InstanceEvent> sink) {
		Objects.requireNonNull(registry, "registry");
		Objects.requireNonNull(sink, "sink");
		for (InstanceKind kind : InstanceKind.values()) {
			this.watches.add(registry.watch(kind, new Differ(sink)));
		}
	}

	@Override
	public void close() {
		for (AutoCloseable watch : this.watches) {
			try {
				watch.close();
			}
			catch (Exception ex) {
				System.getLogger(InstanceEventSource.class.getName())
					.log(System.Logger.Level.DEBUG, "Could not close a registry watch", ex);
			}
		}
	}

	private static final class Differ implements Consumer<List<InstanceInfo>> {

		private final Consumer<? super InstanceEvent> sink;

		private Map<String, InstanceInfo> known;

		Differ(Consumer<? super InstanceEvent> sink) {
			this.sink = sink;
		}

		// Calls do not overlap, but may come from different threads: synchronized for visibility.
		@Override
		public synchronized void accept(List<InstanceInfo> instances) {
			Map<String, InstanceInfo> current = new LinkedHashMap<>();
			for (InstanceInfo instance : instances) {
				current.put(instance.id(), instance);
			}
			Map<String, InstanceInfo> previous = this.known;
			this.known = current;
			if (previous == null) {
				return;
			}
			for (InstanceInfo before : previous.values()) {
				if (!current.containsKey(before.id())) {
					this.sink.accept(new InstanceLeft(before));
				}
			}
			List<InstanceInfo> joined = new ArrayList<>();
			for (InstanceInfo after : current.values()) {
				InstanceInfo before = previous.get(after.id());
				if (before == null) {
					joined.add(after);
				}
				else if (before.state() != after.state()) {
					this.sink.accept(new InstanceStateChanged(before, after));
				}
			}
			joined.forEach((instance) -> this.sink.accept(new InstanceJoined(instance)));
		}

	}

}
