#include "web/app/canvas_view.h"

#include <algorithm>

namespace podlab::web {

float text_pixels(float world_size, float zoom, TextLevel level) {
  const float scaled = world_size * zoom;
  if (zoom < title_min_zoom) return 0;
  if (level == TextLevel::Detail && scaled < min_text_pixels * 0.6f) return 0;
  return std::max(scaled, min_text_pixels);
}

void CanvasView::zoom_at(Vec2 screen_anchor, float factor) {
  const Vec2 anchored_world = screen_to_world(screen_anchor);
  zoom = std::clamp(zoom * factor, min_zoom, max_zoom);
  offset = screen_anchor - anchored_world * zoom;
}

void CanvasView::fit(const Rect& world_bounds, Vec2 viewport_size, float margin) {
  const float available_width = std::max(1.0f, viewport_size.x - 2 * margin);
  const float available_height = std::max(1.0f, viewport_size.y - 2 * margin);
  const float width = std::max(1.0f, world_bounds.width());
  const float height = std::max(1.0f, world_bounds.height());
  zoom = std::clamp(std::min(available_width / width, available_height / height), min_zoom, max_zoom);
  offset = viewport_size * 0.5f - world_bounds.center() * zoom;
}

}  // namespace podlab::web
