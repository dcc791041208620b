/**
 * The programming model of a Rally node: {@link io.rally.node.api.RallyController controllers}
 * whose {@link io.rally.node.api.Route @Route} methods handle client messages, with
 * {@link io.rally.node.api.RouteInterceptor interceptors} around them, and a
 * {@link io.rally.node.api.Messenger} to reach users on any gate.
 *
 * <h2>Threading model</h2>
 * <p>A gate hands messages to the node's {@link io.rally.cluster.NodeEndpoint}, which only
 * queues them: handlers never run on the gate's thread (in standalone mode a Netty event loop).
 * The node has a fixed number of worker threads ({@code rally.node.worker-threads}), each with
 * its own queue, and every message goes to the worker picked by the hash of its
 * <em>connection</em> (gate id and connection id). So:
 * <ul>
 * <li>the messages of one connection run one at a time, in the order the gate delivered them,
 * before and after a login on that connection; a connection's session events
 * ({@link io.rally.node.api.SessionListener}) run in the same order as its messages;</li>
 * <li>messages of different connections may run in parallel, so state shared between users
 * (a room, a match) must be thread-safe;</li>
 * <li>a user who reconnects gets a new connection, which may use another worker: a message on
 * the new connection may run while the disconnect event of the old one is still queued;</li>
 * <li>a handler that blocks holds up every connection on its worker; for slow work return a
 * {@link java.util.concurrent.CompletableFuture} instead, which is replied when it completes
 * (on the thread that completes it, outside the connection's order).</li>
 * </ul>
 * Keying by connection rather than by user keeps one connection's messages in order across
 * its login, when the user id changes from 0 to the user's id.
 *
 * <p>Queued and running messages are bounded ({@code rally.node.max-queued-messages}); beyond
 * that a message is refused with error 503 and counted in {@code rally.node.messages.rejected}.
 * Session events are never refused.
 *
 * <h2>Replies and errors</h2>
 * <p>A handler's return value is the reply on the same route and seq; one-way messages (seq 0)
 * get no reply and no error packet. An exception becomes an error packet (extension code
 * {@link io.rally.protocol.Packet#EXT_ERROR}, JSON {@code {"code":…,"message":…}}) with the code
 * of a {@link io.rally.node.api.RallyException}, or 500 for any other exception.
 */
package io.rally.node.api;
