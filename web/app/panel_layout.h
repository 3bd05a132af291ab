// Where each window of the lab sits, as a function of the window's size and which panels are open:
// the canvas and the console on the left, and on the right a column with the lessons, the "Send
// traffic" form, the timeline and the packet inspector, stacked. Plain math, tested without ImGui.
#pragma once

#include "web/app/canvas_view.h"

namespace podlab::web {

struct PanelVisibility {
  bool send_traffic = true;
  bool timeline = true;
  bool inspector = true;
  bool lessons = false;
};

struct PanelLayout {
  Rect topology;
  Rect console;
  Rect send_traffic;  // empty when hidden
  Rect timeline;
  Rect inspector;
  Rect lessons;  // at the top of the column
  bool has_side_column = false;
};

namespace panel_metrics {
inline constexpr float send_traffic_height = 206;
inline constexpr float side_min_width = 330;
inline constexpr float side_max_width = 480;
inline constexpr float timeline_share = 0.5f;  // of the column below the form, when both are open
inline constexpr float timeline_min_height = 250;
inline constexpr float lessons_share = 0.55f;  // of the column, when other panels are open under it  // the controls and a few rows, before the inspector gets room
}  // namespace panel_metrics

// `work` is the area under the menu bar; `console_height` the console's wished height.
PanelLayout layout_panels(const Rect& work, float console_height, const PanelVisibility& visible);

}  // namespace podlab::web
