#include <doctest/doctest.h>

#include "core/lab/session.h"
#include "web/app/topology_layout.h"
#include "web/app/topology_view.h"

using namespace podlab;
using namespace podlab::web;

namespace {

bool overlaps(const Rect& a, const Rect& b) {
  return a.min.x < b.max.x && b.min.x < a.max.x && a.min.y < b.max.y && b.min.y < a.max.y;
}

bool inside(const Rect& inner, const Rect& outer) {
  return inner.min.x >= outer.min.x && inner.min.y >= outer.min.y && inner.max.x <= outer.max.x &&
         inner.max.y <= outer.max.y;
}

}  // namespace

TEST_CASE("nodes are laid out in creation order, each pod inside its own node") {
  lab::Session session(3);
  REQUIRE(session.run("kubectl run a --image=nginx").ok);
  REQUIRE(session.run("kubectl run b --image=nginx").ok);
  REQUIRE(session.run("kubectl run c --image=nginx").ok);
  const TopologyLayout layout = layout_topology(session.world());
  REQUIRE(layout.nodes.size() == 3);
  CHECK(session.world().nodes.at(layout.nodes[0].node).name == "node-1");
  CHECK(session.world().nodes.at(layout.nodes[2].node).name == "node-3");
  size_t pods = 0;
  for (size_t i = 0; i < layout.nodes.size(); ++i) {
    const NodeBox& node = layout.nodes[i];
    CHECK(inside(node.rect, layout.bounds));
    for (size_t j = i + 1; j < layout.nodes.size(); ++j) CHECK_FALSE(overlaps(node.rect, layout.nodes[j].rect));
    for (const PodBox& pod : node.pods) {
      ++pods;
      CHECK(session.world().pods.at(pod.pod).node == node.node);
      CHECK(inside(pod.rect, node.rect));
      for (const PodBox& other : node.pods)
        if (other.pod != pod.pod) CHECK_FALSE(overlaps(pod.rect, other.rect));
    }
  }
  CHECK(pods == 5);  // and kubeadm's two CoreDNS pods
  CHECK(layout.node_network_y > layout.nodes[0].rect.max.y);
}

TEST_CASE("the same lab gives the same layout") {
  lab::Session first(5), second(5);
  for (auto* session : {&first, &second}) {
    REQUIRE(session->run("kubectl run web --image=nginx").ok);
    REQUIRE(session->run("lab node add node-4").ok);
  }
  const TopologyLayout a = layout_topology(first.world());
  const TopologyLayout b = layout_topology(second.world());
  REQUIRE(a.nodes.size() == 4);
  REQUIRE(a.nodes.size() == b.nodes.size());
  for (size_t i = 0; i < a.nodes.size(); ++i) {
    CHECK(a.nodes[i].rect.min == b.nodes[i].rect.min);
    CHECK(a.nodes[i].rect.max == b.nodes[i].rect.max);
  }
}

TEST_CASE("the canvas's view is rebuilt when a line runs, not on every frame, and survives lab reset") {
  lab::Session session(1);
  TopologyView view;
  refresh_topology_view(view, session, TopologyWords{});
  REQUIRE(view.nodes.size() == 3);
  CHECK(view.nodes[0].title == "node-1  (control-plane)");
  const std::string* first_title = &view.nodes[0].title;
  refresh_topology_view(view, session, TopologyWords{});
  CHECK(&view.nodes[0].title == first_title);  // nothing ran: the same prepared strings

  REQUIRE(session.run("kubectl run web --image=nginx").ok);
  refresh_topology_view(view, session, TopologyWords{});
  REQUIRE(view.pods.size() == 3);
  // node-1 and node-2 run kubeadm's CoreDNS pods, so the scheduler picks node-3.
  CHECK(view.pods[2].size() == 1);
  CHECK(view.pods[2][0].title == "web  ·  default");
  CHECK(view.pods[2][0].address == "eth0 10.244.2.2");
  CHECK(view.pods[2][0].containers == "pause + web");

  TopologyWords vietnamese{"pause", "mạng node", "đường dữ liệu", "chưa có bridge"};
  refresh_topology_view(view, session, vietnamese);
  CHECK(view.node_network == "mạng node 192.168.56.0/24   ·   đường dữ liệu flannel-vxlan");  // the language changed

  REQUIRE(session.run("lab reset").ok);
  refresh_topology_view(view, session, TopologyWords{});
  CHECK(view.pods[2].empty());
}
