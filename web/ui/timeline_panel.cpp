// The timeline: the time controls (first, step back, play/pause, step forward, last, speed) over
// the list of every hop of the last traffic command, in time order. Clicking a row jumps there; the
// list follows the cursor while it plays. Rows come from the prepared Timeline (web/app/timeline.h)
// and are clipped to what is visible.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "web/ui/panels.h"

namespace podlab::web {

namespace {

constexpr ImU32 outbound_color = IM_COL32(120, 190, 255, 255);
constexpr ImU32 return_color = IM_COL32(255, 175, 100, 255);
constexpr ImU32 encapsulated_color = IM_COL32(190, 160, 240, 255);
constexpr ImU32 drop_color = IM_COL32(240, 110, 110, 255);

// A small button with a symbol; its words are in the tooltip. Returns true when clicked.
bool control_button(AppState& state, const char* symbol, const char* id, Text tooltip, bool enabled) {
  char label[64];
  std::snprintf(label, sizeof label, "%s###%s", symbol, id);
  if (!enabled) ImGui::BeginDisabled();
  const bool clicked = ImGui::Button(label, ImVec2(0, 0));
  if (!enabled) ImGui::EndDisabled();
  publish_last_item(state, id, state.text(tooltip));
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", state.text(tooltip));
  return clicked && enabled;
}

void draw_controls(AppState& state, Intents& intents) {
  const Timeline& timeline = state.timeline;
  const bool any = !timeline.empty();
  const bool at_start = timeline.cursor == 0;
  const bool at_end = timeline.cursor + 1 >= timeline.events.size();
  if (control_button(state, "|◀", "timeline.first", Text::TimelineFirst, any && !at_start))
    intents.timeline = TimelineCommand::First;
  ImGui::SameLine(0, 4);
  if (control_button(state, "◀", "timeline.step-back", Text::TimelineStepBack, any && !at_start))
    intents.timeline = TimelineCommand::StepBack;
  ImGui::SameLine(0, 4);
  char play_label[64];
  std::snprintf(play_label, sizeof play_label, "%s %s###timeline.play", timeline.playing ? "‖" : "▶",
                state.text(timeline.playing ? Text::TimelinePause : Text::TimelinePlay));
  if (!any) ImGui::BeginDisabled();
  const bool play_clicked = ImGui::Button(play_label, ImVec2(ImGui::GetFontSize() * 6.5f, 0));
  if (!any) ImGui::EndDisabled();
  publish_last_item(state, "timeline.play", state.text(timeline.playing ? Text::TimelinePause : Text::TimelinePlay));
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", state.text(Text::TimelinePlayPause));
  if (play_clicked && any) intents.timeline = TimelineCommand::TogglePlay;
  ImGui::SameLine(0, 4);
  if (control_button(state, "▶", "timeline.step-forward", Text::TimelineStepForward, any && !at_end))
    intents.timeline = TimelineCommand::StepForward;
  ImGui::SameLine(0, 4);
  if (control_button(state, "▶|", "timeline.last", Text::TimelineLast, any && !at_end))
    intents.timeline = TimelineCommand::Last;

  // The speed goes on the same row when it fits, else under the buttons.
  const float speed_width = ImGui::CalcTextSize(state.text(Text::TimelineSpeed)).x + ImGui::GetFontSize() * 4.2f + 24;
  ImGui::SameLine(0, 14);
  if (ImGui::GetContentRegionAvail().x < speed_width) ImGui::NewLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(state.text(Text::TimelineSpeed));
  ImGui::SameLine();
  char current[16];
  std::snprintf(current, sizeof current, "%g×", static_cast<double>(timeline_speeds[timeline.speed]));
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4.2f);
  const bool open = ImGui::BeginCombo("###timeline.speed", current);
  publish_last_item(state, "timeline.speed", state.text(Text::TimelineSpeed));
  if (open) {
    for (size_t i = 0; i < timeline_speed_count; ++i) {
      char item[16];
      std::snprintf(item, sizeof item, "%g×", static_cast<double>(timeline_speeds[i]));
      if (ImGui::Selectable(item, i == timeline.speed)) {
        intents.timeline = TimelineCommand::SetSpeed;
        intents.timeline_argument = i;
      }
      publish_last_item(state, "timeline.speed.item", "", static_cast<int>(i));
    }
    ImGui::EndCombo();
  }
}

void draw_position(const AppState& state) {
  const Timeline& timeline = state.timeline;
  const TimelineEvent* event = timeline.current();
  if (!event) return;
  char position[96];
  std::snprintf(position, sizeof position, state.text(Text::TimelinePosition), static_cast<int>(timeline.cursor + 1),
                static_cast<int>(timeline.events.size()));
  ImGui::TextDisabled("%s  ·  %s ms  ·  %s", position, event->time_text.c_str(),
                      state.text(event->direction == Direction::Return ? Text::DirectionReturn : Text::DirectionOutbound));
}

void draw_event_list(AppState& state, Intents& intents) {
  const Timeline& timeline = state.timeline;
  const std::vector<Trace>& traces = state.session.last_traces();
  constexpr ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                    ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_Resizable;
  const float row_height = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2;
  // The keys' hint under the list only when the list still shows a handful of rows.
  const bool hint = ImGui::GetContentRegionAvail().y > row_height * 8;
  state.timeline_keys_hint = hint;
  const float list_height = ImGui::GetContentRegionAvail().y - (hint ? ImGui::GetTextLineHeightWithSpacing() : 0);
  if (!ImGui::BeginTable("###timeline.events", 5, flags, ImVec2(0, list_height))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("000").x);
  ImGui::TableSetupColumn(state.text(Text::ColumnTime));
  ImGui::TableSetupColumn(state.text(Text::ColumnNode));
  ImGui::TableSetupColumn(state.text(Text::ColumnWhere));
  ImGui::TableSetupColumn(state.text(Text::ColumnWhat), ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();

  // Keep the cursor's row in view when it moves (playing, stepping, a shortcut).
  if (state.timeline_list_cursor != timeline.cursor || state.timeline_list_revision != timeline.traffic_revision) {
    state.timeline_list_cursor = timeline.cursor;
    state.timeline_list_revision = timeline.traffic_revision;
    const float top = static_cast<float>(timeline.cursor) * row_height;
    const float visible = ImGui::GetWindowHeight() - row_height * 2;
    const float scroll = ImGui::GetScrollY();
    if (top < scroll || top > scroll + visible - row_height) ImGui::SetScrollY(std::max(0.0f, top - visible * 0.4f));
  }

  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(timeline.events.size()), row_height);
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const TimelineEvent& event = timeline.events[static_cast<size_t>(row)];
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      char number[16];
      std::snprintf(number, sizeof number, "%d###ev%d", row + 1, row);
      const bool selected = static_cast<size_t>(row) == timeline.cursor;
      if (ImGui::Selectable(number, selected, ImGuiSelectableFlags_SpanAllColumns)) {
        intents.timeline = TimelineCommand::JumpTo;
        intents.timeline_argument = static_cast<size_t>(row);
      }
      publish_last_item(state, "timeline.event", "", row);
      ImGui::TableSetColumnIndex(1);
      ImGui::TextUnformatted(event.time_text.c_str());
      ImGui::TableSetColumnIndex(2);
      ImGui::TextUnformatted(event.node.c_str());
      ImGui::TableSetColumnIndex(3);
      ImGui::TextUnformatted(event.where.c_str());
      ImGui::TableSetColumnIndex(4);
      const ImU32 color = event.action == HopAction::Drop ? drop_color
                          : event.encapsulated           ? encapsulated_color
                          : event.direction == Direction::Return ? return_color
                                                                 : outbound_color;
      ImGui::PushStyleColor(ImGuiCol_Text, color);
      ImGui::Text("%s %s", event.direction == Direction::Return ? "←" : "→", state.text(hop_action_text(event.action)));
      ImGui::PopStyleColor();
      const Hop* hop = event.trace < traces.size() && event.hop < traces[event.trace].hops.size()
                           ? &traces[event.trace].hops[event.hop]
                           : nullptr;
      if (hop && !hop->detail.empty()) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", hop->detail.c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", hop->detail.c_str());
      }
    }
  }
  ImGui::EndTable();
  publish_last_item(state, "timeline.list", "");  // the whole table, header included
}

}  // namespace

void draw_timeline_panel(AppState& state, Intents& intents) {
  if (!state.panels.timeline) return;
  if (!begin_side_window(state, state.layout.timeline, Text::TimelineTitle, "timeline")) {
    ImGui::End();
    return;
  }
  draw_controls(state, intents);
  if (state.timeline.empty()) {
    ImGui::Spacing();
    ImGui::TextWrapped("%s", state.text(Text::TimelineEmpty));
  } else {
    draw_position(state);
    draw_event_list(state, intents);
  }
  if (state.timeline.empty() || state.timeline_keys_hint) ImGui::TextDisabled("%s", state.text(Text::TimelineKeys));
  ImGui::End();
}

}  // namespace podlab::web
