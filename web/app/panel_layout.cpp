#include "web/app/panel_layout.h"

#include <algorithm>
#include <array>

namespace podlab::web {

namespace {

struct Slot {
  bool open;
  float min_height;
  float weight;     // share of the room above the minimums
  bool gives_way;   // shrinks first when the window is short
  Rect* rect;
  float height = 0;
};

// Stacks the open slots from `top` to `bottom`: minimums first, the rest by weight; when the
// minimums do not fit, the panels that give way shrink to squeezed_height, then every panel alike.
void stack(std::array<Slot, 5>& slots, float left, float right, float top, float bottom) {
  using namespace panel_metrics;
  const float available = bottom - top;
  float minimums = 0, weights = 0;
  Slot* last = nullptr;
  for (Slot& slot : slots) {
    if (!slot.open) continue;
    slot.height = slot.min_height;
    minimums += slot.min_height;
    weights += slot.weight;
    last = &slot;
  }
  if (!last) return;
  if (available >= minimums) {
    const float extra = available - minimums;
    for (Slot& slot : slots)
      if (slot.open) slot.height += weights > 0 ? extra * slot.weight / weights : 0;
    if (weights <= 0) last->height += extra;  // only fixed panels open: the last one takes the rest
  } else {
    float deficit = minimums - available;
    float slack = 0;
    for (const Slot& slot : slots)
      if (slot.open && slot.gives_way) slack += std::max(0.0f, slot.min_height - squeezed_height);
    const float taken = std::min(deficit, slack);
    for (Slot& slot : slots)
      if (slot.open && slot.gives_way && slack > 0)
        slot.height -= taken * std::max(0.0f, slot.min_height - squeezed_height) / slack;
    deficit -= taken;
    if (deficit > 0) {
      const float scale = available / (available + deficit);
      for (Slot& slot : slots)
        if (slot.open) slot.height *= scale;
    }
  }
  float y = top;
  for (Slot& slot : slots) {
    if (!slot.open) continue;
    const float end = &slot == last ? bottom : y + slot.height;  // no gap left by rounding
    *slot.rect = Rect{{left, y}, {right, end}};
    y = end;
  }
}

}  // namespace

PanelLayout layout_panels(const Rect& work, float console_height, const PanelVisibility& visible) {
  using namespace panel_metrics;
  PanelLayout layout;
  const bool side = visible.send_traffic || visible.timeline || visible.inspector || visible.lessons || visible.dns;
  float side_width = 0;
  if (side) {
    side_width = std::clamp(work.width() * 0.34f, std::min(side_min_width, work.width() * 0.5f), side_max_width);
    layout.has_side_column = true;
  }
  const float left_right = work.max.x - side_width;
  const float console = std::min(console_height, work.height() * 0.6f);
  layout.topology = Rect{work.min, {left_right, work.max.y - console}};
  layout.console = Rect{{work.min.x, work.max.y - console}, {left_right, work.max.y}};

  // Over the canvas's right side, above the canvas's bottom line (its hints and the zoom).
  const Rect& canvas = layout.topology;
  const float inspector_width = std::min(object_inspector_max_width, canvas.width() * 0.45f);
  constexpr float margin = 8, hint_line = 34;
  layout.object_inspector = Rect{{canvas.max.x - inspector_width - margin, canvas.min.y + margin},
                                 {canvas.max.x - margin, std::max(canvas.min.y + margin + 120, canvas.max.y - hint_line)}};
  if (!side) return layout;

  std::array<Slot, 5> slots{{
      {visible.lessons, lessons_min_height, lessons_weight, true, &layout.lessons},
      {visible.send_traffic, send_traffic_height, 0.0f, false, &layout.send_traffic},
      {visible.timeline, timeline_min_height, timeline_weight, false, &layout.timeline},
      {visible.inspector, inspector_min_height, inspector_weight, true, &layout.inspector},
      {visible.dns, dns_min_height, dns_weight, true, &layout.dns},
  }};
  stack(slots, left_right, work.max.x, work.min.y, work.max.y);
  return layout;
}

bool rects_overlap(const Rect& a, const Rect& b) {
  return a.min.x < b.max.x && b.min.x < a.max.x && a.min.y < b.max.y && b.min.y < a.max.y;
}

Vec2 place_tooltip(Vec2 mouse, Vec2 size, const Rect& bounds, const Rect& avoid) {
  constexpr float offset = 16;
  const auto clamp_into = [&](Vec2 at) {
    return Vec2{std::clamp(at.x, bounds.min.x, std::max(bounds.min.x, bounds.max.x - size.x)),
                std::clamp(at.y, bounds.min.y, std::max(bounds.min.y, bounds.max.y - size.y))};
  };
  const std::array<Vec2, 4> tries{{
      mouse + Vec2{offset, offset},                     // below right, where tooltips usually are
      {mouse.x - size.x - offset, mouse.y + offset},    // below left
      {mouse.x + offset, mouse.y - size.y - offset},    // above right
      {mouse.x - size.x - offset, mouse.y - size.y - offset},  // above left
  }};
  for (const Vec2& at : tries) {
    const Vec2 placed = clamp_into(at);
    if (!rects_overlap(Rect{placed, placed + size}, avoid)) return placed;
  }
  return clamp_into(tries[0]);
}

}  // namespace podlab::web
