// The object inspector: a window over the canvas's right side for the pod, node or Service the
// learner clicked. Key facts first, then one section per console command, titled with the command
// and holding exactly what it prints in this lab (prepared by web/app/object_inspector.h). The
// window's close button clears the selection.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "web/ui/panels.h"

namespace podlab::web {

namespace {

constexpr ImU32 command_color = IM_COL32(120, 180, 250, 255);
constexpr ImU32 error_color = IM_COL32(240, 130, 120, 255);
constexpr ImU32 hint_color = IM_COL32(150, 165, 190, 255);

void draw_facts(AppState& state, const ObjectInspector& inspector) {
  if (inspector.facts.empty()) return;
  constexpr ImGuiTableFlags flags = ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("###object.facts", 2, flags)) return;
  ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 10.0f);
  ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
  for (const InspectorFact& fact : inspector.facts) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextDisabled("%s", state.text(fact.label));
    ImGui::TableSetColumnIndex(1);
    ImGui::PushFont(monospace_font());
    ImGui::TextUnformatted(fact.value.c_str(), fact.value.c_str() + fact.value.size());
    ImGui::PopFont();
  }
  ImGui::EndTable();
}

void draw_sections(AppState& state, const ObjectInspector& inspector) {
  char label[512];
  for (size_t i = 0; i < inspector.sections.size(); ++i) {
    const InspectorSection& section = inspector.sections[i];
    std::snprintf(label, sizeof label, "$ %s###object.section.%zu", section.command.c_str(), i);
    ImGui::PushFont(monospace_font());
    ImGui::PushStyleColor(ImGuiCol_Text, command_color);
    const bool open = ImGui::CollapsingHeader(label, ImGuiTreeNodeFlags_DefaultOpen);
    ImGui::PopStyleColor();
    publish_last_item(state, "object.section", section.command.c_str(), static_cast<int>(i));
    if (open) {
      if (!section.ok) ImGui::PushStyleColor(ImGuiCol_Text, error_color);
      // Unwrapped, as a terminal prints it: kubectl's columns and long rules scroll sideways.
      if (section.output.empty()) ImGui::TextDisabled("%s", state.text(Text::ObjectInspectorNoOutput));
      else ImGui::TextUnformatted(section.output.c_str(), section.output.c_str() + section.output.size());
      if (!section.ok) ImGui::PopStyleColor();
    }
    ImGui::PopFont();
  }
}

}  // namespace

void draw_object_inspector_panel(AppState& state, Intents& intents) {
  const ObjectInspector& inspector = state.object_inspector;
  if (inspector.selection.empty()) return;
  const Rect& area = state.layout.object_inspector;  // web/app/panel_layout.h
  ImGui::SetNextWindowPos(ImVec2(area.min.x, area.min.y));
  ImGui::SetNextWindowSize(ImVec2(area.width(), area.height()));
  char title[160];
  std::snprintf(title, sizeof title, "%s — %s###object", state.text(Text::ObjectInspectorTitle),
                inspector.title.empty() ? inspector.selection.name.c_str() : inspector.title.c_str());
  bool open = true;
  constexpr ImGuiWindowFlags flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoNavInputs |
                                     ImGuiWindowFlags_HorizontalScrollbar;
  const bool visible = ImGui::Begin(title, &open, flags);
  publish_last_item(state, "object.window", inspector.title.c_str());
  if (visible) {
    if (!inspector.highlight.found) {
      ImGui::TextWrapped("%s", state.text(Text::ObjectInspectorGone));
    } else {
      draw_facts(state, inspector);
      // Wrapped at the window's edge, not at the widest output line the window scrolls to.
      const ImGuiStyle& style = ImGui::GetStyle();
      ImGui::PushStyleColor(ImGuiCol_Text, hint_color);
      ImGui::PushTextWrapPos(ImGui::GetWindowWidth() - style.WindowPadding.x - style.ScrollbarSize);
      ImGui::TextUnformatted(state.text(Text::ObjectInspectorHint));
      ImGui::PopTextWrapPos();
      ImGui::PopStyleColor();
      draw_sections(state, inspector);
    }
  }
  ImGui::End();
  if (!open) intents.select = Selection{};
}

}  // namespace podlab::web
