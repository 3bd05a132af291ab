// The iptables tables of every node, as the programs that write them leave them: kube-proxy's
// sync loop (what its informers see of the Services and EndpointSlices becomes a ProxyInput for
// the node, and the generated rules are loaded with iptables-restore), and, with the flannel
// datapath, flanneld's masquerade and forward rules. The forwarding pipeline evaluates the result.
// Runs after every change the controllers make and after a datapath switch, and rewrites a node's
// tables only when what they are made from changed.
#pragma once

#include "core/k8s/kube_proxy.h"
#include "core/sim/world.h"

namespace podlab::k8s {

// What kube-proxy on `node` is told: every Service with a ClusterIP and its endpoints.
ProxyInput proxy_input_for(const World& world, NodeId node);

// Regenerates and reloads the tables of every node whose inputs changed; drops the netfilter
// state of namespaces that no longer belong to a node.
void sync_node_iptables(World& world);

}  // namespace podlab::k8s
