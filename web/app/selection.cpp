#include "web/app/selection.h"

namespace podlab::web {

namespace {

bool is_pod(const World& world, PodId pod, const Selection& selection) {
  const k8s::ObjectMeta& metadata = world.pods.at(pod).pod.metadata;
  return metadata.namespace_name == selection.namespace_name && metadata.name == selection.name;
}

bool is_service(const World& world, const ServiceBox& box, const Selection& selection) {
  const k8s::ObjectMeta& metadata = world.services[box.service].service.metadata;
  return metadata.namespace_name == selection.namespace_name && metadata.name == selection.name;
}

// A Service's link to an endpoint goes from the Service's top edge to the endpoint's bottom edge
// (web/ui/canvas_services.cpp draws it the same way).
std::pair<Vec2, Vec2> service_link(const ServiceBox& box, const Rect& endpoint) {
  return {{box.rect.center().x, box.rect.min.y}, {endpoint.center().x, endpoint.max.y}};
}

}  // namespace

const char* selection_kind_name(SelectionKind kind) {
  switch (kind) {
    case SelectionKind::None: return "";
    case SelectionKind::Pod: return "Pod";
    case SelectionKind::Node: return "Node";
    case SelectionKind::Service: return "Service";
  }
  return "";
}

Selection pick_object(const World& world, const TopologyLayout& layout, Vec2 point) {
  for (const ServiceBox& box : layout.services) {
    if (!box.rect.contains(point)) continue;
    const k8s::ObjectMeta& metadata = world.services[box.service].service.metadata;
    return {SelectionKind::Service, metadata.namespace_name, metadata.name};
  }
  for (const NodeBox& box : layout.nodes) {
    if (!box.rect.contains(point)) continue;
    for (const PodBox& pod : box.pods) {
      if (!pod.rect.contains(point)) continue;
      const k8s::ObjectMeta& metadata = world.pods.at(pod.pod).pod.metadata;
      return {SelectionKind::Pod, metadata.namespace_name, metadata.name};
    }
    if (!box.collapsed_pods.empty() && box.collapsed_marker.contains(point)) return {};
    return {SelectionKind::Node, "", world.nodes.at(box.node).name};
  }
  return {};
}

SelectionHighlight highlight_selection(const World& world, const TopologyLayout& layout, const Selection& selection) {
  SelectionHighlight highlight;
  switch (selection.kind) {
    case SelectionKind::None: break;
    case SelectionKind::Pod:
      for (const NodeBox& node : layout.nodes)
        for (const PodBox& pod : node.pods) {
          if (!is_pod(world, pod.pod, selection)) continue;
          highlight.found = true;
          highlight.outlines.push_back(pod.rect);
          for (const ServiceBox& service : layout.services)
            for (const Rect& endpoint : service.endpoints)
              if (endpoint == pod.rect) {
                highlight.outlines.push_back(service.rect);
                highlight.links.push_back(service_link(service, endpoint));
              }
        }
      break;
    case SelectionKind::Node:
      for (const NodeBox& node : layout.nodes) {
        if (world.nodes.at(node.node).name != selection.name) continue;
        highlight.found = true;
        highlight.outlines.push_back(node.rect);
        highlight.links.push_back({node.eth0.center(), {node.eth0.center().x, layout.node_network_y}});
      }
      break;
    case SelectionKind::Service:
      for (const ServiceBox& service : layout.services) {
        if (!is_service(world, service, selection)) continue;
        highlight.found = true;
        highlight.outlines.push_back(service.rect);
        for (const Rect& endpoint : service.endpoints) {
          highlight.outlines.push_back(endpoint);
          highlight.links.push_back(service_link(service, endpoint));
        }
      }
      break;
  }
  return highlight;
}

}  // namespace podlab::web
