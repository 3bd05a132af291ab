// What the learner clicked on the canvas: a pod, a node or a Service, held by kind and name (names
// survive a rebuild of the layout; a deleted object simply stops being found). The highlight is
// what the canvas outlines for the selection: the object itself and its links (a pod's Services, a
// Service's endpoints, a node's eth0 on the node network), in world units of the layout.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/sim/world.h"
#include "web/app/topology_layout.h"

namespace podlab::web {

enum class SelectionKind { None, Pod, Node, Service };

struct Selection {
  SelectionKind kind = SelectionKind::None;
  std::string namespace_name;  // pods and Services
  std::string name;

  bool empty() const { return kind == SelectionKind::None; }
  bool operator==(const Selection&) const = default;
};

// "Pod", "Node", "Service", or "" for none: the kind as Kubernetes names it.
const char* selection_kind_name(SelectionKind kind);

// The object under `point` (world units): a Service, a pod inside its node, or the node; none for
// the background, the external host and a collapsed kube-system marker.
Selection pick_object(const World& world, const TopologyLayout& layout, Vec2 point);

struct SelectionHighlight {
  bool found = false;                      // the selected object is on the canvas
  std::vector<Rect> outlines;                // the object, and what its links join it to
  std::vector<std::pair<Vec2, Vec2>> links;  // Service to endpoint (as the canvas draws the dashed links), node to network
};

SelectionHighlight highlight_selection(const World& world, const TopologyLayout& layout, const Selection& selection);

}  // namespace podlab::web
