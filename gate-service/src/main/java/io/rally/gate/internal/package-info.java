/**
 * The Netty side of the gate: the pipeline shared by all transports ({@link
 * io.rally.gate.internal.GatePipeline} lists the handlers and their order), the servers'
 * common base and the lifecycle. Handlers are package-private; transports live in
 * sub-packages laid out alike ({@code tcp}, {@code ws}, {@code kcp}, with {@code tls} in front
 * of the stream ones), beside the gate's other parts by feature ({@code session},
 * {@code dispatch}, {@code health}, {@code metrics}, {@code ops}, {@code relay}). Not a public
 * API: nothing outside the gate should use a type under {@code internal}.
 */
package io.rally.gate.internal;
