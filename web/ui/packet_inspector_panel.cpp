// The packet inspector: the packet at the timeline's cursor, layer by layer from the outermost
// header in, each field with its value; fields that changed at this hop are highlighted with their
// old value, layers added here (an encapsulation's outer Ethernet, IPv4, UDP, VXLAN) are marked, and
// layers taken away are named. Above them, what decided this hop: the route, ARP or fdb entry, or the
// iptables rules that matched. Everything shown is prepared by the Timeline when the cursor moves.
#include <imgui.h>

#include <cstdio>

#include "web/ui/panels.h"

namespace podlab::web {

namespace {

constexpr ImU32 changed_color = IM_COL32(255, 214, 90, 255);
constexpr ImU32 changed_background = IM_COL32(110, 90, 20, 120);
constexpr ImU32 added_color = IM_COL32(130, 220, 140, 255);
constexpr ImU32 outer_background = IM_COL32(90, 70, 140, 110);
constexpr ImU32 layer_background = IM_COL32(50, 60, 80, 160);
constexpr ImU32 reason_color = IM_COL32(240, 130, 120, 255);
constexpr ImU32 heading_color = IM_COL32(150, 165, 190, 255);

void heading(const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, heading_color);
  ImGui::TextUnformatted(text);
  ImGui::PopStyleColor();
}

void wrapped_mono(const std::string& text) {
  ImGui::PushFont(monospace_font());
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text.c_str(), text.c_str() + text.size());
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
}

void draw_layers(AppState& state, const HopInspection& inspection) {
  const HeaderDiff& headers = inspection.headers;
  constexpr ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("###inspector.layers", 2, flags)) return;
  ImGui::TableSetupColumn("field", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 8.5f);
  ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
  for (const HeaderLayer& layer : headers.layers) {
    ImGui::TableNextRow();
    ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, layer.outer ? outer_background : layer_background);
    ImGui::TableSetColumnIndex(0);
    ImGui::TextUnformatted(header_kind_name(layer.kind));
    ImGui::TableSetColumnIndex(1);
    if (layer.outer) {
      ImGui::TextDisabled("%s", state.text(Text::InspectorOuter));
      ImGui::SameLine();
    }
    if (layer.added) {
      ImGui::PushStyleColor(ImGuiCol_Text, added_color);
      ImGui::Text("+ %s", state.text(Text::InspectorAdded));
      ImGui::PopStyleColor();
    }
    for (const HeaderField& field : layer.fields) {
      ImGui::TableNextRow();
      if (field.changed) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, changed_background);
      ImGui::TableSetColumnIndex(0);
      ImGui::Indent(8);
      ImGui::TextDisabled("%s", state.text(field.label));
      ImGui::Unindent(8);
      ImGui::TableSetColumnIndex(1);
      ImGui::PushFont(monospace_font());
      if (field.changed) {
        ImGui::PushStyleColor(ImGuiCol_Text, changed_color);
        ImGui::Text("%s → %s", field.before.c_str(), field.value.c_str());
        ImGui::PopStyleColor();
      } else {
        ImGui::TextUnformatted(field.value.c_str(), field.value.c_str() + field.value.size());
      }
      ImGui::PopFont();
    }
  }
  ImGui::EndTable();
}

void colored_wrapped(ImU32 color, const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

// What happened to the headers here, in one or two sentences.
void draw_change_summary(AppState& state, const HopInspection& inspection, const TimelineEvent* event) {
  const HeaderDiff& headers = inspection.headers;
  const size_t changed = headers.changed_fields();
  char line[256];
  if (!headers.compared) {
    colored_wrapped(heading_color, state.text(Text::InspectorFirstHop));
  } else if (changed > 0) {
    std::snprintf(line, sizeof line, state.text(Text::InspectorChangedCount), static_cast<int>(changed));
    colored_wrapped(changed_color, line);
  } else if (headers.added_layers() == 0 && headers.removed.empty()) {
    colored_wrapped(heading_color, state.text(Text::InspectorNoChange));
  }
  if (!headers.removed.empty()) {
    int length = std::snprintf(line, sizeof line, "%s", state.text(Text::InspectorRemoved));
    for (HeaderKind kind : headers.removed)
      if (length > 0 && static_cast<size_t>(length) < sizeof line)
        length += std::snprintf(line + length, sizeof line - static_cast<size_t>(length), "  - %s", header_kind_name(kind));
    colored_wrapped(reason_color, line);
  }
  if (event && event->encapsulated) colored_wrapped(IM_COL32(200, 180, 250, 255), state.text(Text::InspectorInTunnel));
}

void draw_inspection(AppState& state, const HopInspection& inspection) {
  const TimelineEvent* event = state.timeline.current();
  ImGui::Text("%s", inspection.title.c_str());
  if (event) {
    ImGui::SameLine();
    ImGui::TextDisabled("— %s", state.text(hop_action_text(event->action)));
  }
  if (!inspection.detail.empty()) {
    heading(state.text(Text::InspectorDecision));
    wrapped_mono(inspection.detail);
  }
  if (!inspection.rules.empty()) {
    heading(state.text(Text::InspectorRules));
    for (const std::string& rule : inspection.rules) wrapped_mono(rule);
  }
  if (!inspection.reason.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, reason_color);
    ImGui::TextWrapped("%s %s", state.text(Text::InspectorReason), inspection.reason.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::Separator();
  if (inspection.headers.layers.empty()) {
    ImGui::TextDisabled("%s", state.text(Text::InspectorNoPacket));
    return;
  }
  draw_change_summary(state, inspection, event);
  heading(state.text(Text::InspectorHeaders));
  draw_layers(state, inspection);
  ImGui::Spacing();
  heading(state.text(Text::InspectorOnTheWire));
  wrapped_mono(inspection.summary);
}

}  // namespace

void draw_packet_inspector_panel(AppState& state, Intents&) {
  if (!state.panels.inspector) return;
  if (!begin_side_window(state, state.layout.inspector, Text::InspectorTitle, "inspector")) {
    ImGui::End();
    return;
  }
  const HopInspection& inspection = state.timeline.inspection;
  if (inspection.event == SIZE_MAX) ImGui::TextWrapped("%s", state.text(Text::InspectorEmpty));
  else draw_inspection(state, inspection);
  ImGui::End();
}

}  // namespace podlab::web
