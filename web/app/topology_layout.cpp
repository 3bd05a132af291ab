#include "web/app/topology_layout.h"

#include <algorithm>

namespace podlab::web {

TopologyLayout layout_topology(const World& world) {
  using namespace layout_metrics;
  TopologyLayout layout;
  std::vector<NodeId> nodes = world.nodes.ids();
  std::sort(nodes.begin(), nodes.end(),
            [&](NodeId a, NodeId b) { return world.nodes.at(a).created < world.nodes.at(b).created; });
  float tallest = node_header;
  for (size_t i = 0; i < nodes.size(); ++i) {
    NodeBox box;
    box.node = nodes[i];
    const float x = static_cast<float>(i) * (node_width + node_gap);
    std::vector<PodId> pods;
    world.pods.for_each([&](PodId id, const PodRecord& pod) {
      if (pod.node == nodes[i]) pods.push_back(id);
    });
    std::sort(pods.begin(), pods.end(), [&](PodId a, PodId b) {
      const auto& pa = world.pods.at(a).pod.metadata;
      const auto& pb = world.pods.at(b).pod.metadata;
      return std::tie(pa.namespace_name, pa.name) < std::tie(pb.namespace_name, pb.name);
    });
    float y = node_header;
    for (PodId pod : pods) {
      box.pods.push_back(PodBox{pod, Rect{{x + padding, y}, {x + node_width - padding, y + pod_height}}});
      y += pod_height + pod_gap;
    }
    const float height = std::max(node_header + 40, y + padding);
    tallest = std::max(tallest, height);
    box.rect = Rect{{x, 0}, {x + node_width, height}};
    layout.nodes.push_back(std::move(box));
  }
  // All nodes as tall as the tallest, so the node network is one straight line under them.
  for (NodeBox& box : layout.nodes) box.rect.max.y = tallest;
  layout.node_network_y = tallest + node_network_gap;
  const float width = nodes.empty() ? 0 : static_cast<float>(nodes.size()) * (node_width + node_gap) - node_gap;
  layout.bounds = Rect{{0, 0}, {width, layout.node_network_y + 30}};
  return layout;
}

}  // namespace podlab::web
