// Where each window of the lab sits, as a function of the window's size and which panels are open:
// the canvas and the console on the left, and on the right a column with the lessons, the "Send
// traffic" form, the timeline, the packet inspector and the DNS view, stacked. Every panel of the
// column gets at least the height its controls need (the form's Send button, the timeline's buttons,
// filter and a few rows), so opening the lessons never clips them; the lessons panel, the inspector
// and the DNS view share what is left. The object inspector sits over the canvas's right side.
// Plain math, tested without ImGui.
#pragma once

#include "web/app/canvas_view.h"

namespace podlab::web {

struct PanelVisibility {
  bool send_traffic = true;
  bool timeline = true;
  bool inspector = true;
  bool lessons = false;
  bool dns = false;  // the DNS view (shown after a lookup, closed with its own button)
};

struct PanelLayout {
  Rect topology;
  Rect console;
  Rect send_traffic;  // empty when hidden
  Rect timeline;
  Rect inspector;
  Rect lessons;  // at the top of the column
  Rect dns;      // at the bottom of the column
  Rect object_inspector;  // over the canvas's right side, clear of its bottom line of hints
  bool has_side_column = false;
};

namespace panel_metrics {
inline constexpr float side_min_width = 330;
inline constexpr float side_max_width = 480;
// The heights the column's panels need, window title included: the form whole (two choices, the
// tools and Send, the line it runs); the timeline's controls, filter, jumps and three rows; the
// others their title and a few lines they scroll.
inline constexpr float send_traffic_height = 206;
inline constexpr float timeline_min_height = 260;
inline constexpr float inspector_min_height = 120;
inline constexpr float dns_min_height = 130;
inline constexpr float lessons_min_height = 150;
// When the window is too short for every minimum, the flexible panels give way down to this.
inline constexpr float squeezed_height = 70;
// How the room above the minimums is shared.
inline constexpr float lessons_weight = 0.5f;
inline constexpr float timeline_weight = 0.3f;
inline constexpr float inspector_weight = 0.2f;
inline constexpr float dns_weight = 0.2f;
inline constexpr float object_inspector_max_width = 480;
}  // namespace panel_metrics

// `work` is the area under the menu bar; `console_height` the console's wished height.
PanelLayout layout_panels(const Rect& work, float console_height, const PanelVisibility& visible);

// Where a tooltip of `size` goes for the mouse at `mouse`: below and right of it, moved or flipped to
// stay inside `bounds` and off `avoid` (an inspector it would cover) when there is room elsewhere.
Vec2 place_tooltip(Vec2 mouse, Vec2 size, const Rect& bounds, const Rect& avoid);

bool rects_overlap(const Rect& a, const Rect& b);

}  // namespace podlab::web
