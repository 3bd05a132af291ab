// Where the topology canvas draws each object, in world units: nodes side by side on the node
// network, each node's pods stacked inside it. Deterministic: the same World gives the same layout.
// Computed from the World; the panel only draws it.
#pragma once

#include <vector>

#include "core/sim/world.h"
#include "web/app/canvas_view.h"

namespace podlab::web {

struct PodBox {
  PodId pod;
  Rect rect;
};

struct NodeBox {
  NodeId node;
  Rect rect;
  std::vector<PodBox> pods;
};

struct TopologyLayout {
  std::vector<NodeBox> nodes;
  float node_network_y = 0;  // the line the nodes' eth0 devices hang from
  Rect bounds;               // everything, for fit-to-screen
};

namespace layout_metrics {
inline constexpr float node_width = 300;
inline constexpr float node_gap = 60;
inline constexpr float node_header = 104;
inline constexpr float pod_height = 58;
inline constexpr float pod_gap = 10;
inline constexpr float padding = 14;
inline constexpr float node_network_gap = 70;
}  // namespace layout_metrics

TopologyLayout layout_topology(const World& world);

}  // namespace podlab::web
