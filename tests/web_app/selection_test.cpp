// Clicking the canvas: what is under the mouse becomes the selection, and the highlight joins it to
// what its links reach (a Service's endpoints, the Services a pod backs, a node's network line).
#include <doctest/doctest.h>

#include "tests/core/lab_fixtures.h"
#include "web/app/selection.h"

using namespace podlab;
using namespace podlab::testing;
using namespace podlab::web;

namespace {

const PodBox& pod_box(const lab::Session& session, const TopologyLayout& layout, const std::string& name) {
  for (const NodeBox& node : layout.nodes)
    for (const PodBox& pod : node.pods)
      if (session.world().pods.at(pod.pod).pod.metadata.name == name) return pod;
  FAIL("no pod box for ", name);
  return layout.nodes.front().pods.front();
}

const ServiceBox& service_box(const lab::Session& session, const TopologyLayout& layout, const std::string& name) {
  for (const ServiceBox& box : layout.services)
    if (session.world().services[box.service].service.metadata.name == name) return box;
  FAIL("no Service box for ", name);
  return layout.services.front();
}

}  // namespace

TEST_CASE("a click picks the Service, the pod inside its node, the node, or nothing") {
  lab::Session session(1);
  apply_manifest(session, pod_manifest("a1", "node-2"));
  const TopologyLayout layout = layout_topology(session.world());
  const World& world = session.world();

  const PodBox& a1 = pod_box(session, layout, "a1");
  CHECK(pick_object(world, layout, a1.rect.center()) == Selection{SelectionKind::Pod, "default", "a1"});
  const NodeBox& node = layout.nodes[1];
  CHECK(pick_object(world, layout, {node.rect.min.x + 20, node.rect.min.y + 20}) ==
        Selection{SelectionKind::Node, "", "node-2"});
  const ServiceBox& dns = service_box(session, layout, "kube-dns");
  CHECK(pick_object(world, layout, dns.rect.center()) == Selection{SelectionKind::Service, "kube-system", "kube-dns"});
  CHECK(pick_object(world, layout, {layout.bounds.max.x + 100, layout.bounds.max.y + 100}).empty());
}

TEST_CASE("the highlight of a Service reaches its endpoints; a pod's reaches the Services it backs") {
  lab::Session session(1);
  const TopologyLayout layout = layout_topology(session.world());
  const World& world = session.world();

  const SelectionHighlight dns = highlight_selection(world, layout, {SelectionKind::Service, "kube-system", "kube-dns"});
  CHECK(dns.found);
  REQUIRE(dns.links.size() == 2);  // the two CoreDNS pods
  CHECK(dns.outlines.front() == service_box(session, layout, "kube-dns").rect);

  std::string coredns;
  world.pods.for_each([&](PodId, const PodRecord& pod) {
    if (coredns.empty() && pod.pod.metadata.name.starts_with("coredns-")) coredns = pod.pod.metadata.name;
  });
  const SelectionHighlight pod = highlight_selection(world, layout, {SelectionKind::Pod, "kube-system", coredns});
  CHECK(pod.found);
  CHECK(pod.outlines.front() == pod_box(session, layout, coredns).rect);
  CHECK(pod.links.size() == 1);  // its link to kube-dns

  const SelectionHighlight node = highlight_selection(world, layout, {SelectionKind::Node, "", "node-3"});
  CHECK(node.found);
  CHECK(node.outlines.front() == layout.nodes[2].rect);

  CHECK_FALSE(highlight_selection(world, layout, {SelectionKind::Pod, "default", "gone"}).found);
}
