// The YAML panel: paste or load Kubernetes manifests (and the podlab.dev/v1 Cluster document),
// Apply them as one console line (`kubectl apply -f -` with the text as its input), see kubectl's
// errors marked at their line in the editor, or export the lab as a manifest (`lab export`).
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "web/app/fill_text.h"
#include "web/ui/panels.h"

namespace podlab::web {

namespace {

constexpr ImU32 error_line_colour = IM_COL32(220, 70, 60, 70);
constexpr ImU32 error_text_colour = IM_COL32(240, 130, 120, 255);
constexpr ImU32 gutter_colour = IM_COL32(120, 130, 150, 255);

int resize_text(ImGuiInputTextCallbackData* data) {
  if (data->EventFlag != ImGuiInputTextFlags_CallbackResize) return 0;
  auto* text = static_cast<std::vector<char>*>(data->UserData);
  text->resize(static_cast<size_t>(data->BufSize) + 1024);
  data->Buf = text->data();
  return 0;
}

bool has_error_on(const YamlEditor& yaml, int line) {
  return std::any_of(yaml.errors.begin(), yaml.errors.end(), [&](const YamlError& error) { return error.line == line; });
}

// The text field, as tall as its text, inside a scrolling child, with line numbers beside it and
// the lines kubectl complained about highlighted.
void draw_editor(AppState& state, float height) {
  YamlEditor& yaml = state.yaml;
  ImGui::BeginChild("###yaml.scroll", ImVec2(0, height), true, ImGuiWindowFlags_HorizontalScrollbar);
  ImGui::PushFont(monospace_font());
  const float line_height = ImGui::GetTextLineHeight();
  const float padding = ImGui::GetStyle().FramePadding.y;
  const std::string_view text = yaml_text(yaml);
  const int line_count = 1 + static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  const float gutter = ImGui::CalcTextSize("0000").x + 10;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float text_height = std::max(avail.y, padding * 2 + line_height * static_cast<float>(line_count + 1));
  if (yaml.scroll_to_line > 0) {
    ImGui::SetScrollY(std::max(0.0f, padding + line_height * static_cast<float>(yaml.scroll_to_line - 1) - avail.y / 3));
    yaml.scroll_to_line = 0;
  }
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + gutter);
  ImGui::InputTextMultiline("###yaml.text", yaml.text.data(), yaml.text.size(), ImVec2(std::max(avail.x - gutter, 200.0f), text_height),
                            ImGuiInputTextFlags_CallbackResize, resize_text, &yaml.text);
  const ImVec2 field_min = ImGui::GetItemRectMin();
  const ImVec2 field_max = ImGui::GetItemRectMax();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float clip_top = ImGui::GetWindowPos().y;
  const float clip_bottom = clip_top + ImGui::GetWindowHeight();
  // Published as far as it shows: a click at the centre of what is published lands in the text.
  state.widgets.push_back(WidgetRecord{"yaml.text", "", Rect{{field_min.x, std::max(field_min.y, clip_top)},
                                                             {field_max.x, std::min(field_max.y, clip_bottom)}}});
  for (int line = 1; line <= line_count; ++line) {
    const float y = field_min.y + padding + line_height * static_cast<float>(line - 1);
    if (y + line_height < clip_top) continue;
    if (y > clip_bottom) break;
    const bool error = has_error_on(yaml, line);
    if (error) draw->AddRectFilled(ImVec2(field_min.x, y), ImVec2(field_max.x, y + line_height), error_line_colour);
    char number[16];
    std::snprintf(number, sizeof number, "%4d", line);
    draw->AddText(ImVec2(field_min.x - gutter, y), error ? error_text_colour : gutter_colour, number);
  }
  ImGui::PopFont();
  ImGui::EndChild();
}

void draw_result(AppState& state) {
  YamlEditor& yaml = state.yaml;
  ImGui::PushFont(monospace_font());
  for (size_t i = 0; i < yaml.errors.size(); ++i) {
    const YamlError& error = yaml.errors[i];
    ImGui::PushStyleColor(ImGuiCol_Text, error_text_colour);
    if (error.line > 0) {
      const std::string line = std::to_string(error.line);
      const std::string column = std::to_string(error.column);
      ImGui::PushID(static_cast<int>(i));
      if (ImGui::SmallButton(fill_text(state.text(Text::YamlErrorAt), {line, column}).c_str())) yaml.scroll_to_line = error.line;
      ImGui::PopID();
      ImGui::SameLine();
    }
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(error.message.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    publish_last_item(state, "yaml.error", error.message.c_str(), error.line);
  }
  if (!yaml.applied.empty()) {
    ImGui::TextDisabled("%s", state.text(Text::YamlApplied));
    ImGui::TextUnformatted(yaml.applied.c_str());
    publish_last_item(state, "yaml.applied", yaml.applied.c_str());
  }
  ImGui::PopFont();
}

}  // namespace

void draw_yaml_panel(AppState& state, Intents& intents) {
  YamlEditor& yaml = state.yaml;
  take_yaml_result(yaml, state.console);
  if (!yaml.open) return;
  const Rect& area = state.layout.topology;
  ImGui::SetNextWindowPos(ImVec2(area.min.x + 16, area.min.y + 16), ImGuiCond_Appearing);
  ImGui::SetNextWindowSize(ImVec2(std::min(640.0f, area.width() - 32), std::max(area.height() - 32, 320.0f)), ImGuiCond_Appearing);
  char title[96];
  std::snprintf(title, sizeof title, "%s###yaml", state.text(Text::YamlTitle));
  if (!ImGui::Begin(title, &yaml.open, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse)) {
    ImGui::End();
    return;
  }
  ImGui::TextWrapped("%s", state.text(Text::YamlHint));
  if (labelled_button(state, Text::YamlLoad, "yaml.load")) intents.load_yaml_file = true;
  ImGui::SameLine();
  const bool empty = yaml_text(yaml).find_first_not_of(" \t\n") == std::string_view::npos;
  ImGui::BeginDisabled(empty || yaml.awaiting != YamlAwaiting::Nothing);
  if (labelled_button(state, Text::YamlApply, "yaml.apply")) {
    intents.console_line = yaml_apply_line(yaml_text(yaml));
    await_yaml_result(yaml, YamlAwaiting::Apply, state.console);
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (labelled_button(state, Text::YamlExport, "yaml.export")) {
    intents.console_line = yaml_export_line;
    await_yaml_result(yaml, YamlAwaiting::Export, state.console);
  }
  ImGui::TextDisabled("%s", state.text(empty ? Text::YamlEmpty : Text::YamlRuns));
  const bool has_result = !yaml.errors.empty() || !yaml.applied.empty();
  const float result_height = has_result ? std::min(ImGui::GetContentRegionAvail().y * 0.35f, ImGui::GetTextLineHeightWithSpacing() * 7) : 0;
  draw_editor(state, ImGui::GetContentRegionAvail().y - result_height);
  if (has_result) {
    ImGui::BeginChild("###yaml.result", ImVec2(0, 0), false);
    draw_result(state);
    ImGui::EndChild();
  }
  ImGui::End();
}

}  // namespace podlab::web
