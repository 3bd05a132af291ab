#include "web/app/canvas_hit.h"

namespace podlab::web {

const char* canvas_object_kind_name(CanvasObjectKind kind) {
  switch (kind) {
    case CanvasObjectKind::None: return "none";
    case CanvasObjectKind::Node: return "node";
    case CanvasObjectKind::Pod: return "pod";
    case CanvasObjectKind::PodGroup: return "pod-group";
    case CanvasObjectKind::CollapsedPods: return "collapsed-pods";
    case CanvasObjectKind::Service: return "service";
    case CanvasObjectKind::External: return "external";
  }
  return "none";
}

CanvasHit hit_test(const TopologyLayout& layout, Vec2 world) {
  CanvasHit hit;
  for (size_t i = 0; i < layout.services.size(); ++i) {
    if (!layout.services[i].rect.contains(world)) continue;
    hit.kind = CanvasObjectKind::Service;
    hit.index = i;
    hit.service = layout.services[i].service;
    hit.rect = layout.services[i].rect;
    return hit;
  }
  if (layout.external.present && layout.external.rect.contains(world)) {
    hit.kind = CanvasObjectKind::External;
    hit.rect = layout.external.rect;
    return hit;
  }
  // Later nodes are drawn over earlier ones (a dragged node can overlap another): test them first.
  for (size_t n = layout.nodes.size(); n-- > 0;) {
    const NodeBox& box = layout.nodes[n];
    if (!box.rect.contains(world)) continue;
    hit.node = box.node;
    hit.node_index = n;
    for (size_t p = 0; p < box.pods.size(); ++p) {
      if (!box.pods[p].rect.contains(world)) continue;
      hit.kind = CanvasObjectKind::Pod;
      hit.pod = box.pods[p].pod;
      hit.index = p;
      hit.rect = box.pods[p].rect;
      return hit;
    }
    for (size_t g = 0; g < box.groups.size(); ++g) {
      if (!box.groups[g].rect.contains(world)) continue;
      hit.kind = CanvasObjectKind::PodGroup;
      hit.index = g;
      hit.rect = box.groups[g].rect;
      return hit;
    }
    if (!box.collapsed_pods.empty() && box.collapsed_marker.contains(world)) {
      hit.kind = CanvasObjectKind::CollapsedPods;
      hit.rect = box.collapsed_marker;
      return hit;
    }
    hit.kind = CanvasObjectKind::Node;
    hit.rect = box.rect;
    return hit;
  }
  return hit;
}

}  // namespace podlab::web
