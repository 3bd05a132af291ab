#include "web/app/topology_layout.h"

#include <algorithm>
#include <map>

namespace podlab::web {

namespace {

bool is_kube_system(const World& world, PodId pod) { return world.pods.at(pod).pod.metadata.namespace_name == "kube-system"; }

// The external host left of the nodes, its bottom on the nodes' bottom so its eth0 hangs from the
// same node network line.
ExternalBox layout_external(const World& world, float nodes_bottom) {
  using namespace layout_metrics;
  ExternalBox box;
  if (!world.namespaces_net.get(world.external_host)) return box;
  box.present = true;
  const float right = -node_gap;
  box.rect = Rect{{right - external_width, nodes_bottom - external_height}, {right, nodes_bottom}};
  const float center = box.rect.center().x;
  box.eth0 = Rect{{center - eth0_width * 0.5f, nodes_bottom - device_height * 0.5f},
                  {center + eth0_width * 0.5f, nodes_bottom + device_height * 0.5f}};
  const Vec2 process_center{box.rect.max.x - 30, box.rect.min.y + 50};
  box.process = Rect{process_center - Vec2{12, 9}, process_center + Vec2{12, 9}};
  return box;
}

// The Services in rows under the node network line, as many to a row as fit under the nodes.
void layout_services(const World& world, TopologyLayout& layout, float width) {
  using namespace layout_metrics;
  std::map<std::pair<std::string, std::string>, Rect> pod_rects;  // (namespace, name) -> where it is drawn
  std::map<std::string, Rect> node_rects;                           // internal IP -> the node's eth0
  for (const NodeBox& node : layout.nodes) {
    node_rects[world.nodes.at(node.node).internal_ip.to_string()] = node.eth0;
    for (const PodBox& pod : node.pods) {
      const auto& meta = world.pods.at(pod.pod).pod.metadata;
      pod_rects[{meta.namespace_name, meta.name}] = pod.rect;
    }
    for (PodId pod : node.collapsed_pods) {
      const auto& meta = world.pods.at(pod).pod.metadata;
      pod_rects[{meta.namespace_name, meta.name}] = node.collapsed_marker;
    }
  }
  const size_t per_row = std::max<size_t>(1, static_cast<size_t>((width + service_gap) / (service_width + service_gap)));
  const float top = layout.node_network_y + service_row_gap;
  for (size_t i = 0; i < world.services.size(); ++i) {
    const ServiceRecord& record = world.services[i];
    ServiceBox box;
    box.service = i;
    const float x = static_cast<float>(i % per_row) * (service_width + service_gap);
    const float y = top + static_cast<float>(i / per_row) * (service_height + service_gap);
    box.rect = Rect{{x, y}, {x + service_width, y + service_height}};
    for (const EndpointSliceRecord& slice : record.slices) {
      for (const EndpointRecord& endpoint : slice.endpoints) {
        const auto pod = pod_rects.find({record.service.metadata.namespace_name, endpoint.pod_name});
        if (!endpoint.pod_name.empty() && pod != pod_rects.end()) {
          box.endpoints.push_back(pod->second);
          continue;
        }
        const auto node = node_rects.find(endpoint.address.to_string());
        if (node != node_rects.end()) box.endpoints.push_back(node->second);
      }
    }
    layout.services.push_back(std::move(box));
  }
}

}  // namespace

TopologyLayout layout_topology(const World& world, const LayoutOptions& options) {
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
      if (pod.node != nodes[i]) return;
      if (options.collapse_kube_system && is_kube_system(world, id)) {
        box.collapsed_pods.push_back(id);
      } else {
        pods.push_back(id);
      }
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
    if (!box.collapsed_pods.empty()) {
      box.collapsed_marker = Rect{{x + padding, y}, {x + pod_right, y + marker_height}};
      y += marker_height + pod_gap;
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
  layout.external = layout_external(world, tallest);
  layout_services(world, layout, width);
  float bottom = layout.node_network_y + 30;
  for (const ServiceBox& service : layout.services) bottom = std::max(bottom, service.rect.max.y);
  const float left = layout.external.present ? layout.external.rect.min.x : 0;
  layout.bounds = Rect{{left, 0}, {width, bottom}};
  return layout;
}

}  // namespace podlab::web
