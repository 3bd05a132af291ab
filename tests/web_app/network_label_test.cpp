// The node network's label sits under its line where no Service link or eth0 line crosses it.
#include <doctest/doctest.h>

#include "tests/core/lab_fixtures.h"
#include "web/app/network_label.h"

using namespace podlab;
using namespace podlab::testing;
using namespace podlab::web;

TEST_CASE("the node network's label keeps clear of the Services' links and the external host's eth0") {
  lab::Session session(1);
  apply_manifest(session, pod_manifest("client", "node-1"));
  run_ok(session, "kubectl run web --image=nginx");
  run_ok(session, "kubectl expose pod web --port=80");
  const TopologyLayout layout = layout_topology(session.world());
  REQUIRE_FALSE(layout.services.empty());
  const float line_y = layout.network_lines.back().y;
  // The label as drawn at 11 px at a 70% zoom: about 330 world units wide.
  for (const float width : {240.0f, 330.0f, 420.0f}) {
    CAPTURE(width);
    const float x = node_network_label_x(layout, width);
    const float right = x + width;
    size_t verticals = 0;
    for (const ServiceBox& service : layout.services) {
      for (const ServiceLink& link : service.links) {
        for (size_t i = 0; i + 1 < link.count; ++i) {
          const Vec2 a = link.points[i], b = link.points[i + 1];
          if (a.x != b.x || std::max(a.y, b.y) <= line_y || std::min(a.y, b.y) >= line_y + 20) continue;
          ++verticals;
          CHECK((a.x < x || a.x > right));  // no link climbs through the label
        }
      }
    }
    CHECK(verticals > 0);  // there were links to keep clear of
    if (layout.external.present) {
      const float eth0 = layout.external.eth0.center().x;
      CHECK((eth0 < x || eth0 > right));
    }
    CHECK(x >= layout.network_lines.back().left);
  }
}
