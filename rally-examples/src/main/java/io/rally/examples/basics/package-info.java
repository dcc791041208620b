/**
 * The smallest useful controllers: echo, login, chat rooms (multicast), announcements
 * (broadcast) and whispers (push). Standalone mode serves them, and the benchmark measures
 * the echo route.
 */
package io.rally.examples.basics;
