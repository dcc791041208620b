/**
 * Who may take a connection slot, and from which address: the client address a connection
 * counts under ({@link io.rally.gate.internal.admission.ClientAddress}, the one a trusted
 * proxy's PROXY header names, else the socket's peer), the per-address limits
 * ({@link io.rally.gate.internal.admission.PerIpLimits}) and the PROXY protocol handlers. The
 * pipeline places them (see {@link io.rally.gate.internal.GatePipeline}). Not a public API.
 */
package io.rally.gate.internal.admission;
