// The canvas's selection: the clicked object and its links drawn over the cluster in the highlight
// colour (the rectangles and links come from web/app/selection.h).
#include <imgui.h>

#include "web/ui/canvas_painter.h"
#include "web/ui/panels.h"

namespace podlab::web {

namespace {
constexpr ImU32 selection_color = IM_COL32(255, 196, 60, 255);
constexpr ImU32 selection_fill = IM_COL32(255, 196, 60, 28);
}  // namespace

void draw_selection(const Painter& paint, const SelectionHighlight& highlight) {
  for (const auto& [from, to] : highlight.links) paint.line(from, to, selection_color, 2.5f);
  for (size_t i = 0; i < highlight.outlines.size(); ++i) {
    const Rect& rect = highlight.outlines[i];
    const Rect grown{rect.min - Vec2{4, 4}, rect.max + Vec2{4, 4}};
    if (i == 0) paint.rect_filled(grown, selection_fill, 8.0f);
    paint.rect_outline(grown, selection_color, 8.0f, i == 0 ? 3.0f : 1.5f);
  }
}

}  // namespace podlab::web
