// What is under a point of the topology canvas: the object a click, a hover or a right-click is
// about, by its model id (PodId, NodeId, the Service's index in world.services) and by where the
// layout drew it. The innermost object wins: a pod over its node, a Service over the background.
#pragma once

#include <cstddef>

#include "web/app/topology_layout.h"

namespace podlab::web {

enum class CanvasObjectKind {
  None,           // the background
  Node,
  Pod,
  PodGroup,       // pods of one owner on one node drawn as one box (or an expanded group's header)
  CollapsedPods,  // kube-system's marker
  Service,
  External,       // the computer outside the cluster
};
const char* canvas_object_kind_name(CanvasObjectKind kind);  // "node", "pod", "pod-group", …

struct CanvasHit {
  CanvasObjectKind kind = CanvasObjectKind::None;
  NodeId node;                // the node it is on (Node, Pod, PodGroup, CollapsedPods)
  PodId pod;                  // Pod
  size_t node_index = SIZE_MAX;  // into layout.nodes
  size_t index = SIZE_MAX;    // Pod: into the node's pods; PodGroup: its groups; Service: layout.services
  size_t service = SIZE_MAX;  // Service: into world.services
  Rect rect;                  // where it is drawn, in world units

  bool operator==(const CanvasHit&) const = default;
};

CanvasHit hit_test(const TopologyLayout& layout, Vec2 world);

}  // namespace podlab::web
