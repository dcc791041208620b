/**
 * The cluster event bus: {@link io.rally.cluster.event.ClusterEventBus} delivers typed
 * {@link io.rally.cluster.event.ClusterEvent}s (users online, offline, bound to nodes;
 * instances joined, left, changed state; custom topics) on threads of its own. Standalone mode
 * uses {@link io.rally.cluster.local.InMemoryClusterEventBus}; cluster mode's Redis bus shares
 * {@link io.rally.cluster.event.EventDispatcher} and
 * {@link io.rally.cluster.event.InstanceEventSource} with it, so both give the same events.
 */
package io.rally.cluster.event;
