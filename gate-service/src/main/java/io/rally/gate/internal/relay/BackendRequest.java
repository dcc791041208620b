package io.rally.gate.internal.relay;

/**
 * What a client asked for: the body of its first packet, or its WebSocket header. Passed
 * down the pipeline as a message to the {@link BackendConnector}.
 *
 * @param text {@code host:port}, an instance id or a token
 */
record BackendRequest(String text) {

}
