#include "web/app/topology_layout.h"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace podlab::web {

namespace {

bool is_kube_system(const World& world, PodId pod) { return world.pods.at(pod).pod.metadata.namespace_name == "kube-system"; }

struct Owner {
  std::string kind;
  std::string name;
};

// What a pod's replicas are counted under: its controller (a ReplicaSet counts as its Deployment),
// or, for a pod without one, its `app` label. Empty for a pod that stands alone.
Owner owner_of(const World& world, const k8s::ObjectMeta& meta) {
  for (const k8s::OwnerReference& reference : meta.owner_references) {
    if (!reference.controller) continue;
    if (reference.kind == "ReplicaSet") {
      for (const WorkloadRecord& workload : world.workloads)
        if (workload.kind == WorkloadRecord::Kind::ReplicaSet && workload.name == reference.name &&
            workload.namespace_name == meta.namespace_name && !workload.owner.empty())
          return {"Deployment", workload.owner};
    }
    return {reference.kind, reference.name};
  }
  const auto app = meta.labels.find("app");
  if (app != meta.labels.end()) return {"app", app->second};
  return {};
}

// One thing stacked in a node's pod column: a pod on its own, or a group.
struct Entry {
  std::string namespace_name;
  std::string name;  // the pod's, or the group's owner
  PodId pod;         // valid for a pod on its own
  size_t group = SIZE_MAX;
};

PodBox pod_box_at(const World& world, PodId pod, float x, float y) {
  using namespace layout_metrics;
  PodBox box{pod, Rect{{x + padding, y}, {x + pod_right, y + pod_height}}, {}, {}, false};
  const float middle = y + pod_height * 0.5f;
  const Vec2 half_port{port_width * 0.5f, port_height * 0.5f};
  if (world.devices.get(world.pods.at(pod).eth0)) {
    const Vec2 eth0_center{x + pod_right, middle};
    box.eth0 = Rect{eth0_center - half_port, eth0_center + half_port};
  }
  if (world.devices.get(world.pods.at(pod).host_veth)) {
    const Vec2 veth_center{x + (pod_right + bridge_left) * 0.5f + port_width * 0.2f, middle};
    box.veth = Rect{veth_center - half_port, veth_center + half_port};
    box.has_veth = true;
  }
  return box;
}

// A node's pods, groups, devices, with its top-left corner at the origin; returns its height.
float layout_node(const World& world, const LayoutOptions& options, NodeBox& box) {
  using namespace layout_metrics;
  const Node& node = world.nodes.at(box.node);
  box.has_bridge = world.devices.get(node.bridge) != nullptr;
  box.has_tunnel = world.devices.get(node.tunnel) != nullptr;
  std::vector<PodId> alone;
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<PodId>> owned;  // (namespace, kind, name)
  world.pods.for_each([&](PodId id, const PodRecord& pod) {
    if (pod.node != box.node) return;
    if (options.collapse_kube_system && is_kube_system(world, id)) {
      box.collapsed_pods.push_back(id);
      return;
    }
    const Owner owner = owner_of(world, pod.pod.metadata);
    if (owner.name.empty()) {
      alone.push_back(id);
    } else {
      owned[{pod.pod.metadata.namespace_name, owner.kind, owner.name}].push_back(id);
    }
  });
  const auto by_name = [&](PodId a, PodId b) {
    return world.pods.at(a).pod.metadata.name < world.pods.at(b).pod.metadata.name;
  };
  std::vector<Entry> entries;
  for (auto& [key, pods] : owned) {
    const auto& [namespace_name, kind, name] = key;
    if (pods.size() < group_threshold) {
      alone.insert(alone.end(), pods.begin(), pods.end());
      continue;
    }
    std::sort(pods.begin(), pods.end(), by_name);
    PodGroupBox group;
    group.key = node.name + "/" + namespace_name + "/" + name;
    group.owner_kind = kind;
    group.owner = name;
    group.namespace_name = namespace_name;
    group.pods = std::move(pods);
    group.expanded = options.expanded_groups.count(group.key) > 0;
    entries.push_back(Entry{namespace_name, name, PodId{}, box.groups.size()});
    box.groups.push_back(std::move(group));
  }
  for (PodId pod : alone) {
    const auto& meta = world.pods.at(pod).pod.metadata;
    entries.push_back(Entry{meta.namespace_name, meta.name, pod, SIZE_MAX});
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return std::tie(a.namespace_name, a.name, a.group) < std::tie(b.namespace_name, b.name, b.group);
  });
  float y = node_header;
  for (const Entry& entry : entries) {
    if (entry.group == SIZE_MAX) {
      box.pods.push_back(pod_box_at(world, entry.pod, 0, y));
      y += pod_height + pod_gap;
      continue;
    }
    PodGroupBox& group = box.groups[entry.group];
    if (group.expanded) {
      group.rect = Rect{{padding, y}, {pod_right, y + group_header}};
      y += group_header + pod_gap * 0.5f;
      for (PodId pod : group.pods) {
        box.pods.push_back(pod_box_at(world, pod, 0, y));
        y += pod_height + pod_gap;
      }
      continue;
    }
    // Drawn as a stack of cards: the box leaves room for the two behind it.
    const PodBox stand_in = pod_box_at(world, group.pods.front(), 0, y);
    group.rect = stand_in.rect;
    group.eth0 = stand_in.eth0;
    group.veth = stand_in.veth;
    group.has_veth = stand_in.has_veth;
    y += pod_height + pod_gap + 6;
  }
  if (!box.collapsed_pods.empty()) {
    box.collapsed_marker = Rect{{padding, y}, {pod_right, y + marker_height}};
    y += marker_height + pod_gap;
  }
  const float bridge_top = node_header - 10;
  const float bridge_bottom = std::max(y - pod_gap + 8, bridge_top + 40);
  box.bridge = Rect{{bridge_left, bridge_top}, {bridge_right, bridge_bottom}};
  const float tunnel_top = bridge_bottom + 12;
  box.tunnel = Rect{{bridge_right - tunnel_width, tunnel_top}, {bridge_right, tunnel_top + device_height}};
  box.host = Rect{{node_width * 0.5f - 20, 6}, {node_width * 0.5f + 20, 26}};
  return tunnel_top + device_height + 24;
}

void translate(Rect& rect, Vec2 by) {
  rect.min = rect.min + by;
  rect.max = rect.max + by;
}

void translate(NodeBox& box, Vec2 by) {
  for (Rect* rect : {&box.rect, &box.bridge, &box.tunnel, &box.eth0, &box.host, &box.collapsed_marker}) translate(*rect, by);
  for (PodBox& pod : box.pods)
    for (Rect* rect : {&pod.rect, &pod.eth0, &pod.veth}) translate(*rect, by);
  for (PodGroupBox& group : box.groups)
    for (Rect* rect : {&group.rect, &group.eth0, &group.veth}) translate(*rect, by);
  box.gutter_x += by.x;
}

// The external host under the last line, left of the Services, its eth0 on its top edge.
ExternalBox layout_external(const World& world, float top) {
  using namespace layout_metrics;
  ExternalBox box;
  if (!world.namespaces_net.get(world.external_host)) return box;
  box.present = true;
  box.rect = Rect{{0, top}, {external_width, top + external_height}};
  const float center = box.rect.center().x;
  box.eth0 = Rect{{center - eth0_width * 0.5f, top - device_height * 0.5f}, {center + eth0_width * 0.5f, top + device_height * 0.5f}};
  const Vec2 process_center{box.rect.max.x - 28, box.rect.min.y + 52};
  box.process = Rect{process_center - Vec2{12, 9}, process_center + Vec2{12, 9}};
  return box;
}

// Up from the Service to its lane, along the lane to the gutter left of the target's node, up the
// gutter to the target's height, and into the target from its left.
ServiceLink route_link(const ServiceBox& service, float lane_y, float gutter_x, Vec2 target) {
  ServiceLink link;
  const Vec2 start{service.rect.center().x, service.rect.min.y};
  for (Vec2 point : {start, Vec2{start.x, lane_y}, Vec2{gutter_x, lane_y}, Vec2{gutter_x, target.y}, target})
    link.points[link.count++] = point;
  return link;
}

// The Services in rows under the last node network line, as many to a row as fit beside the
// external host, each linked to where its endpoints are drawn.
void layout_services(const World& world, TopologyLayout& layout, float left, float width) {
  using namespace layout_metrics;
  struct Target {
    Rect rect;
    const NodeBox* node;
    bool node_address;
  };
  std::map<std::pair<std::string, std::string>, Target> pods;  // (namespace, name) -> where it is drawn
  std::map<std::string, Target> node_addresses;                 // internal IP -> the node's eth0
  for (const NodeBox& node : layout.nodes) {
    node_addresses[world.nodes.at(node.node).internal_ip.to_string()] = Target{node.eth0, &node, true};
    const auto add = [&](PodId pod, const Rect& rect) {
      const auto& meta = world.pods.at(pod).pod.metadata;
      pods[{meta.namespace_name, meta.name}] = Target{rect, &node, false};
    };
    for (const PodBox& pod : node.pods) add(pod.pod, pod.rect);
    for (const PodGroupBox& group : node.groups)
      if (!group.expanded)
        for (PodId pod : group.pods) add(pod, group.rect);
    for (PodId pod : node.collapsed_pods) add(pod, node.collapsed_marker);
  }
  const float available = std::max(service_width, width - left);
  const size_t per_row = std::max<size_t>(1, static_cast<size_t>((available + service_gap) / (service_width + service_gap)));
  const float top = layout.node_network_y + service_row_gap;
  for (size_t i = 0; i < world.services.size(); ++i) {
    const ServiceRecord& record = world.services[i];
    ServiceBox box;
    box.service = i;
    const float x = left + static_cast<float>(i % per_row) * (service_width + service_gap);
    const float y = top + static_cast<float>(i / per_row) * (service_height + service_gap);
    box.rect = Rect{{x, y}, {x + service_width, y + service_height}};
    // Lanes spread between the line and the external host's eth0, so links of different Services stay apart.
    const float lane_y = layout.node_network_y + 5 + static_cast<float>(i % 4) * 4;
    const auto link_to = [&](const Target& target) {
      for (const Rect& seen : box.endpoints)
        if (seen == target.rect) return;  // a group or marker holding several endpoints: one link
      box.endpoints.push_back(target.rect);
      const Vec2 end = target.node_address ? Vec2{target.rect.min.x, target.rect.max.y - 3}
                                           : Vec2{target.rect.min.x, target.rect.center().y};
      box.links.push_back(route_link(box, lane_y, target.node->gutter_x, end));
    };
    for (const EndpointSliceRecord& slice : record.slices) {
      for (const EndpointRecord& endpoint : slice.endpoints) {
        const auto pod = pods.find({record.service.metadata.namespace_name, endpoint.pod_name});
        if (!endpoint.pod_name.empty() && pod != pods.end()) {
          link_to(pod->second);
          continue;
        }
        const auto node = node_addresses.find(endpoint.address.to_string());
        if (node != node_addresses.end()) link_to(node->second);
      }
    }
    layout.services.push_back(std::move(box));
  }
}

}  // namespace

size_t layout_columns(size_t count) {
  using layout_metrics::min_columns;
  if (count <= min_columns) return std::max<size_t>(count, 1);
  return std::max(min_columns, static_cast<size_t>(std::ceil(std::sqrt(2.0 * static_cast<double>(count)))));
}

TopologyLayout layout_topology(const World& world, const LayoutOptions& options) {
  using namespace layout_metrics;
  TopologyLayout layout;
  std::vector<NodeId> nodes = world.nodes.ids();
  std::sort(nodes.begin(), nodes.end(),
            [&](NodeId a, NodeId b) { return world.nodes.at(a).created < world.nodes.at(b).created; });
  std::vector<float> heights;
  for (NodeId id : nodes) {
    NodeBox box;
    box.node = id;
    heights.push_back(layout_node(world, options, box));
    layout.nodes.push_back(std::move(box));
  }
  // Rows of the grid, each as tall as its tallest node, so its line runs straight under them all.
  const size_t columns = layout_columns(nodes.size());
  // One row needs no trunk: its line starts in the first column's gutter.
  layout.trunk_x = layout.nodes.size() > columns ? -node_gap : -node_gap * 0.5f;
  float row_top = 0;
  float right = 0;
  for (size_t first = 0; first < layout.nodes.size(); first += columns) {
    const size_t last = std::min(first + columns, layout.nodes.size());
    const float tallest = *std::max_element(heights.begin() + static_cast<long>(first), heights.begin() + static_cast<long>(last));
    const float line_y = row_top + tallest + node_network_gap;
    NetworkLine line{line_y, layout.trunk_x, 0};
    for (size_t i = first; i < last; ++i) {
      NodeBox& box = layout.nodes[i];
      // Each node as tall as its content; its eth0 hangs from its bottom edge to the row's line.
      const float height = heights[i];
      box.rect = Rect{{0, 0}, {node_width, height}};
      box.eth0 = Rect{{node_width * 0.5f - eth0_width * 0.5f, height - device_height * 0.5f},
                      {node_width * 0.5f + eth0_width * 0.5f, height + device_height * 0.5f}};
      box.network_y = line_y;
      box.gutter_x = -node_gap * 0.5f;
      Vec2 place{static_cast<float>(i - first) * (node_width + node_gap), row_top};
      const auto dragged = options.node_offsets.find(world.nodes.at(box.node).name);
      if (dragged != options.node_offsets.end()) place = place + dragged->second;
      translate(box, place);
      line.right = std::max(line.right, box.eth0.max.x + 20);
      line.left = std::min(line.left, box.eth0.min.x - 20);
      right = std::max(right, box.rect.max.x);
    }
    layout.network_lines.push_back(line);
    row_top = line_y + row_gap;
  }
  layout.node_network_y = layout.network_lines.empty() ? node_network_gap : layout.network_lines.back().y;
  float services_left = 0;
  if (world.namespaces_net.get(world.external_host)) {
    layout.external = layout_external(world, layout.node_network_y + service_row_gap * 0.5f);
    services_left = layout.external.rect.max.x + service_gap;
    if (!layout.network_lines.empty())
      layout.network_lines.back().right = std::max(layout.network_lines.back().right, layout.external.eth0.max.x + 20);
  }
  layout_services(world, layout, services_left, right);
  Rect bounds{{layout.trunk_x - 4, 0}, {right, layout.node_network_y + 30}};
  for (const NodeBox& box : layout.nodes) {
    bounds.min = Vec2{std::min(bounds.min.x, box.rect.min.x), std::min(bounds.min.y, box.rect.min.y)};
    bounds.max = Vec2{std::max(bounds.max.x, box.rect.max.x), std::max(bounds.max.y, box.rect.max.y)};
  }
  if (layout.external.present) bounds.max.y = std::max(bounds.max.y, layout.external.rect.max.y);
  for (const ServiceBox& service : layout.services)
    bounds.max = Vec2{std::max(bounds.max.x, service.rect.max.x), std::max(bounds.max.y, service.rect.max.y)};
  layout.bounds = bounds;
  return layout;
}

}  // namespace podlab::web
