// The build forms' window and widgets (web/ui/build_form_widgets.h), and the one entry point that
// draws whichever form is open.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "web/ui/build_form_widgets.h"

namespace podlab::web {

namespace {

constexpr ImU32 problem_color = IM_COL32(245, 120, 110, 255);
constexpr ImU32 selected_color = IM_COL32(140, 200, 150, 255);

void label_cell(AppState& state, Text label) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(state.text(label));
  ImGui::SameLine(form_label_width());
  ImGui::SetNextItemWidth(-1);
}

}  // namespace

float form_label_width() { return ImGui::GetFontSize() * 9.0f; }

bool begin_form_window(AppState& state, Text title, const char* id) {
  const Rect& area = state.layout.topology;
  ImGui::SetNextWindowPos(ImVec2(area.min.x + area.width() * 0.5f, area.min.y + 24), ImGuiCond_Appearing, ImVec2(0.5f, 0.0f));
  // Over the canvas, and over the console when it needs the height.
  const float height = ImGui::GetMainViewport()->WorkPos.y + ImGui::GetMainViewport()->WorkSize.y - area.min.y - 32;
  ImGui::SetNextWindowSizeConstraints(ImVec2(ImGui::GetFontSize() * 30, 0), ImVec2(ImGui::GetFontSize() * 40, height));
  if (state.build.raise) ImGui::SetNextWindowFocus();
  state.build.raise = false;
  char label[96];
  std::snprintf(label, sizeof label, "%s###%s", state.text(title), id);
  constexpr ImGuiWindowFlags flags = ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                     ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoNavInputs;
  bool open = true;
  const bool visible = ImGui::Begin(label, &open, flags);
  if (!open) state.build.open = BuildForm::None;
  return visible && open;
}

void end_form_window() { ImGui::End(); }

void form_problem(AppState& state, const char* field) {
  const FieldProblem* problem = state.build.check.problem(field);
  char text[512] = "";
  if (problem && problem->detail.empty()) std::snprintf(text, sizeof text, "%s", state.text(problem->text));
  else if (problem) std::snprintf(text, sizeof text, "%s %s", state.text(problem->text), problem->detail.c_str());
  ImGui::SetCursorPosX(form_label_width());
  const ImVec2 start = ImGui::GetCursorPos();
  const float wrap = std::max(ImGui::GetFontSize() * 10.0f, ImGui::GetContentRegionAvail().x);
  const float needed = problem ? ImGui::CalcTextSize(text, nullptr, false, wrap).y : 0.0f;
  // The slot keeps its height when the problem goes away, so nothing under it moves (web/app/build_forms.h).
  const float slot = reserve_problem_slot(state.build, field, ImGui::GetTextLineHeight(), needed);
  if (problem) {
    ImGui::PushStyleColor(ImGuiCol_Text, problem_color);
    ImGui::PushTextWrapPos(start.x + wrap);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    publish_last_item(state, "form.problem", problem->field);
  }
  ImGui::SetCursorPos(start);
  ImGui::Dummy(ImVec2(1, slot));
}

void form_text_field(AppState& state, Text label, const char* id, TextField& text, const char* field, const char* hint,
                     int index) {
  label_cell(state, label);
  char widget_id[48];
  std::snprintf(widget_id, sizeof widget_id, "###%s.%d", id, index);
  if (ImGui::InputTextWithHint(widget_id, hint ? hint : "", text.data(), text.size())) state.build.dirty = true;
  publish_last_item(state, id, state.text(label), index);
  form_problem(state, field);
}

void form_name_choice(AppState& state, Text label, const char* id, std::string& value, const std::vector<std::string>& names,
                      const char* field, const char* empty_label) {
  label_cell(state, label);
  char widget_id[48];
  std::snprintf(widget_id, sizeof widget_id, "###%s", id);
  const char* preview = value.empty() && empty_label ? empty_label : value.c_str();
  const bool open = ImGui::BeginCombo(widget_id, preview, ImGuiComboFlags_HeightLarge);
  publish_last_item(state, id, state.text(label));
  if (open) {
    const size_t first = empty_label ? 0 : 1;
    for (size_t i = first; i <= names.size(); ++i) {
      const char* name = i == 0 ? empty_label : names[i - 1].c_str();
      ImGui::PushID(static_cast<int>(i));
      if (ImGui::Selectable(name, i == 0 ? value.empty() : value == names[i - 1])) {
        value = i == 0 ? std::string() : names[i - 1];
        state.build.dirty = true;
      }
      // Rows are published by index: 0 is the empty choice when there is one, then the names.
      publish_last_item(state, "form.choice", name, static_cast<int>(i));
      ImGui::PopID();
    }
    ImGui::EndCombo();
  }
  form_problem(state, field);
}

void form_footer(AppState& state, Intents& intents) {
  const FormCheck& check = state.build.check;
  ImGui::Separator();
  if (state.build.open == BuildForm::Service) {
    ImGui::TextDisabled("%s", state.text(Text::FormSelects));
    ImGui::SameLine();
    if (check.selected.empty()) ImGui::TextDisabled("%s", state.text(Text::FormSelectsNothing));
    else ImGui::TextColored(ImColor(selected_color), "%s", check.selected.c_str());
    publish_last_item(state, "form.selects", check.selected.c_str());
  }
  ImGui::TextDisabled("%s", state.text(check.valid() ? Text::FormRuns : Text::FormFixFirst));
  // A manifest can be long: at most five lines, scrolled, so Create stays in view below fields that
  // keep room for their problems. The box stays
  // (empty) while the form is not valid, as tall as it has been, so Create does not move.
  ImGui::PushFont(monospace_font());
  const size_t lines = check.valid() ? 1 + static_cast<size_t>(std::count(check.line.begin(), check.line.end(), '\n')) : 1;
  const float needed = static_cast<float>(std::min<size_t>(lines, 5)) * ImGui::GetTextLineHeightWithSpacing() +
                       ImGui::GetStyle().WindowPadding.y * 2;
  const float height = reserve_problem_slot(state.build, "form.line", needed, needed);
  ImGui::BeginChild("###form.line", ImVec2(0, height), true);
  if (check.valid()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(check.line.c_str(), check.line.c_str() + check.line.size());
    ImGui::PopTextWrapPos();
  }
  ImGui::EndChild();
  ImGui::PopFont();
  if (check.valid()) publish_last_item(state, "form.line", check.line.c_str());
  if (!state.build.refused.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, problem_color);
    ImGui::TextUnformatted(state.text(Text::FormRefused));
    ImGui::PushFont(monospace_font());
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(state.build.refused.c_str(), state.build.refused.c_str() + state.build.refused.size());
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    ImGui::PopStyleColor();
    publish_last_item(state, "form.refused", state.build.refused.c_str());
  }
  ImGui::Spacing();
  const float button_width = ImGui::GetFontSize() * 6.0f;
  const bool ready = check.valid() && state.build.awaiting_console == UINT64_MAX;
  char label[64];
  std::snprintf(label, sizeof label, "%s###form.create", state.text(Text::FormCreate));
  if (!ready) ImGui::BeginDisabled();
  if (ImGui::Button(label, ImVec2(button_width, 0)) && ready) {
    intents.console_line = check.line;
    note_build_form_submitted(state.build, state.console);
  }
  if (!ready) ImGui::EndDisabled();
  publish_last_item(state, "form.create", state.text(Text::FormCreate));
  ImGui::SameLine();
  std::snprintf(label, sizeof label, "%s###form.cancel", state.text(Text::FormCancel));
  if (ImGui::Button(label, ImVec2(button_width, 0))) state.build.open = BuildForm::None;
  publish_last_item(state, "form.cancel", state.text(Text::FormCancel));
}

void draw_build_form(AppState& state, Intents& intents) {
  switch (state.build.open) {
    case BuildForm::None: return;
    case BuildForm::Cluster: return draw_cluster_form(state, intents);
    case BuildForm::Node: return draw_node_form(state, intents);
    case BuildForm::Namespace: return draw_namespace_form(state, intents);
    case BuildForm::Pod: return draw_pod_form(state, intents);
    case BuildForm::Service: return draw_service_form(state, intents);
    case BuildForm::Tunnel: return draw_tunnel_form(state, intents);
    case BuildForm::Route: return draw_route_form(state, intents);
  }
}

}  // namespace podlab::web
