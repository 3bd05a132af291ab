// The canvas at the sizes learners meet: three nodes readable at the fitted zoom, twenty nodes and
// five hundred pods drawn as a bounded number of boxes (pods grouped by owner, a group expanded on
// request), Service links that cross no node box but their endpoint's, hit-testing by id, the
// level-of-detail text rule, the view following fit-to-window until the learner moves it, and
// dragged nodes keeping their place.
#include <doctest/doctest.h>

#include "tests/core/lab_fixtures.h"
#include "web/app/app_state.h"
#include "web/app/canvas_hit.h"
#include "web/app/hop_place.h"

using namespace podlab;
using namespace podlab::testing;
using namespace podlab::web;

namespace {

bool overlaps(const Rect& a, const Rect& b) {
  return a.min.x < b.max.x && b.min.x < a.max.x && a.min.y < b.max.y && b.min.y < a.max.y;
}

bool inside(const Rect& inner, const Rect& outer) {
  return inner.min.x >= outer.min.x && inner.min.y >= outer.min.y && inner.max.x <= outer.max.x &&
         inner.max.y <= outer.max.y;
}

// An axis-aligned segment (the links are made of them) against a box's inside.
bool segment_enters(Vec2 a, Vec2 b, const Rect& box) {
  const Rect extent{{std::min(a.x, b.x), std::min(a.y, b.y)}, {std::max(a.x, b.x), std::max(a.y, b.y)}};
  const Rect inner{box.min + Vec2{0.5f, 0.5f}, box.max - Vec2{0.5f, 0.5f}};
  return extent.min.x < inner.max.x && inner.min.x < extent.max.x && extent.min.y < inner.max.y && inner.min.y < extent.max.y;
}

const Vec2 canvas{845, 513};  // the canvas of a 1280×800 page with the side column open

void big_lab(lab::Session& session) {
  run_ok(session, "lab cluster init --nodes 20");
  run_ok(session, "kubectl create deployment web --image=nginx --replicas=500");
}

size_t drawn_boxes(const NodeBox& node) { return node.pods.size() + node.groups.size() + (node.collapsed_pods.empty() ? 0 : 1); }

}  // namespace

TEST_CASE("three nodes fit the canvas at a zoom where every title is drawn at its own size") {
  lab::Session session(1);
  apply_manifest(session, pod_manifest("client", "node-1"));
  run_ok(session, "kubectl run web --image=nginx");
  run_ok(session, "kubectl expose pod web --port=80");
  const TopologyLayout layout = layout_topology(session.world());
  REQUIRE(layout.network_lines.size() == 1);  // one row
  CanvasView view;
  view.fit(layout.bounds, canvas, 16);
  CHECK(view.zoom >= 0.8f);
  // Titles are drawn at their size (no floor needed), and the details are not left out.
  CHECK(layout_metrics::pod_title_size * view.zoom >= min_text_pixels * 0.95f);
  CHECK(text_pixels(12.0f, view.zoom, TextLevel::Detail) >= min_text_pixels);
}

TEST_CASE("twenty nodes and five hundred pods: every node drawn, pods grouped by their Deployment") {
  lab::Session session(1);
  big_lab(session);
  const World& world = session.world();
  const TopologyLayout layout = layout_topology(world);
  REQUIRE(layout.nodes.size() == 20);
  CHECK(layout.network_lines.size() == 3);  // 7 + 7 + 6 nodes
  size_t web_pods = 0;
  for (size_t i = 0; i < layout.nodes.size(); ++i) {
    const NodeBox& node = layout.nodes[i];
    CHECK(inside(node.rect, layout.bounds));
    for (size_t j = i + 1; j < layout.nodes.size(); ++j) CHECK_FALSE(overlaps(node.rect, layout.nodes[j].rect));
    CHECK(drawn_boxes(node) <= 3);  // a CoreDNS pod at most, and the web group
    for (const PodGroupBox& group : node.groups) {
      CHECK(group.owner_kind == "Deployment");
      CHECK(group.owner == "web");
      CHECK(group.key == world.nodes.at(node.node).name + "/default/web");
      CHECK(group.pods.size() >= layout_metrics::group_threshold);
      CHECK(inside(group.rect, node.rect));
      for (PodId pod : group.pods) CHECK(world.pods.at(pod).node == node.node);
      web_pods += group.pods.size();
    }
    for (const PodBox& pod : node.pods)
      if (world.pods.at(pod.pod).pod.metadata.namespace_name == "default") ++web_pods;
    CHECK(node.eth0.center().y < node.network_y);
  }
  CHECK(web_pods == 500);
  // Fitted to the canvas, the titles stay readable: drawn at no less than the floor.
  CanvasView view;
  view.fit(layout.bounds, canvas, 16);
  CHECK(view.zoom > 0.3f);
  CHECK(text_pixels(layout_metrics::group_title_size, view.zoom, TextLevel::Title) >= min_text_pixels);
  CHECK(text_pixels(layout_metrics::node_title_size, view.zoom, TextLevel::Title) >= min_text_pixels);
  // A group box is wide enough on screen for "web ×25" at that size (about 0.6 em a character).
  CHECK(layout.nodes[1].groups.at(0).rect.width() * view.zoom > 7 * 0.6f * min_text_pixels);
  // The control-plane node's taint keeps the Deployment's pods on the 19 workers.
  CHECK(layout.nodes[0].groups.empty());
  for (size_t i = 1; i < layout.nodes.size(); ++i) CHECK(layout.nodes[i].groups.size() == 1);

  // The web Service's links go to the groups, one each, not to five hundred pods.
  run_ok(session, "kubectl expose deployment web --port=80");
  const TopologyLayout exposed = layout_topology(world);
  const ServiceBox& web = exposed.services.back();
  REQUIRE(world.services[web.service].service.metadata.name == "web");
  CHECK(web.links.size() == 19);
}

TEST_CASE("a group expanded by its key is drawn pod by pod, and the others stay grouped") {
  lab::Session session(1);
  big_lab(session);
  const TopologyLayout grouped = layout_topology(session.world());
  const PodGroupBox& first = grouped.nodes[2].groups.at(0);
  LayoutOptions options;
  options.expanded_groups.insert(first.key);
  const TopologyLayout expanded = layout_topology(session.world(), options);
  const NodeBox& node = expanded.nodes[2];
  REQUIRE(node.groups.size() == 1);
  CHECK(node.groups[0].expanded);
  CHECK(node.pods.size() == first.pods.size());  // node-3 runs no CoreDNS pod
  for (const PodBox& pod : node.pods) {
    CHECK(inside(pod.rect, node.rect));
    CHECK_FALSE(overlaps(pod.rect, node.groups[0].rect));  // the header bar sits above them
  }
  CHECK_FALSE(expanded.nodes[3].groups[0].expanded);

  // A packet to a pod in a collapsed group is drawn on the group.
  const PodGroupBox& collapsed = grouped.nodes[3].groups.at(0);
  const PodRecord& target = session.world().pods.at(collapsed.pods[0]);
  const lab::CommandResult ping = run_ok(session, "kubectl exec " + session.world().pods.at(grouped.nodes[2].groups[0].pods[0]).pod.metadata.name +
                                                      " -- ping -c 1 " + target.ip.to_string());
  bool on_group = false;
  for (const Trace& trace : session.last_traces())
    for (const Hop& hop : trace.hops) {
      const HopPlace place = locate_hop(session.world(), grouped, hop);
      if (place.kind == PlaceKind::Pod && place.node == 3) on_group = on_group || inside(place.rect, collapsed.rect);
    }
  CHECK(on_group);
  (void)ping;
}

TEST_CASE("Service links cross no node box but their endpoint's own") {
  for (int nodes : {3, 9}) {
    lab::Session session(2);
    if (nodes != 3) run_ok(session, "lab cluster init --nodes " + std::to_string(nodes));
    run_ok(session, "kubectl create deployment web --image=nginx --replicas=" + std::to_string(nodes * 2));
    run_ok(session, "kubectl expose deployment web --port=80");
    const TopologyLayout layout = layout_topology(session.world());
    size_t links = 0;
    for (const ServiceBox& service : layout.services) {
      REQUIRE(service.links.size() == service.endpoints.size());
      for (size_t e = 0; e < service.links.size(); ++e) {
        const ServiceLink& link = service.links[e];
        REQUIRE(link.count >= 2);
        CHECK(link.points[0].y == doctest::Approx(service.rect.min.y));
        ++links;
        for (const NodeBox& node : layout.nodes) {
          const bool own = overlaps(service.endpoints[e], node.rect) || inside(service.endpoints[e], node.rect);
          if (own) continue;
          for (size_t p = 1; p < link.count; ++p) CHECK_FALSE(segment_enters(link.points[p - 1], link.points[p], node.rect));
        }
        for (const ServiceBox& other : layout.services)
          for (size_t p = 1; p + 1 < link.count; ++p) CHECK_FALSE(segment_enters(link.points[p], link.points[p + 1], other.rect));
      }
    }
    CHECK(links >= 3);
  }
}

TEST_CASE("hit-testing finds the innermost object under a point, by id") {
  lab::Session session(1);
  run_ok(session, "kubectl create deployment web --image=nginx --replicas=9");
  apply_manifest(session, pod_manifest("client", "node-1"));
  run_ok(session, "kubectl expose deployment web --port=80");
  const World& world = session.world();
  const TopologyLayout layout = layout_topology(world);

  const NodeBox& node = layout.nodes[0];
  const CanvasHit on_node = hit_test(layout, node.rect.min + Vec2{4, 4});
  CHECK(on_node.kind == CanvasObjectKind::Node);
  CHECK(on_node.node == node.node);

  const PodBox* client = nullptr;
  for (const PodBox& pod : node.pods)
    if (world.pods.at(pod.pod).pod.metadata.name == "client") client = &pod;
  REQUIRE(client);
  const CanvasHit on_pod = hit_test(layout, client->rect.center());
  CHECK(on_pod.kind == CanvasObjectKind::Pod);
  CHECK(on_pod.pod == client->pod);
  CHECK(on_pod.node == node.node);

  const PodGroupBox& group = layout.nodes[2].groups.at(0);
  const CanvasHit on_group = hit_test(layout, group.rect.center());
  CHECK(on_group.kind == CanvasObjectKind::PodGroup);
  CHECK(on_group.node_index == 2);
  CHECK(&layout.nodes[on_group.node_index].groups[on_group.index] == &group);

  const ServiceBox& service = layout.services.back();
  const CanvasHit on_service = hit_test(layout, service.rect.center());
  CHECK(on_service.kind == CanvasObjectKind::Service);
  CHECK(world.services[on_service.service].service.metadata.name == "web");

  CHECK(hit_test(layout, layout.external.rect.center()).kind == CanvasObjectKind::External);
  CHECK(hit_test(layout, layout.bounds.max + Vec2{50, 50}).kind == CanvasObjectKind::None);
  CHECK(std::string(canvas_object_kind_name(CanvasObjectKind::PodGroup)) == "pod-group");
}

TEST_CASE("text is never drawn under the floor, and details are left out when zoomed far out") {
  CHECK(text_pixels(13, 1.0f, TextLevel::Title) == doctest::Approx(13));
  CHECK(text_pixels(13, 0.5f, TextLevel::Title) == doctest::Approx(min_text_pixels));
  CHECK(text_pixels(13, 0.5f, TextLevel::Detail) == 0);
  CHECK(text_pixels(12, 0.8f, TextLevel::Detail) == doctest::Approx(min_text_pixels));  // 9.6 px grows a little
  CHECK(text_pixels(16, 0.1f, TextLevel::Title) == 0);  // a map: no labels at all
}

TEST_CASE("beside the lessons panel, a small lab's fitted view keeps its devices' names and addresses") {
  lab::Session session(1);
  apply_manifest(session, pod_manifest("client", "node-1"));
  run_ok(session, "kubectl run web --image=nginx");
  run_ok(session, "kubectl expose pod web --port=80");
  const TopologyLayout layout = layout_topology(session.world());
  for (const Rect work : {Rect{{0, 22}, {1280, 800}}, Rect{{0, 22}, {1024, 700}}}) {
    CAPTURE(work.max.x);
    PanelVisibility visible;
    visible.lessons = true;
    const Rect canvas_area = layout_panels(work, 260, visible).topology;
    CanvasView view;
    view.fit(layout.bounds, {canvas_area.width(), canvas_area.height()}, 16);
    CAPTURE(view.zoom);
    // The pods' and bridges' small labels (10 units: veth, eth0, cni0) and the addresses (12) are drawn.
    CHECK(text_pixels(10.0f, view.zoom, TextLevel::Detail) >= min_text_pixels);
    CHECK(text_pixels(12.0f, view.zoom, TextLevel::Detail) >= min_text_pixels);
  }
}

TEST_CASE("the view follows fit-to-window on resize and growth until the learner moves it") {
  AppState state;
  const Rect work{{0, 20}, {1280, 800}};
  update_before_panels(state, work, 0.016f);
  state.canvas_size = {845, 513};
  keep_view_fitted(state);
  CHECK(state.view_fitted);
  const float three_nodes = state.view.zoom;
  CHECK(three_nodes >= 0.8f);

  state.canvas_size = {600, 513};  // the window got narrower
  keep_view_fitted(state);
  CHECK(state.view.zoom < three_nodes);
  CHECK(state.fitted_canvas_size == Vec2{600, 513});

  run_console_line(state, "lab node add node-4");  // the cluster grew
  update_before_panels(state, work, 0.016f);
  const float before_growth = state.view.zoom;
  keep_view_fitted(state);
  CHECK(state.view.zoom < before_growth);

  state.view.pan({30, 0});  // the learner pans, as the canvas does on a drag
  state.view_follows_fit = false;
  const Vec2 panned = state.view.offset;
  state.canvas_size = {845, 513};
  keep_view_fitted(state);
  CHECK(state.view.offset == panned);

  apply_intents(state, Intents{.fit_view = true});  // View > Fit
  CHECK(state.view_follows_fit);
  CHECK(state.view.offset != panned);
}

TEST_CASE("a dragged node keeps its place when the lab changes, and its pods move with it") {
  AppState state;
  const Rect work{{0, 20}, {1280, 800}};
  update_before_panels(state, work, 0.016f);
  const Rect before = state.topology.layout.nodes[1].rect;
  Intents drag;
  drag.drag_node = "node-2";
  drag.drag_by = {15, 120};
  apply_intents(state, drag);
  apply_intents(state, drag);
  CHECK_FALSE(state.view_follows_fit);
  const NodeBox& moved = state.topology.layout.nodes[1];
  CHECK(moved.rect.min == before.min + Vec2{30, 240});
  for (const PodBox& pod : moved.pods) CHECK(inside(pod.rect, moved.rect));

  run_console_line(state, "kubectl run later --image=nginx");
  update_before_panels(state, work, 0.016f);
  CHECK(state.topology.layout.nodes[1].rect.min == before.min + Vec2{30, 240});
  CHECK(state.topology.layout.bounds.max.y >= state.topology.layout.nodes[1].rect.max.y);
}

TEST_CASE("the state JSON publishes pod groups with their counts, where they are on the page and their text size") {
  AppState state;
  run_console_line(state, "kubectl create deployment web --image=nginx --replicas=9");
  update_before_panels(state, Rect{{0, 20}, {1280, 800}}, 0.016f);
  state.canvas_size = {845, 513};
  fit_view(state);
  const nlohmann::json document = nlohmann::json::parse(state_json(state));
  size_t grouped = 0;
  for (const nlohmann::json& object : document["objects"]) {
    if (object["kind"] == "PodGroup") {
      grouped += object["count"].get<size_t>();
      CHECK(object["owner"] == "web");
      CHECK(object["expanded"] == false);
    }
    if (object.contains("labelPx")) CHECK(object["labelPx"].get<float>() >= min_text_pixels);
    if (object["kind"] == "Node") {
      const auto& screen = object["screen"];
      CHECK(screen[0].get<float>() >= state.layout.topology.min.x);
      CHECK(screen[0].get<float>() + screen[2].get<float>() <= state.layout.topology.min.x + 845);
    }
  }
  CHECK(grouped == 9);
}
