// "Send traffic": pick a pod to send from, a pod, a Service or an address to send to, ping or curl,
// and Send. The form runs the same console line a learner would type (shown under the button), so
// the line and its output appear in the console and the timeline starts at the packet's first hop.
#include <imgui.h>

#include <cstdio>

#include "web/ui/panels.h"

namespace podlab::web {

namespace {

// A labelled combo whose items are published as `item_id` with their index, for tests.
bool begin_labelled_combo(AppState& state, Text label, const char* id, const char* preview) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(state.text(label));
  ImGui::SameLine(ImGui::GetFontSize() * 3.2f);
  ImGui::SetNextItemWidth(-1);
  char combo_id[48];
  std::snprintf(combo_id, sizeof combo_id, "###%s", id);
  const bool open = ImGui::BeginCombo(combo_id, preview, ImGuiComboFlags_HeightLarge);
  publish_last_item(state, id, state.text(label));
  return open;
}

}  // namespace

void draw_send_traffic_panel(AppState& state, Intents& intents) {
  if (!state.panels.send_traffic) return;
  if (!begin_side_window(state, state.layout.send_traffic, Text::SendTrafficTitle, "send-traffic")) {
    ImGui::End();
    return;
  }
  const TrafficChoices& choices = state.traffic_choices;
  TrafficForm& form = state.traffic_form;
  if (choices.sources.empty()) {
    ImGui::TextWrapped("%s", state.text(Text::SendNeedsPods));
    ImGui::End();
    return;
  }
  bool changed = false;

  if (begin_labelled_combo(state, Text::SendFrom, "send.from", choices.sources[form.source].label.c_str())) {
    for (size_t i = 0; i < choices.sources.size(); ++i) {
      ImGui::PushID(static_cast<int>(i));
      if (ImGui::Selectable(choices.sources[i].label.c_str(), i == form.source)) {
        form.source = i;
        changed = true;
      }
      publish_last_item(state, "send.from.item", choices.sources[i].label.c_str(), static_cast<int>(i));
      ImGui::PopID();
    }
    ImGui::EndCombo();
  }

  const bool other = form.target == choices.targets.size();
  const char* target_preview = form.target < choices.targets.size() ? choices.targets[form.target].label.c_str()
                               : other                               ? state.text(Text::SendOther)
                                                                     : "";
  if (begin_labelled_combo(state, Text::SendTo, "send.to", target_preview)) {
    for (size_t i = 0; i <= choices.targets.size(); ++i) {
      const char* label = i < choices.targets.size() ? choices.targets[i].label.c_str() : state.text(Text::SendOther);
      ImGui::PushID(static_cast<int>(i));
      if (ImGui::Selectable(label, i == form.target)) {
        form.target = i;
        changed = true;
      }
      publish_last_item(state, "send.to.item", label, static_cast<int>(i));
      ImGui::PopID();
    }
    ImGui::EndCombo();
  }
  if (other) {
    ImGui::SetCursorPosX(ImGui::GetFontSize() * 3.2f + ImGui::GetStyle().WindowPadding.x);
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputTextWithHint("###send.other", state.text(Text::SendOtherHint), form.other.data(), form.other.size()))
      changed = true;
    publish_last_item(state, "send.other", state.text(Text::SendOtherHint));
  }

  int tool = form.tool == TrafficTool::Curl ? 1 : 0;
  if (ImGui::RadioButton(state.text(Text::ToolPing), &tool, 0)) changed = true;
  publish_last_item(state, "send.ping", state.text(Text::ToolPing));
  ImGui::SameLine();
  const float curl_width = ImGui::GetFrameHeight() + ImGui::CalcTextSize(state.text(Text::ToolCurl)).x + 8;
  if (ImGui::GetContentRegionAvail().x < curl_width) ImGui::NewLine();
  if (ImGui::RadioButton(state.text(Text::ToolCurl), &tool, 1)) changed = true;
  publish_last_item(state, "send.curl", state.text(Text::ToolCurl));
  form.tool = tool == 1 ? TrafficTool::Curl : TrafficTool::Ping;
  if (changed) settle_traffic_form(form, choices);  // rebuilds the line only when something changed

  const float button_width = ImGui::GetFontSize() * 5.0f;
  ImGui::SameLine();
  if (ImGui::GetContentRegionAvail().x >= button_width + 8) ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x - button_width);
  else ImGui::NewLine();
  const bool ready = !form.command.empty();
  char send_label[64];
  std::snprintf(send_label, sizeof send_label, "%s ▶###send.button", state.text(Text::SendButton));
  if (!ready) ImGui::BeginDisabled();
  if (ImGui::Button(send_label, ImVec2(button_width, 0)) && ready) intents.console_line = form.command;
  if (!ready) ImGui::EndDisabled();
  publish_last_item(state, "send.button", state.text(Text::SendButton));

  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("%s", state.text(Text::SendRunsCommand));
  ImGui::PopTextWrapPos();
  ImGui::PushFont(monospace_font());
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(form.command.c_str(), form.command.c_str() + form.command.size());
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
  ImGui::End();
}

}  // namespace podlab::web
