// The names Linux and Kubernetes print for the model's enums.
#include "core/model/cluster.h"
#include "core/model/network.h"

namespace podlab {

const char* device_kind_name(DeviceKind kind) {
  switch (kind) {
    case DeviceKind::Loopback: return "loopback";
    case DeviceKind::Ethernet: return "ether";
    case DeviceKind::Veth: return "veth";
    case DeviceKind::Bridge: return "bridge";
    case DeviceKind::Vxlan: return "vxlan";
    case DeviceKind::Ipip: return "ipip";
  }
  return "unknown";
}

const char* route_protocol_name(RouteProtocol protocol) {
  switch (protocol) {
    case RouteProtocol::Boot: return "boot";
    case RouteProtocol::Kernel: return "kernel";
    case RouteProtocol::Static: return "static";
    case RouteProtocol::Bird: return "bird";
    // flanneld installs its routes with the default protocol; `ip route` prints nothing for it.
    case RouteProtocol::Flannel: return "boot";
    case RouteProtocol::Lab: return "static";
  }
  return "boot";
}

const char* pod_phase_name(PodPhase phase) {
  switch (phase) {
    case PodPhase::Pending: return "Pending";
    case PodPhase::Running: return "Running";
    case PodPhase::Succeeded: return "Succeeded";
    case PodPhase::Failed: return "Failed";
  }
  return "Unknown";
}

}  // namespace podlab
