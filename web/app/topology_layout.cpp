#include "web/app/topology_layout.h"

#include <algorithm>

namespace podlab::web {

TopologyLayout layout_topology(const World& world) {
  using namespace layout_metrics;
  TopologyLayout layout;
  std::vector<NodeId> nodes = world.nodes.ids();
  std::sort(nodes.begin(), nodes.end(),
            [&](NodeId a, NodeId b) { return world.nodes.at(a).created < world.nodes.at(b).created; });
  float tallest = 0;
  for (size_t i = 0; i < nodes.size(); ++i) {
    const Node& node = world.nodes.at(nodes[i]);
    NodeBox box;
    box.node = nodes[i];
    box.has_bridge = world.devices.get(node.bridge) != nullptr;
    box.has_tunnel = world.devices.get(node.tunnel) != nullptr;
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
      PodBox pod_box{pod, Rect{{x + padding, y}, {x + pod_right, y + pod_height}}, {}, {}, false};
      const float middle = y + pod_height * 0.5f;
      const Vec2 half_port{port_width * 0.5f, port_height * 0.5f};
      if (world.devices.get(world.pods.at(pod).eth0)) {
        const Vec2 eth0_center{x + pod_right, middle};
        pod_box.eth0 = Rect{eth0_center - half_port, eth0_center + half_port};
      }
      if (world.devices.get(world.pods.at(pod).host_veth)) {
        const Vec2 veth_center{x + (pod_right + bridge_left) * 0.5f + port_width * 0.25f, middle};
        pod_box.veth = Rect{veth_center - half_port, veth_center + half_port};
        pod_box.has_veth = true;
      }
      box.pods.push_back(pod_box);
      y += pod_height + pod_gap;
    }
    const float bridge_top = node_header - 10;
    const float bridge_bottom = std::max(y - pod_gap + 8, bridge_top + 40);
    box.bridge = Rect{{x + bridge_left, bridge_top}, {x + bridge_right, bridge_bottom}};
    const float tunnel_top = bridge_bottom + 14;
    box.tunnel = Rect{{x + bridge_right - tunnel_width, tunnel_top}, {x + bridge_right, tunnel_top + device_height}};
    const float height = tunnel_top + device_height + 26;
    tallest = std::max(tallest, height);
    box.rect = Rect{{x, 0}, {x + node_width, height}};
    box.host = Rect{{x + node_width * 0.5f - 20, 8}, {x + node_width * 0.5f + 20, 30}};
    layout.nodes.push_back(std::move(box));
  }
  // All nodes as tall as the tallest, so the node network is one straight line under them; each
  // node's eth0 sits on its bottom edge.
  for (NodeBox& box : layout.nodes) {
    box.rect.max.y = tallest;
    const float center = box.rect.center().x;
    box.eth0 = Rect{{center - eth0_width * 0.5f, tallest - device_height * 0.5f},
                    {center + eth0_width * 0.5f, tallest + device_height * 0.5f}};
  }
  layout.node_network_y = tallest + node_network_gap;
  const float width = nodes.empty() ? 0 : static_cast<float>(nodes.size()) * (node_width + node_gap) - node_gap;
  layout.external = Rect{{-node_gap - 90, layout.node_network_y - 50}, {-node_gap - 10, layout.node_network_y - 22}};
  layout.bounds = Rect{{0, 0}, {width, layout.node_network_y + 30}};
  return layout;
}

}  // namespace podlab::web
