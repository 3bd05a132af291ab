// kube-proxy's sync loop on every node: what its informers see of the Services and EndpointSlices
// becomes a ProxyInput for that node, and the generated rules are loaded into the node's host
// namespace (iptables-restore), where the forwarding pipeline evaluates them. Runs after every
// change the controllers make (reconcile), and rewrites a node's tables only when its input changed.
#pragma once

#include "core/k8s/kube_proxy.h"
#include "core/sim/world.h"

namespace podlab::k8s {

// What kube-proxy on `node` is told: every Service with a ClusterIP and its endpoints.
ProxyInput proxy_input_for(const World& world, NodeId node);

// Regenerates and reloads the rules of every node whose input changed; drops the netfilter state
// of namespaces that no longer belong to a node.
void sync_kube_proxy(World& world);

}  // namespace podlab::k8s
