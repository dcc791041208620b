/**
 * The Netty side of the gate: the pipeline shared by all transports ({@link
 * io.rally.gate.internal.GatePipeline} lists the handlers and their order), the servers'
 * common base and the lifecycle. Handlers are package-private; transports live in
 * sub-packages laid out alike. Not a public API.
 */
package io.rally.gate.internal;
