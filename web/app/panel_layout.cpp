#include "web/app/panel_layout.h"

#include <algorithm>

namespace podlab::web {

PanelLayout layout_panels(const Rect& work, float console_height, const PanelVisibility& visible) {
  using namespace panel_metrics;
  PanelLayout layout;
  const bool side = visible.send_traffic || visible.timeline || visible.inspector || visible.lessons;
  float side_width = 0;
  if (side) {
    side_width = std::clamp(work.width() * 0.34f, std::min(side_min_width, work.width() * 0.5f), side_max_width);
    layout.has_side_column = true;
  }
  const float left_right = work.max.x - side_width;
  const float console = std::min(console_height, work.height() * 0.6f);
  layout.topology = Rect{work.min, {left_right, work.max.y - console}};
  layout.console = Rect{{work.min.x, work.max.y - console}, {left_right, work.max.y}};
  if (!side) return layout;

  float y = work.min.y;
  if (visible.lessons) {
    const bool others = visible.send_traffic || visible.timeline || visible.inspector;
    const float height = others ? work.height() * lessons_share : work.height();
    layout.lessons = Rect{{left_right, y}, {work.max.x, y + height}};
    y += height;
  }
  if (visible.send_traffic) {
    const float height = std::min(send_traffic_height, (work.max.y - y) * 0.32f);
    layout.send_traffic = Rect{{left_right, y}, {work.max.x, y + height}};
    y += height;
  }
  const float rest = work.max.y - y;
  if (visible.timeline && visible.inspector) {
    // The timeline keeps room for its controls and some rows; the inspector scrolls.
    const float timeline = std::min(std::max(rest * timeline_share, timeline_min_height), rest * 0.7f);
    layout.timeline = Rect{{left_right, y}, {work.max.x, y + timeline}};
    layout.inspector = Rect{{left_right, y + timeline}, {work.max.x, work.max.y}};
  } else if (visible.timeline) {
    layout.timeline = Rect{{left_right, y}, {work.max.x, work.max.y}};
  } else if (visible.inspector) {
    layout.inspector = Rect{{left_right, y}, {work.max.x, work.max.y}};
  }
  return layout;
}

}  // namespace podlab::web
