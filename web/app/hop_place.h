// Where a hop happens on the topology canvas: the drawn rectangle of the pod, its eth0 or veth, the
// node's cni0, tunnel device, eth0 or own stack, or the computer outside the cluster. And the path a
// packet drawn between two hops follows: along veth pairs and inside a node in a straight line, from
// one node's eth0 to another's down to its row's node network line, along it (and the trunk joining
// the rows, when the other node is in another row) and up again. A pod drawn inside a pod group or
// kube-system's collapsed marker has its hops drawn on that box.
#pragma once

#include <array>
#include <cstddef>

#include "core/net/trace.h"
#include "web/app/topology_layout.h"

namespace podlab::web {

enum class PlaceKind {
  Unknown,   // not on the canvas (a device since deleted)
  Pod,       // inside the pod: the process that sent or received it
  PodEth0,   // the pod's eth0
  HostVeth,  // the host end of the pod's veth pair
  Bridge,    // cni0 (or, without a bridge, the host's routing)
  Tunnel,    // flannel.1, tunl0
  NodeEth0,  // the node's eth0
  NodeHost,  // the node's own stack: a process on the node, routing without a drawn device
  External,  // the computer outside the cluster
};
const char* place_kind_name(PlaceKind kind);  // "pod", "pod-eth0", "veth", "bridge", "tunnel", "node-eth0", "node", "external"

struct HopPlace {
  PlaceKind kind = PlaceKind::Unknown;
  size_t node = SIZE_MAX;  // index into layout.nodes
  size_t pod = SIZE_MAX;   // index into that node's pods
  Rect rect;               // in world units

  bool operator==(const HopPlace&) const = default;
};

// The place of `hop` in `layout` (which must have been built from `world`).
HopPlace locate_hop(const World& world, const TopologyLayout& layout, const Hop& hop);

// The points a packet passes moving from `from` to `to`: the two centres, with the node network
// lines (and the trunk between rows) in between when it crosses from one node (or the external
// computer) to another.
struct TravelPath {
  std::array<Vec2, 6> points{};
  size_t count = 0;
};
TravelPath travel_path(const TopologyLayout& layout, const HopPlace& from, const HopPlace& to);
// The point `fraction` (0..1) of the way along the path, by length.
Vec2 point_along(const TravelPath& path, float fraction);

}  // namespace podlab::web
