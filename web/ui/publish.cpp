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

namespace {

// "label###id" in `buffer`.
const char* labelled(char (&buffer)[128], const AppState& state, Text label, const char* id) {
  std::snprintf(buffer, sizeof buffer, "%s###%s", state.text(label), id);
  return buffer;
}

}  // namespace

bool labelled_menu(AppState& state, Text label, const char* id) {
  char buffer[128];
  const bool open = ImGui::BeginMenu(labelled(buffer, state, label, id));
  publish_last_item(state, id, state.text(label));
  return open;
}

bool labelled_menu_item(AppState& state, Text label, const char* id, bool selected) {
  char buffer[128];
  const bool clicked = ImGui::MenuItem(labelled(buffer, state, label, id), nullptr, selected);
  publish_last_item(state, id, state.text(label));
  return clicked;
}

bool labelled_button(AppState& state, Text label, const char* id) {
  char buffer[128];
  const bool clicked = ImGui::Button(labelled(buffer, state, label, id));
  publish_last_item(state, id, state.text(label));
  return clicked;
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
  const bool visible = ImGui::Begin(label, nullptr, flags);
  // The window itself, published as "window" labelled with its id, so tests can check the column.
  const ImVec2 min = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
  state.widgets.push_back(WidgetRecord{"window", id, Rect{{min.x, min.y}, {min.x + size.x, min.y + size.y}}});
  return visible;
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
