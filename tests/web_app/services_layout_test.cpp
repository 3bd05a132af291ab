// The canvas beyond the nodes: the external host on the node network line (hops in its namespace
// land on its box), Services under the line with links to their endpoints, and kube-system's pods
// collapsed into one marker per node.
#include <doctest/doctest.h>

#include "tests/core/lab_fixtures.h"
#include "web/app/hop_place.h"
#include "web/app/topology_view.h"

using namespace podlab;
using namespace podlab::testing;
using namespace podlab::web;

namespace {

bool inside(const Rect& inner, const Rect& outer) {
  return inner.min.x >= outer.min.x && inner.min.y >= outer.min.y && inner.max.x <= outer.max.x &&
         inner.max.y <= outer.max.y;
}

bool overlaps(const Rect& a, const Rect& b) {
  return a.min.x < b.max.x && b.min.x < a.max.x && a.min.y < b.max.y && b.min.y < a.max.y;
}

bool same(const Rect& a, const Rect& b) { return a.min == b.min && a.max == b.max; }

const ServiceBox* service_box(const World& world, const TopologyLayout& layout, const std::string& name) {
  for (const ServiceBox& box : layout.services)
    if (world.services[box.service].service.metadata.name == name) return &box;
  return nullptr;
}

const PodBox* pod_box(const World& world, const TopologyLayout& layout, const std::string& name) {
  for (const NodeBox& node : layout.nodes)
    for (const PodBox& pod : node.pods)
      if (world.pods.at(pod.pod).pod.metadata.name == name) return &pod;
  return nullptr;
}

int node_port_of(const World& world, const std::string& name) {
  for (const ServiceRecord& record : world.services)
    if (record.service.metadata.name == name) return record.service.spec.ports.at(0).node_port;
  return 0;
}

}  // namespace

TEST_CASE("the external host is a box under the node network line, and a NodePort curl from it starts there") {
  lab::Session session(9);
  run_ok(session, "kubectl run web --image=nginx");  // on node-3: node-1 and node-2 run CoreDNS
  run_ok(session, "kubectl expose pod web --port=80 --type=NodePort");
  const World& world = session.world();
  const std::string port = std::to_string(node_port_of(world, "web"));
  run_ok(session, "lab external -- curl -s " + node_ip(session, "node-1") + ":" + port);

  const TopologyLayout layout = layout_topology(world);
  REQUIRE(layout.external.present);
  CHECK(inside(layout.external.rect, layout.bounds));
  for (const NodeBox& node : layout.nodes) CHECK_FALSE(overlaps(layout.external.rect, node.rect));
  for (const ServiceBox& service : layout.services) CHECK_FALSE(overlaps(layout.external.rect, service.rect));
  // Under the line, its eth0 on its top edge, hanging from the line like the nodes' from above.
  CHECK(layout.external.rect.min.y > layout.node_network_y);
  CHECK(layout.external.eth0.center().y == doctest::Approx(layout.external.rect.min.y));
  CHECK(layout.external.eth0.min.x >= layout.network_lines.back().left);
  CHECK(layout.external.eth0.max.x <= layout.network_lines.back().right);

  size_t external_hops = 0;
  for (const Trace& trace : session.last_traces()) {
    for (const Hop& hop : trace.hops) {
      if (hop.netns != world.external_host) continue;
      ++external_hops;
      const HopPlace place = locate_hop(world, layout, hop);
      CHECK(place.kind == PlaceKind::External);
      const Rect grown{layout.external.rect.min - Vec2{0, 20}, layout.external.rect.max};  // eth0 straddles the edge
      CHECK(inside(place.rect, grown));
    }
  }
  CHECK(external_hops >= 2);  // the request leaves it, the reply arrives

  TopologyView view;
  refresh_topology_view(view, session, TopologyWords{});
  CHECK(view.external.title == "external");
  CHECK(view.external.eth0 == "eth0 192.168.56.254");
}

TEST_CASE("Services sit under the node network line, linked to their endpoints") {
  lab::Session session(9);
  run_ok(session, "kubectl run web --image=nginx");  // on node-3: node-1 and node-2 run CoreDNS
  run_ok(session, "kubectl expose pod web --port=80 --type=NodePort");
  const World& world = session.world();
  const TopologyLayout layout = layout_topology(world);

  const ServiceBox* web = service_box(world, layout, "web");
  const ServiceBox* dns = service_box(world, layout, "kube-dns");
  const ServiceBox* kubernetes = service_box(world, layout, "kubernetes");
  REQUIRE(web);
  REQUIRE(dns);
  REQUIRE(kubernetes);
  for (const ServiceBox& box : layout.services) {
    CHECK(box.rect.min.y > layout.node_network_y);
    CHECK(inside(box.rect, layout.bounds));
    for (const ServiceBox& other : layout.services)
      if (&other != &box) CHECK_FALSE(overlaps(box.rect, other.rect));
  }
  const PodBox* web_pod = pod_box(world, layout, "web");
  REQUIRE(web_pod);
  REQUIRE(web->endpoints.size() == 1);
  CHECK(same(web->endpoints[0], web_pod->rect));
  // kube-dns: kubeadm's two CoreDNS pods.
  REQUIRE(dns->endpoints.size() == 2);
  for (const Rect& endpoint : dns->endpoints) {
    bool is_coredns = false;
    for (const NodeBox& node : layout.nodes)
      for (const PodBox& pod : node.pods)
        if (same(pod.rect, endpoint)) is_coredns = world.pods.at(pod.pod).pod.metadata.namespace_name == "kube-system";
    CHECK(is_coredns);
  }
  // default/kubernetes: the API server on the control-plane node's address.
  REQUIRE(kubernetes->endpoints.size() == 1);
  CHECK(same(kubernetes->endpoints[0], layout.nodes[0].eth0));

  TopologyView view;
  refresh_topology_view(view, session, TopologyWords{});
  const size_t web_index = static_cast<size_t>(web - layout.services.data());
  CHECK(view.services[web_index].title == "web  ·  default");
  CHECK(view.services[web_index].type == "NodePort");
  CHECK(view.services[web_index].address.find(":80/TCP") != std::string::npos);
  CHECK(view.services[web_index].node_port == "NodePort " + std::to_string(node_port_of(world, "web")));
  CHECK(view.services[web_index].endpoints == "1 endpoint");
}

TEST_CASE("collapsing kube-system hides the CoreDNS pods' boxes and leaves a marker in their nodes") {
  lab::Session session(9);
  run_ok(session, "kubectl run web --image=nginx");
  const World& world = session.world();
  const TopologyLayout open = layout_topology(world);
  const TopologyLayout collapsed = layout_topology(world, LayoutOptions{.collapse_kube_system = true});
  REQUIRE(pod_box(world, open, "web"));
  CHECK(pod_box(world, collapsed, "web"));
  size_t hidden = 0;
  for (const NodeBox& node : collapsed.nodes) {
    for (const PodBox& pod : node.pods) CHECK(world.pods.at(pod.pod).pod.metadata.namespace_name != "kube-system");
    hidden += node.collapsed_pods.size();
    if (!node.collapsed_pods.empty()) {
      CHECK(inside(node.collapsed_marker, node.rect));
      for (const PodBox& pod : node.pods) CHECK_FALSE(overlaps(pod.rect, node.collapsed_marker));
    }
  }
  CHECK(hidden == 2);
  const ServiceBox* dns = service_box(world, collapsed, "kube-dns");
  REQUIRE(dns);
  REQUIRE(dns->endpoints.size() == 2);
  for (const Rect& endpoint : dns->endpoints) {
    bool on_marker = false;
    for (const NodeBox& node : collapsed.nodes) on_marker = on_marker || (!node.collapsed_pods.empty() && same(node.collapsed_marker, endpoint));
    CHECK(on_marker);
  }
  TopologyView view;
  refresh_topology_view(view, session, TopologyWords{}, LayoutOptions{.collapse_kube_system = true});
  CHECK(view.collapsed_markers[0] == "kube-system: 1 pod");
  CHECK(std::find(view.namespaces.begin(), view.namespaces.end(), "kube-system") != view.namespaces.end());
}
