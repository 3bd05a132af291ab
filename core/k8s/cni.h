// CNI, as the container runtime runs it for a pod sandbox: the node's network configuration list
// (/etc/cni/net.d), the plugins it names run in order with the previous result (flannel delegating
// to bridge, calico, portmap), host-local IPAM, and results and errors in the CNI spec's JSON.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/base/result.h"
#include "core/sim/world.h"

namespace podlab::k8s {

inline constexpr const char* cni_version = "1.0.0";

// The conflist file a node has for the cluster's datapath: its path and JSON.
struct CniConfigFile {
  std::string path;  // "/etc/cni/net.d/10-flannel.conflist"
  nlohmann::json config;
};
CniConfigFile cni_config_for(const World& world, NodeId node);

// ADD for the pod's sandbox (CNI_CONTAINERID = sandbox id, CNI_NETNS = its namespace, CNI_IFNAME =
// eth0). `requested_ip` is CNI_ARGS IP=…, used to keep a pod's address across a datapath switch.
// On success the pod has eth0, routes and its IP, and the result JSON is stored in the pod.
Result<nlohmann::json> cni_add(World& world, PodId pod, std::optional<Ipv4Address> requested_ip = std::nullopt);
// DEL: best effort and idempotent; releases the IP even if the namespace is gone.
void cni_del(World& world, PodId pod);
// CHECK: verifies that the interfaces, addresses and routes of the stored result are in place.
Result<bool> cni_check(const World& world, PodId pod);

// host-local IPAM on a node's range.
Result<Ipv4Address> host_local_allocate(HostLocalRange& range, const std::string& container_id,
                                        std::optional<Ipv4Address> requested);
void host_local_release(HostLocalRange& range, const std::string& container_id);
HostLocalRange host_local_range(Ipv4Cidr subnet);

}  // namespace podlab::k8s
