// What is under a point of the canvas, by name, for the right-click menu: a pod (with its
// containers, to restart one), a node, a Service, or empty space. Computed from the layout the
// canvas draws (web/app/topology_layout.h) and the World.
#pragma once

#include <string>
#include <vector>

#include "core/sim/world.h"
#include "web/app/topology_layout.h"

namespace podlab::web {

enum class CanvasTargetKind { Empty, Node, Pod, Service };

struct CanvasTarget {
  CanvasTargetKind kind = CanvasTargetKind::Empty;
  std::string node;            // the node clicked, or the pod's node
  std::string namespace_name;  // pods and Services
  std::string name;            // pods and Services
  std::vector<std::string> containers;  // pods: their app containers, in spec order
  std::string labels;          // pods: "app=web,tier=front", a Service's selector when exposing it
  std::string first_port;      // pods: the first containerPort, "" when none
};

CanvasTarget canvas_target_at(const World& world, const TopologyLayout& layout, Vec2 point);

}  // namespace podlab::web
