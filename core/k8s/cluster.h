// Building and changing the cluster's machines, as kubeadm and the CNI's node agents leave them:
// nodes with a host network namespace (lo, eth0 on the node network, default route), a podCIDR
// each from the pod network, node agents, and the datapath's cross-node plumbing (flannel.1 with
// its routes, neighbours and FDB entries; tunl0 with BGP-learned routes; host-gw routes; nothing in
// manual mode).
#pragma once

#include <string>

#include "core/base/result.h"
#include "core/k8s/objects.h"
#include "core/sim/world.h"

namespace podlab::k8s {

// A world as `kubeadm init` and `kubeadm join` leave it: the cluster's nodes, the namespaces
// (default, kube-system, kube-public, kube-node-lease), the default/kubernetes Service and the
// CoreDNS addon.
Result<World> make_world(const ClusterSpec& spec, uint64_t seed);

// kubeadm's CoreDNS addon: the kube-system/coredns ConfigMap and Deployment and the kube-dns
// Service (coredns_addon.cpp).
void install_coredns_addon(World& world);

Result<NodeId> add_node(World& world, const ClusterNodeSpec& spec);
Result<bool> delete_node(World& world, const std::string& name);
NodeId find_node(const World& world, const std::string& name);

// Tears down the cross-node plumbing and the pods' attachments and builds them for `datapath`:
// every pod is re-attached by the new CNI plugin chain and keeps its IP.
void set_datapath(World& world, Datapath datapath);
// (Re)installs the routes, neighbours and FDB entries between nodes that the datapath's agent
// (flanneld, BIRD) keeps; called when nodes come and go.
void sync_datapath_routes(World& world);

// The pod network's MTU on this datapath: the node MTU minus the encapsulation overhead.
int pod_mtu(const World& world);

}  // namespace podlab::k8s
