// Services as the API server and the EndpointSlice controller keep them: ClusterIPs allocated from
// the service network (the first address for default/kubernetes, the tenth for kube-dns, others
// from the upper band as the allocator prefers), NodePorts from 30000–32767, and EndpointSlices of
// the pods a selector matches, updated whenever pods come and go.
#pragma once

#include <string>

#include "core/base/result.h"
#include "core/k8s/objects.h"
#include "core/sim/world.h"

namespace podlab::k8s {

// What the API server would refuse about this Service (a clusterIP outside the range or taken, a
// clusterIP changed, a nodePort taken), or nothing. apply_objects() checks every object first.
std::optional<Diagnostic> check_service(const World& world, const Service& service);
// Creates or updates a Service as the API server does; returns "created", "configured" or "unchanged". The controllers (EndpointSlices, kube-proxy)
// catch up at the caller's next reconcile(), once per batch of objects.
Result<std::string> apply_service(World& world, const Service& service);
bool delete_service(World& world, const std::string& namespace_name, const std::string& name);
ServiceRecord* find_service(World& world, const std::string& namespace_name, const std::string& name);
const ServiceRecord* find_service(const World& world, const std::string& namespace_name, const std::string& name);

// The EndpointSlice controller: every selector Service's slices list the matching pods.
void sync_endpoint_slices(World& world);

// default/kubernetes at the service network's first address, backed by the API server on the
// control-plane nodes (port 6443).
void add_kubernetes_service(World& world);

// The port a Service port reaches on `pod`: targetPort's number, or the pod's container port with
// targetPort's name (none if the pod has no such port).
std::optional<int> resolve_target_port(const ServicePort& port, const PodRecord& pod);

}  // namespace podlab::k8s
