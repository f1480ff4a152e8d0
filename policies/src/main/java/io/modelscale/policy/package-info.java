/**
 * How many replicas models and servers should have: model policies (inference lag, Kubernetes HPA, Knative KPA)
 * and server scale-up and scale-down policies, each a pure function whose memory is an explicit value.
 */
package io.modelscale.policy;
