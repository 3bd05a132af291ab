// The topology canvas's camera: where the world (layout coordinates) appears on screen, with pan
// and zoom. Plain math, no ImGui: the panel feeds it mouse input, tests check it directly.
#pragma once

namespace podlab::web {

struct Vec2 {
  float x = 0;
  float y = 0;

  friend constexpr Vec2 operator+(Vec2 a, Vec2 b) { return {a.x + b.x, a.y + b.y}; }
  friend constexpr Vec2 operator-(Vec2 a, Vec2 b) { return {a.x - b.x, a.y - b.y}; }
  friend constexpr Vec2 operator*(Vec2 a, float s) { return {a.x * s, a.y * s}; }
  friend constexpr bool operator==(Vec2 a, Vec2 b) = default;
};

struct Rect {
  Vec2 min;
  Vec2 max;

  constexpr float width() const { return max.x - min.x; }
  constexpr float height() const { return max.y - min.y; }
  constexpr Vec2 center() const { return {(min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f}; }
  constexpr bool contains(Vec2 p) const { return p.x >= min.x && p.y >= min.y && p.x < max.x && p.y < max.y; }
  friend constexpr bool operator==(const Rect&, const Rect&) = default;
};

// How big the canvas draws a label, in screen pixels: its world size times the zoom, but never
// under min_text_pixels, so a fitted view of a large cluster stays readable. Level of detail: a
// detail (an address, the containers, a device's name) that would have to grow by more than half
// to be read is left out instead (0), and so is every label when zoomed out to a map. A small lab
// fitted beside the lessons (70–90%) keeps its interface names and addresses.
enum class TextLevel { Title, Detail };
inline constexpr float min_text_pixels = 11.0f;
inline constexpr float title_min_zoom = 0.15f;
float text_pixels(float world_size, float zoom, TextLevel level);

struct CanvasView {
  static constexpr float min_zoom = 0.1f;
  static constexpr float max_zoom = 8.0f;

  Vec2 offset;        // screen position (relative to the canvas origin) of the world origin
  float zoom = 1.0f;  // screen pixels per world unit

  Vec2 world_to_screen(Vec2 world) const { return offset + world * zoom; }
  Vec2 screen_to_world(Vec2 screen) const { return (screen - offset) * (1.0f / zoom); }

  void pan(Vec2 screen_delta) { offset = offset + screen_delta; }
  // Multiplies the zoom by `factor` (clamped) keeping the world point under `screen_anchor` fixed.
  void zoom_at(Vec2 screen_anchor, float factor);
  // Shows all of `world_bounds` centred in a viewport of `viewport_size`, with a margin in pixels.
  void fit(const Rect& world_bounds, Vec2 viewport_size, float margin);
};

}  // namespace podlab::web
