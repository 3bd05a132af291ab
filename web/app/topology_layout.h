// Where the topology canvas draws each object, in world units (about a screen pixel each at 100%).
// Nodes sit in rows (a grid whose column count depends only on how many nodes there are), each row
// on its own stretch of the node network line; the stretches are joined at the left by one trunk, so
// the node network stays one segment. Inside each node: its pods stacked on the left, each pod's eth0
// joined by its veth pair to the cni0 bridge on the right, the tunnel device (flannel.1, tunl0)
// under the bridge, and the node's eth0 on the node's bottom edge, hanging from its row's line (each
// node is as tall as what it holds; the row's line runs under the tallest).
// Pods of one owner (a Deployment, a ReplicaSet, a DaemonSet …) on one node are drawn as one group
// box, "web ×25", once there are `group_threshold` of them, until the learner expands it;
// kube-system's pods can be collapsed into one marker per node. Under the last row's line: the
// computer outside the cluster (the external host), then a row of Services, each with links to its
// endpoints routed around the node boxes (along the gutters between columns). A node the learner
// dragged keeps its offset. Packets are drawn moving between these rectangles (web/app/hop_place.h).
// Deterministic: the same World and options give the same layout. Computed from the World; the
// panel only draws it.
#pragma once

#include <array>
#include <map>
#include <set>
#include <string>
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

// Pods of one owner on one node. Collapsed: one box standing for all of them, with one eth0/veth
// pair standing for theirs. Expanded: a header bar over the pods, which are drawn in `NodeBox::pods`.
struct PodGroupBox {
  std::string key;         // "node-3/default/web": what LayoutOptions::expanded_groups holds
  std::string owner_kind;  // "Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job"
  std::string owner;       // "web"
  std::string namespace_name;
  std::vector<PodId> pods;  // sorted by name
  bool expanded = false;
  Rect rect;  // the group box, or the header bar when expanded
  Rect eth0;  // collapsed only: the pods' eth0 ends, drawn as one
  Rect veth;
  bool has_veth = false;
};

struct NodeBox {
  NodeId node;
  Rect rect;
  std::vector<PodBox> pods;
  std::vector<PodGroupBox> groups;
  Rect bridge;  // cni0: a bar the veths plug into; without a bridge, the host's routing column
  Rect tunnel;  // flannel.1 or tunl0
  Rect eth0;    // on the node's bottom edge, over its row's stretch of the node network line
  Rect host;    // the host's own stack (a process on the node, the kernel answering)
  float network_y = 0;  // the line this node's eth0 hangs from
  float gutter_x = 0;   // the free lane left of the node that links to its pods run along
  bool has_bridge = false;
  bool has_tunnel = false;
  std::vector<PodId> collapsed_pods;  // kube-system's pods when collapsed: drawn as one marker
  Rect collapsed_marker;              // "kube-system: 2 pods", under the node's pods
};

// The computer outside the cluster: world.external_host, a namespace with eth0 and no node.
struct ExternalBox {
  Rect rect;
  Rect eth0;     // on its top edge, under the node network line
  Rect process;  // where curl runs
  bool present = false;
};

// A dashed link from a Service to one drawn endpoint: up from the Service to a lane under the node
// network, along it to the gutter left of the endpoint's node, up the gutter and into the endpoint
// from its left. It crosses no node box but the endpoint's own.
struct ServiceLink {
  std::array<Vec2, 5> points{};
  size_t count = 0;
};

// A Service under the node network line, with the rectangles of its endpoints: the pod's box, the
// pod group or collapsed kube-system marker holding it (once, however many endpoints it holds), or
// the node's eth0 for an endpoint that is a node's address (default/kubernetes: the API server).
struct ServiceBox {
  size_t service = 0;  // index into world.services
  Rect rect;
  std::vector<Rect> endpoints;
  std::vector<ServiceLink> links;  // parallel to endpoints
};

// One row's stretch of the node network line, from the trunk to past its last node.
struct NetworkLine {
  float y = 0;
  float left = 0;
  float right = 0;
};

struct TopologyLayout {
  std::vector<NodeBox> nodes;
  std::vector<NetworkLine> network_lines;  // one per row of nodes, top to bottom
  float node_network_y = 0;  // the last row's line: the external host and the Services hang under it
  float trunk_x = 0;         // the vertical line joining the rows' stretches
  ExternalBox external;      // a computer on the node network outside the cluster (NodePort clients)
  std::vector<ServiceBox> services;
  Rect bounds;               // everything, for fit-to-screen
};

namespace layout_metrics {
inline constexpr float node_width = 270;
inline constexpr float node_gap = 40;        // between columns: half of it is the links' gutter
inline constexpr float node_header = 80;
inline constexpr float pod_height = 50;
inline constexpr float pod_gap = 8;
inline constexpr float pod_right = 170;     // pods span padding..pod_right
inline constexpr float port_width = 30;     // eth0 and veth chips
inline constexpr float port_height = 16;
inline constexpr float bridge_left = 236;   // the cni0 bar
inline constexpr float bridge_right = 258;
inline constexpr float tunnel_width = 86;
inline constexpr float device_height = 22;  // the tunnel and eth0 boxes
inline constexpr float eth0_width = 50;
inline constexpr float padding = 12;
inline constexpr float node_network_gap = 40;  // from a row's nodes down to its line
inline constexpr float row_gap = 44;           // from a row's line down to the next row's nodes
inline constexpr float group_header = 24;      // an expanded group's header bar
inline constexpr float marker_height = 24;     // the collapsed kube-system marker
inline constexpr float external_width = 150;
inline constexpr float external_height = 80;
inline constexpr float service_width = 226;
inline constexpr float service_height = 76;
inline constexpr float service_gap = 18;
inline constexpr float service_row_gap = 64;  // from the last node network line to the Services
inline constexpr size_t min_columns = 4;      // up to this many nodes share one row
inline constexpr size_t group_threshold = 3;  // pods of one owner on one node drawn as one box from this many
// Title sizes in world units (drawn no smaller than min_text_pixels: web/app/canvas_view.h).
inline constexpr float node_title_size = 16;
inline constexpr float pod_title_size = 13;
inline constexpr float group_title_size = 15;
inline constexpr float service_title_size = 14;
}  // namespace layout_metrics

// Nodes per row for `count` nodes: all in one row up to min_columns, then about twice as many
// columns as rows, which suits a canvas wider than tall.
size_t layout_columns(size_t count);

struct LayoutOptions {
  bool collapse_kube_system = false;     // kube-system's pods as one marker per node
  std::set<std::string> expanded_groups;  // PodGroupBox::key of the groups drawn pod by pod
  std::map<std::string, Vec2> node_offsets;  // by node name: where the learner dragged it from its place

  bool operator==(const LayoutOptions&) const = default;
};

TopologyLayout layout_topology(const World& world, const LayoutOptions& options = {});

}  // namespace podlab::web
