// Hops map to the rectangles the canvas draws: a pod's eth0, the host's veth, cni0, flannel.1, the
// node's eth0; every hop of a cross-node ping lands inside the node it happened on.
#include <doctest/doctest.h>

#include <set>

#include "tests/core/lab_fixtures.h"
#include "web/app/hop_place.h"

using namespace podlab;
using namespace podlab::testing;
using namespace podlab::web;

namespace {

bool inside(const Rect& inner, const Rect& outer) {
  return inner.min.x >= outer.min.x && inner.min.y >= outer.min.y && inner.max.x <= outer.max.x &&
         inner.max.y <= outer.max.y;
}

}  // namespace

TEST_CASE("the hops of a cross-node ping map to the devices drawn on each node") {
  lab::Session session(1);
  apply_manifest(session, pod_manifest("a1", "node-1") + "---\n" + pod_manifest("b1", "node-2"));
  run_ok(session, "kubectl exec a1 -- ping -c 1 " + pod_ip(session, "b1"));
  const TopologyLayout layout = layout_topology(session.world());
  const World& world = session.world();
  const Trace& request = session.last_traces().front();
  std::set<PlaceKind> seen;
  for (const Hop& hop : request.hops) {
    const HopPlace place = locate_hop(world, layout, hop);
    CAPTURE(hop_action_name(hop.action));
    CAPTURE(hop.detail);
    REQUIRE(place.kind != PlaceKind::Unknown);
    seen.insert(place.kind);
    REQUIRE(place.node < layout.nodes.size());
    const NodeBox& box = layout.nodes[place.node];
    CHECK(box.node == hop.node);
    // Everything but the node's eth0, which straddles the node's edge, is inside the node.
    if (place.kind != PlaceKind::NodeEth0) CHECK(inside(place.rect, box.rect));
    const Device* device = world.devices.get(hop.device);
    if (!device) continue;
    if (device->name == "cni0") CHECK(place.kind == PlaceKind::Bridge);
    if (device->name == "flannel.1") CHECK(place.rect == box.tunnel);
    if (device->name.starts_with("veth")) CHECK(place.kind == PlaceKind::HostVeth);
  }
  CHECK(seen == std::set<PlaceKind>{PlaceKind::Pod, PlaceKind::PodEth0, PlaceKind::HostVeth, PlaceKind::Bridge,
                                    PlaceKind::Tunnel, PlaceKind::NodeEth0});
  // The first hop is the process in a1; its eth0 is on a1's box, on node-1.
  const HopPlace send = locate_hop(world, layout, request.hops.front());
  CHECK(send.kind == PlaceKind::Pod);
  CHECK(layout.nodes[send.node].pods[send.pod].pod == k8s::find_pod(world, "default", "a1"));
  const HopPlace delivered = locate_hop(world, layout, request.hops.back());
  CHECK(delivered.kind == PlaceKind::PodEth0);
  CHECK(delivered.rect == layout.nodes[1].pods[0].eth0);
}

TEST_CASE("device rectangles do not overlap, and each pod's eth0 and veth sit between the pod and the bridge") {
  lab::Session session(1);
  two_pods_per_node(session);
  const TopologyLayout layout = layout_topology(session.world());
  for (const NodeBox& box : layout.nodes) {
    CHECK(box.has_bridge);
    CHECK(box.has_tunnel);
    CHECK(inside(box.bridge, box.rect));
    CHECK(inside(box.tunnel, box.rect));
    CHECK(box.tunnel.min.y > box.bridge.max.y);
    CHECK(box.eth0.center().y == doctest::Approx(box.rect.max.y));
    for (const PodBox& pod : box.pods) {
      CHECK(pod.has_veth);
      CHECK(pod.eth0.center().x == doctest::Approx(pod.rect.max.x));
      CHECK(pod.veth.min.x > pod.eth0.max.x);
      CHECK(pod.veth.max.x < box.bridge.min.x);
      CHECK(pod.veth.min.y >= box.bridge.min.y);
      CHECK(pod.veth.max.y <= box.bridge.max.y);
    }
  }
}

TEST_CASE("a packet between nodes travels down to the node network line, along it, and up") {
  lab::Session session(1);
  const TopologyLayout layout = layout_topology(session.world());
  const HopPlace from{PlaceKind::NodeEth0, 0, SIZE_MAX, layout.nodes[0].eth0};
  const HopPlace to{PlaceKind::NodeEth0, 2, SIZE_MAX, layout.nodes[2].eth0};
  const TravelPath path = travel_path(layout, from, to);
  REQUIRE(path.count == 4);
  CHECK(path.points[1].y == layout.node_network_y);
  CHECK(point_along(path, 0) == from.rect.center());
  CHECK(point_along(path, 1) == to.rect.center());
  const Vec2 middle = point_along(path, 0.5f);
  CHECK(middle.y == doctest::Approx(layout.node_network_y));
  // Along the line between the two nodes (their eth0s hang at different heights: each node is as
  // tall as what it holds).
  CHECK(middle.x > from.rect.center().x);
  CHECK(middle.x < to.rect.center().x);
  CHECK(path.points[2] == Vec2{to.rect.center().x, layout.node_network_y});
  // Inside one node: a straight line.
  const HopPlace bridge{PlaceKind::Bridge, 0, SIZE_MAX, layout.nodes[0].bridge};
  CHECK(travel_path(layout, from, bridge).count == 2);
}
