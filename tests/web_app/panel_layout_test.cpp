// The windows tile the work area: canvas and console on the left, the side column on the right.
#include <doctest/doctest.h>

#include "web/app/panel_layout.h"

using namespace podlab::web;

namespace {

float area(const Rect& r) { return r.width() * r.height(); }

}  // namespace

TEST_CASE("with every panel open the windows tile the work area without overlapping") {
  const Rect work{{0, 20}, {1280, 800}};
  const PanelLayout layout = layout_panels(work, 260, PanelVisibility{});
  CHECK(layout.has_side_column);
  CHECK(layout.topology.max.x == layout.send_traffic.min.x);
  CHECK(layout.console.min.y == layout.topology.max.y);
  CHECK(layout.send_traffic.max.y == layout.timeline.min.y);
  CHECK(layout.timeline.max.y == layout.inspector.min.y);
  CHECK(layout.inspector.max.y == work.max.y);
  const float total = area(layout.topology) + area(layout.console) + area(layout.send_traffic) + area(layout.timeline) +
                      area(layout.inspector);
  CHECK(total == doctest::Approx(area(work)));
  CHECK(layout.send_traffic.width() >= panel_metrics::side_min_width);
}

TEST_CASE("closed panels give their room to the others") {
  const Rect work{{0, 20}, {1280, 800}};
  PanelLayout layout = layout_panels(work, 260, PanelVisibility{.send_traffic = false, .timeline = true, .inspector = false});
  CHECK(layout.timeline.min.y == work.min.y);
  CHECK(layout.timeline.max.y == work.max.y);
  CHECK(area(layout.inspector) == 0);
  layout = layout_panels(work, 260, PanelVisibility{false, false, false});
  CHECK_FALSE(layout.has_side_column);
  CHECK(layout.topology.max.x == work.max.x);
}

TEST_CASE("a small window keeps the side column at most half the width") {
  const Rect work{{0, 20}, {640, 400}};
  const PanelLayout layout = layout_panels(work, 260, PanelVisibility{});
  CHECK(layout.send_traffic.width() <= 320.0f);
  CHECK(layout.console.height() <= 0.6f * work.height());
  const float rest = work.max.y - layout.send_traffic.max.y;
  CHECK(layout.timeline.height() >= 0.5f * rest);
  CHECK(layout.inspector.height() >= doctest::Approx(0.3f * rest));  // the timeline leaves it some room
}

TEST_CASE("the lessons panel sits at the top of the side column, the others share the rest") {
  const Rect work{{0, 20}, {1280, 800}};
  PanelVisibility visible;
  visible.lessons = true;
  const PanelLayout layout = layout_panels(work, 260, visible);
  CHECK(layout.lessons.min.y == work.min.y);
  CHECK(layout.lessons.height() == doctest::Approx(work.height() * panel_metrics::lessons_share));
  CHECK(layout.send_traffic.min.y == layout.lessons.max.y);
  CHECK(layout.inspector.max.y == work.max.y);
  CHECK(layout.lessons.min.x == layout.topology.max.x);

  visible = PanelVisibility{.send_traffic = false, .timeline = false, .inspector = false, .lessons = true};
  const PanelLayout alone = layout_panels(work, 260, visible);
  CHECK(alone.has_side_column);
  CHECK(alone.lessons.height() == work.height());
}
