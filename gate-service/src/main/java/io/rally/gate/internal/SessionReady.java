package io.rally.gate.internal;

import io.rally.gate.internal.session.Session;

/**
 * User event fired by {@link SessionHandler} once a connection can carry packets (TCP: on
 * accept; WebSocket: after the handshake), for the handlers behind it.
 */
record SessionReady(Session session) {

}
