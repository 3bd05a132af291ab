// The windows tile the work area: canvas and console on the left, the side column on the right. The
// column's panels keep the height their controls need, with the lessons panel open too, and the DNS
// view docks in the column instead of covering the canvas.
#include <doctest/doctest.h>

#include <cstddef>
#include <vector>

#include "web/app/panel_layout.h"

using namespace podlab::web;

namespace {

float area(const Rect& r) { return r.width() * r.height(); }

bool inside(const Rect& inner, const Rect& outer) {
  return inner.min.x >= outer.min.x && inner.min.y >= outer.min.y && inner.max.x <= outer.max.x && inner.max.y <= outer.max.y;
}

// Every open window of the layout, the object inspector (over the canvas) left out.
std::vector<Rect> windows(const PanelLayout& layout) {
  std::vector<Rect> all{layout.topology, layout.console};
  for (const Rect& r : {layout.lessons, layout.send_traffic, layout.timeline, layout.inspector, layout.dns})
    if (area(r) > 0) all.push_back(r);
  return all;
}

void check_no_overlap(const std::vector<Rect>& rects) {
  for (std::size_t i = 0; i < rects.size(); ++i)
    for (std::size_t j = i + 1; j < rects.size(); ++j) CHECK_FALSE(rects_overlap(rects[i], rects[j]));
}

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
  float total = 0;
  for (const Rect& r : windows(layout)) total += area(r);
  CHECK(total == doctest::Approx(area(work)));
  check_no_overlap(windows(layout));
  CHECK(layout.send_traffic.width() >= panel_metrics::side_min_width);
  CHECK(layout.send_traffic.height() == doctest::Approx(panel_metrics::send_traffic_height));
  CHECK(layout.timeline.height() > layout.inspector.height());  // the list gets the larger share
}

TEST_CASE("closed panels give their room to the others") {
  const Rect work{{0, 20}, {1280, 800}};
  PanelLayout layout = layout_panels(work, 260, PanelVisibility{.send_traffic = false, .timeline = true, .inspector = false});
  CHECK(layout.timeline.min.y == work.min.y);
  CHECK(layout.timeline.max.y == work.max.y);
  CHECK(area(layout.inspector) == 0);
  layout = layout_panels(work, 260, PanelVisibility{.send_traffic = true, .timeline = false, .inspector = false});
  CHECK(layout.send_traffic.max.y == work.max.y);  // alone, the form has the whole column
  layout = layout_panels(work, 260, PanelVisibility{false, false, false});
  CHECK_FALSE(layout.has_side_column);
  CHECK(layout.topology.max.x == work.max.x);
}

TEST_CASE("a small window keeps the side column at most half the width, and every panel some room") {
  const Rect work{{0, 20}, {640, 400}};
  const PanelLayout layout = layout_panels(work, 260, PanelVisibility{});
  CHECK(layout.send_traffic.width() <= 320.0f);
  CHECK(layout.console.height() <= 0.6f * work.height());
  CHECK(layout.inspector.max.y == work.max.y);
  check_no_overlap(windows(layout));
  // Too short for every minimum: the inspector gives way first, then all alike.
  CHECK(layout.inspector.height() < panel_metrics::inspector_min_height);
  CHECK(layout.inspector.height() >= 0.6f * panel_metrics::squeezed_height);
  CHECK(layout.timeline.height() > layout.inspector.height());
}

TEST_CASE("with the lessons open, the form, the timeline and the inspector keep their controls' height") {
  for (const Rect work : {Rect{{0, 22}, {1280, 800}}, Rect{{0, 22}, {1024, 700}}}) {
    CAPTURE(work.max.x);
    PanelVisibility visible;
    visible.lessons = true;
    const PanelLayout layout = layout_panels(work, 260, visible);
    CHECK(layout.lessons.min.y == work.min.y);
    CHECK(layout.lessons.min.x == layout.topology.max.x);
    CHECK(layout.send_traffic.min.y == layout.lessons.max.y);
    CHECK(layout.send_traffic.height() == doctest::Approx(panel_metrics::send_traffic_height));  // Send is never clipped
    CHECK(layout.timeline.height() >= panel_metrics::timeline_min_height);
    // A full-size window holds every minimum; a smaller one squeezes the lessons and the inspector,
    // never to nothing.
    const bool room = work.height() >= panel_metrics::send_traffic_height + panel_metrics::timeline_min_height +
                                           panel_metrics::lessons_min_height + panel_metrics::inspector_min_height;
    CHECK(room == (work.max.x == 1280));
    CHECK(layout.lessons.height() >= (room ? panel_metrics::lessons_min_height : panel_metrics::squeezed_height));
    CHECK(layout.inspector.height() >= (room ? panel_metrics::inspector_min_height : panel_metrics::squeezed_height));
    for (const Rect& r : windows(layout)) CHECK(inside(r, work));
    check_no_overlap(windows(layout));
  }
  const Rect work{{0, 20}, {1280, 800}};
  const PanelLayout alone = layout_panels(work, 260, PanelVisibility{.send_traffic = false, .timeline = false, .inspector = false, .lessons = true});
  CHECK(alone.has_side_column);
  CHECK(alone.lessons.height() == work.height());
}

TEST_CASE("the DNS view docks at the bottom of the side column, off the canvas") {
  for (const Rect work : {Rect{{0, 22}, {1280, 800}}, Rect{{0, 22}, {1024, 700}}}) {
    CAPTURE(work.max.x);
    for (const bool lessons : {false, true}) {
      CAPTURE(lessons);
      PanelVisibility visible;
      visible.lessons = lessons;
      visible.dns = true;
      const PanelLayout layout = layout_panels(work, 260, visible);
      const Rect column{{layout.topology.max.x, work.min.y}, work.max};
      CHECK(inside(layout.dns, column));
      CHECK(layout.dns.max.y == work.max.y);
      CHECK(layout.dns.min.y == layout.inspector.max.y);
      CHECK_FALSE(rects_overlap(layout.dns, layout.topology));
      CHECK_FALSE(rects_overlap(layout.dns, layout.object_inspector));
      // The form and the timeline stay whole; the others share what is left, none to nothing.
      CHECK(layout.send_traffic.height() == doctest::Approx(panel_metrics::send_traffic_height));
      CHECK(layout.timeline.height() >= panel_metrics::timeline_min_height);
      for (const Rect& r : {layout.lessons, layout.inspector, layout.dns})
        if (area(r) > 0) CHECK(r.height() >= panel_metrics::squeezed_height);
      for (const Rect& r : windows(layout)) CHECK(inside(r, work));
      check_no_overlap(windows(layout));
    }
  }
}

TEST_CASE("the object inspector sits over the canvas's right side, above its line of hints") {
  const Rect work{{0, 22}, {1280, 800}};
  const PanelLayout layout = layout_panels(work, 260, PanelVisibility{});
  CHECK(inside(layout.object_inspector, layout.topology));
  CHECK(layout.object_inspector.max.x < layout.topology.max.x);
  CHECK(layout.object_inspector.max.y <= layout.topology.max.y - 30);
  CHECK(layout.object_inspector.width() <= panel_metrics::object_inspector_max_width);
}

TEST_CASE("a tooltip goes beside the mouse, inside the canvas and off the inspector when there is room") {
  const Rect canvas{{0, 22}, {845, 540}};
  const Rect inspector{{450, 30}, {837, 500}};
  const Vec2 size{220, 90};
  // Far from the inspector: below and right of the mouse, as usual.
  Vec2 at = place_tooltip({100, 100}, size, canvas, inspector);
  CHECK(at == Vec2{116, 116});
  // Near the inspector's left edge: flipped to the mouse's left instead of covering it.
  at = place_tooltip({400, 200}, size, canvas, inspector);
  CHECK_FALSE(rects_overlap(Rect{at, at + size}, inspector));
  CHECK(at.x + size.x <= 400);
  // At the canvas's bottom edge: kept inside.
  at = place_tooltip({100, 530}, size, canvas, Rect{});
  CHECK(at.y + size.y <= canvas.max.y);
  CHECK(at.y >= canvas.min.y);
}
