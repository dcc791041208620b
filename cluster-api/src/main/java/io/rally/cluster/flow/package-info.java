/**
 * Back-pressure between the parts of a cluster: {@link io.rally.cluster.flow.WaterMarks}, the
 * readiness of a bounded queue that producers pause on instead of overflowing it.
 */
package io.rally.cluster.flow;
