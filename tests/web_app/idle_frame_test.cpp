// An idle frame allocates nothing: once the views are prepared, bringing them up to date with an
// unchanged lab, a paused timeline or playback between two hops touches no heap.
#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "tests/core/lab_fixtures.h"
#include "web/app/app_state.h"

namespace {
std::atomic<size_t> allocations{0};
}  // namespace

// Counts every allocation of this test binary (the other suites only see the counter move).
void* operator new(size_t size) {
  ++allocations;
  if (void* memory = std::malloc(size ? size : 1)) return memory;
  std::abort();  // the tests never run out of memory
}
void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, size_t) noexcept { std::free(memory); }

using namespace podlab;
using namespace podlab::testing;
using namespace podlab::web;

TEST_CASE("updating the views on an idle frame allocates nothing") {
  AppState state;
  apply_manifest(state.session, pod_manifest("a1", "node-1") + "---\n" + pod_manifest("b1", "node-2"));
  Intents send;
  send.console_line = "kubectl exec a1 -- ping -c 1 " + pod_ip(state.session, "b1");
  apply_intents(state, send);
  const Rect work{{0, 20}, {1280, 800}};
  update_before_panels(state, work, 0.016f);  // prepares everything for the first hop
  REQUIRE(state.timeline.playing);
  REQUIRE(state.timeline.inspection.event == 0);

  size_t before = allocations;
  update_before_panels(state, work, 0.016f);  // playing, still between the first two hops
  CHECK(allocations - before == 0);
  (void)packet_marker(state.timeline, state.topology.layout);
  CHECK(allocations - before == 0);

  apply_intents(state, Intents{.timeline = TimelineCommand::TogglePlay});  // pause
  update_before_panels(state, work, 0.016f);
  before = allocations;
  for (int frame = 0; frame < 10; ++frame) update_before_panels(state, work, 0.016f);
  CHECK(allocations - before == 0);

  // Stepping prepares the next hop's inspection once, then idles again.
  apply_intents(state, Intents{.timeline = TimelineCommand::StepForward});
  update_before_panels(state, work, 0.016f);
  before = allocations;
  update_before_panels(state, work, 0.016f);
  CHECK(allocations - before == 0);
}

TEST_CASE("an open object inspector and DNS view allocate nothing on an idle frame") {
  AppState state;
  apply_manifest(state.session, pod_manifest("a1", "node-2"));
  Intents lookup;
  lookup.console_line = "kubectl exec a1 -- nslookup kubernetes.default";
  apply_intents(state, lookup);
  REQUIRE(state.dns_view.present);
  Intents select;
  select.select = Selection{SelectionKind::Service, "kube-system", "kube-dns"};
  apply_intents(state, select);
  const Rect work{{0, 20}, {1280, 800}};
  update_before_panels(state, work, 0.016f);  // builds the inspector once
  REQUIRE(state.object_inspector.highlight.found);
  REQUIRE_FALSE(state.object_inspector.sections.empty());
  apply_intents(state, Intents{.timeline = TimelineCommand::TogglePlay});  // pause
  update_before_panels(state, work, 0.016f);

  const size_t before = allocations;
  for (int frame = 0; frame < 10; ++frame) update_before_panels(state, work, 0.016f);
  (void)dns_query_event(state.dns_view, state.timeline, state.session, 0);
  CHECK(allocations - before == 0);
}

TEST_CASE("twenty nodes, five hundred pods and a packet moving: an idle frame still allocates nothing") {
  AppState state;
  run_console_line(state, "lab cluster init --nodes 20");
  run_console_line(state, "kubectl create deployment web --image=nginx --replicas=500");
  const TopologyLayout& layout = state.topology.layout;
  REQUIRE(layout.nodes.size() == 20);
  const PodRecord& from = state.session.world().pods.at(layout.nodes[1].groups.at(0).pods[0]);
  const PodRecord& to = state.session.world().pods.at(layout.nodes[19].groups.at(0).pods[0]);
  run_console_line(state, "kubectl exec " + from.pod.metadata.name + " -- ping -c 1 " + to.ip.to_string());
  const Rect work{{0, 20}, {1280, 800}};
  state.canvas_size = {845, 513};
  update_before_panels(state, work, 0.016f);
  keep_view_fitted(state);
  REQUIRE(state.timeline.playing);

  const size_t before = allocations;
  for (int frame = 0; frame < 30; ++frame) {
    update_before_panels(state, work, 0.016f);
    keep_view_fitted(state);
    (void)packet_marker(state.timeline, state.topology.layout);
    (void)hit_test(state.topology.layout, state.view.screen_to_world({400, 300}));
  }
  CHECK(allocations - before == 0);
}
