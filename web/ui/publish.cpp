// Helpers the panels share: publishing widget rectangles for tests, the side column's windows, the
// monospace font, the words for hop actions.
#include <imgui.h>

#include <cstdio>

#include "web/ui/panels.h"

namespace podlab::web {

void publish_last_item(AppState& state, const char* id, const char* label, int index) {
  const ImVec2 min = ImGui::GetItemRectMin();
  const ImVec2 max = ImGui::GetItemRectMax();
  state.widgets.push_back(WidgetRecord{id, label, Rect{{min.x, min.y}, {max.x, max.y}}, index});
}

bool begin_side_window(AppState& state, const Rect& area, Text title, const char* id) {
  ImGui::SetNextWindowPos(ImVec2(area.min.x, area.min.y));
  ImGui::SetNextWindowSize(ImVec2(area.width(), area.height()));
  char label[96];
  std::snprintf(label, sizeof label, "%s###%s", state.text(title), id);
  // No keyboard navigation inside: arrows and Space drive the timeline (web/ui/shortcuts.cpp).
  constexpr ImGuiWindowFlags flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                     ImGuiWindowFlags_NoNavInputs;
  return ImGui::Begin(label, nullptr, flags);
}

ImFont* monospace_font() {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  return atlas->Fonts.Size > 1 ? atlas->Fonts[1] : atlas->Fonts[0];
}

Text hop_action_text(HopAction action) {
  switch (action) {
    case HopAction::Send: return Text::ActionSend;
    case HopAction::Route: return Text::ActionRoute;
    case HopAction::Arp: return Text::ActionArp;
    case HopAction::Transmit: return Text::ActionTransmit;
    case HopAction::Receive: return Text::ActionReceive;
    case HopAction::Bridge: return Text::ActionBridge;
    case HopAction::Encapsulate: return Text::ActionEncapsulate;
    case HopAction::Decapsulate: return Text::ActionDecapsulate;
    case HopAction::Forward: return Text::ActionForward;
    case HopAction::Deliver: return Text::ActionDeliver;
    case HopAction::Netfilter: return Text::ActionNetfilter;
    case HopAction::Conntrack: return Text::ActionConntrack;
    case HopAction::Drop: return Text::ActionDrop;
  }
  return Text::ActionSend;
}

}  // namespace podlab::web
