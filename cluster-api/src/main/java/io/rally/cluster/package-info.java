/**
 * The contracts between Rally's services, independent of how they are carried.
 *
 * <p>A gate calls a node through {@link io.rally.cluster.NodeEndpoint}; a node calls a gate
 * through {@link io.rally.cluster.GateEndpoint}, and answers a client message on the
 * {@link io.rally.cluster.ReturnPath} the message carries. Which instances exist is the
 * {@link io.rally.cluster.InstanceRegistry}'s business, where each user is bound is the
 * {@link io.rally.cluster.Locator}'s, and how to reach an instance is the
 * {@link io.rally.cluster.ClusterTransport}'s. Standalone mode implements all of them in
 * memory ({@code io.rally.cluster.local}); cluster mode puts gRPC, Redis and service
 * discovery behind the same interfaces, so controller code does not change.
 */
package io.rally.cluster;
