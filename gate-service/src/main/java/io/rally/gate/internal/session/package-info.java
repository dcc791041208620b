/**
 * The gate's client connections and the users bound to them: one {@link
 * io.rally.gate.internal.session.Session} per connection, the registry of open connections,
 * the user bindings, channel membership and the session events sent to nodes, and the {@link
 * io.rally.cluster.GateEndpoint} through which nodes reach them all. Not a public API.
 */
package io.rally.gate.internal.session;
