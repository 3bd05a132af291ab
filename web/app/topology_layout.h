// Where the topology canvas draws each object, in world units: nodes side by side on the node
// network; inside each node its pods stacked on the left, each pod's eth0 joined by its veth pair to
// the cni0 bridge on the right, the tunnel device (flannel.1, tunl0) under the bridge, and the node's
// eth0 on the node's bottom edge, hanging from the node network line. Left of the nodes, the
// computer outside the cluster (the external host) on the same line. Under the line, a row of
// Services, each with links to its endpoints (from the EndpointSlices). kube-system's pods can be
// collapsed into one marker per node. Packets are drawn moving between these rectangles
// (web/app/hop_place.h). Deterministic: the same World gives the same layout.
// Computed from the World; the panel only draws it.
#pragma once

#include <vector>

#include "core/sim/world.h"
#include "web/app/canvas_view.h"

namespace podlab::web {

struct PodBox {
  PodId pod;
  Rect rect;
  Rect eth0;  // the pod's end of the veth pair, on the pod's right edge (empty for hostNetwork pods)
  Rect veth;  // the host's end, next to the bridge
  bool has_veth = false;
};

struct NodeBox {
  NodeId node;
  Rect rect;
  std::vector<PodBox> pods;
  Rect bridge;  // cni0: a bar the veths plug into; without a bridge, the host's routing column
  Rect tunnel;  // flannel.1 or tunl0
  Rect eth0;    // on the node's bottom edge, over the node network line
  Rect host;    // the host's own stack (a process on the node, the kernel answering)
  bool has_bridge = false;
  bool has_tunnel = false;
  std::vector<PodId> collapsed_pods;  // kube-system's pods when collapsed: drawn as one marker
  Rect collapsed_marker;              // "kube-system: 2 pods", under the node's pods
};

// The computer outside the cluster: world.external_host, a namespace with eth0 and no node.
struct ExternalBox {
  Rect rect;
  Rect eth0;     // on its bottom edge, over the node network line
  Rect process;  // where curl runs
  bool present = false;
};

// A Service under the node network line, with the rectangles of its endpoints: the pod's box, the
// collapsed kube-system marker, or the node's eth0 for an endpoint that is a node's address
// (default/kubernetes: the API server).
struct ServiceBox {
  size_t service = 0;  // index into world.services
  Rect rect;
  std::vector<Rect> endpoints;
};

struct TopologyLayout {
  std::vector<NodeBox> nodes;
  float node_network_y = 0;  // the line the nodes' eth0 devices hang from
  ExternalBox external;      // a computer on the node network outside the cluster (NodePort clients)
  std::vector<ServiceBox> services;
  Rect bounds;               // everything, for fit-to-screen
};

namespace layout_metrics {
inline constexpr float node_width = 360;
inline constexpr float node_gap = 60;
inline constexpr float node_header = 104;
inline constexpr float pod_height = 58;
inline constexpr float pod_gap = 10;
inline constexpr float pod_right = 236;     // pods span padding..pod_right
inline constexpr float port_width = 38;     // eth0 and veth chips
inline constexpr float port_height = 18;
inline constexpr float bridge_left = 312;   // the cni0 bar
inline constexpr float bridge_right = 346;
inline constexpr float tunnel_width = 110;
inline constexpr float device_height = 26;  // the tunnel and eth0 boxes
inline constexpr float eth0_width = 62;
inline constexpr float padding = 14;
inline constexpr float node_network_gap = 70;
inline constexpr float marker_height = 26;    // the collapsed kube-system marker
inline constexpr float external_width = 220;
inline constexpr float external_height = 96;
inline constexpr float service_width = 270;
inline constexpr float service_height = 84;
inline constexpr float service_gap = 30;
inline constexpr float service_row_gap = 70;  // from the node network line to the Services
}  // namespace layout_metrics

struct LayoutOptions {
  bool collapse_kube_system = false;  // kube-system's pods as one marker per node

  bool operator==(const LayoutOptions&) const = default;
};

TopologyLayout layout_topology(const World& world, const LayoutOptions& options = {});

}  // namespace podlab::web
