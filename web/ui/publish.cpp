#include <imgui.h>

#include "web/ui/panels.h"

namespace podlab::web {

void publish_last_item(AppState& state, const char* id, const char* label) {
  const ImVec2 min = ImGui::GetItemRectMin();
  const ImVec2 max = ImGui::GetItemRectMax();
  state.widgets.push_back(WidgetRecord{id, label, Rect{{min.x, min.y}, {max.x, max.y}}});
}

}  // namespace podlab::web
