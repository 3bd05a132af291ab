// The timeline: the time controls (first, step back, play/pause, step forward, last, speed), a
// filter, buttons to the moments that matter (DNAT, encapsulation, decapsulation, delivery, a drop),
// over the list of every hop of the last traffic command in time order, grouped by packet under its
// tcpdump line (a click on it folds the packet). Clicking a row jumps there; the list follows the
// cursor while it plays. Rows come from the prepared TimelineList (web/app/timeline.h).
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
constexpr ImU32 selected_row_color = IM_COL32(52, 86, 140, 255);
constexpr ImU32 highlight_text_color = IM_COL32(250, 210, 90, 255);

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

// The text filter and the kind of hop; either narrows the list (web/app/timeline.h).
void draw_filter(AppState& state) {
  TimelineList& list = state.timeline_list;
  const float combo_width = ImGui::GetFontSize() * 8.5f;
  ImGui::SetNextItemWidth(std::max(ImGui::GetFontSize() * 6.0f, ImGui::GetContentRegionAvail().x - combo_width - 6));
  if (ImGui::InputTextWithHint("###timeline.filter", state.text(Text::TimelineFilterHint), list.filter.text.data(),
                               list.filter.text.size()))
    list.dirty = true;
  publish_last_item(state, "timeline.filter", state.text(Text::TimelineFilterHint));
  ImGui::SameLine(0, 6);
  ImGui::SetNextItemWidth(-1);
  const char* preview = list.filter.action < 0 ? state.text(Text::TimelineAllActions)
                                               : state.text(hop_action_text(static_cast<HopAction>(list.filter.action)));
  const bool open = ImGui::BeginCombo("###timeline.action", preview, ImGuiComboFlags_HeightLarge);
  publish_last_item(state, "timeline.action", preview);
  if (!open) return;
  for (int action = -1; action <= static_cast<int>(HopAction::Drop); ++action) {
    const char* label = action < 0 ? state.text(Text::TimelineAllActions) : state.text(hop_action_text(static_cast<HopAction>(action)));
    ImGui::PushID(action);
    if (ImGui::Selectable(label, action == list.filter.action)) {
      list.filter.action = action;
      list.dirty = true;
    }
    publish_last_item(state, "timeline.action.item", label, action + 1);
    ImGui::PopID();
  }
  ImGui::EndCombo();
}

// One button per moment that matters, each to the next such hop after the cursor (round to the start).
void draw_jumps(AppState& state, Intents& intents) {
  const Timeline& timeline = state.timeline;
  static constexpr const char* ids[] = {"timeline.jump.dnat", "timeline.jump.encapsulate", "timeline.jump.decapsulate",
                                        "timeline.jump.deliver", "timeline.jump.drop"};
  for (size_t i = 0; i < std::size(moments); ++i) {
    const Moment moment = moments[i];
    const char* word = moment == Moment::Dnat          ? "DNAT"
                       : moment == Moment::Encapsulate ? state.text(Text::ActionEncapsulate)
                       : moment == Moment::Decapsulate ? state.text(Text::ActionDecapsulate)
                       : moment == Moment::Deliver     ? state.text(Text::ActionDeliver)
                                                       : state.text(Text::ActionDrop);
    char label[96];
    std::snprintf(label, sizeof label, "%s ›###%s", word, ids[i]);
    const size_t next = next_moment(timeline, moment, timeline.cursor);
    const float width = ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
    if (i > 0) {
      ImGui::SameLine(0, 4);
      if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
    }
    if (next == SIZE_MAX) ImGui::BeginDisabled();
    if (ImGui::SmallButton(label) && next != SIZE_MAX) {
      intents.timeline = TimelineCommand::JumpTo;
      intents.timeline_argument = next;
    }
    if (next == SIZE_MAX) ImGui::EndDisabled();
    publish_last_item(state, ids[i], word);
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      ImGui::SetTooltip(state.text(next == SIZE_MAX ? Text::TimelineJumpNone : Text::TimelineJumpNext), word);
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
  if (state.timeline_list.filter.active()) {
    char matches[96];
    std::snprintf(matches, sizeof matches, state.text(Text::TimelineMatches), static_cast<int>(state.timeline_list.matches),
                  static_cast<int>(timeline.events.size()));
    ImGui::SameLine();
    ImGui::TextColored(ImColor(highlight_text_color), "·  %s", matches);
  }
}

const char* action_word(HopAction action, const void* context) {
  return static_cast<const AppState*>(context)->text(hop_action_text(action));
}

ImU32 event_color(const TimelineEvent& event) {
  return event.action == HopAction::Drop             ? drop_color
         : event.encapsulated                        ? encapsulated_color
         : event.direction == Direction::Return      ? return_color
                                                     : outbound_color;
}

// A packet's header: folded or not, its tcpdump line (wrapped), how many hops it has. A click folds it.
void draw_group_header(AppState& state, size_t index) {
  const TimelineGroup& group = state.timeline.groups[index];
  const bool folded = state.timeline_list.folded[index] != 0;
  char hops[48];
  std::snprintf(hops, sizeof hops, state.text(Text::TimelineGroupHops), static_cast<int>(group.count));
  const ImVec2 start = ImGui::GetCursorPos();
  const float arrow = ImGui::GetFontSize() * 1.3f;
  const float wrap = std::max(40.0f, ImGui::GetContentRegionAvail().x - arrow);
  ImGui::PushFont(monospace_font());
  const float text_height = ImGui::CalcTextSize(group.label.c_str(), nullptr, false, wrap).y;
  ImGui::PopFont();
  const float height = text_height + ImGui::GetTextLineHeight();
  char id[48];
  std::snprintf(id, sizeof id, "###timeline.group.%zu", index);
  ImGui::PushStyleColor(ImGuiCol_Header, IM_COL32(44, 52, 68, 255));
  if (ImGui::Selectable(id, true, ImGuiSelectableFlags_AllowItemOverlap, ImVec2(0, height))) toggle_fold(state.timeline_list, index);
  ImGui::PopStyleColor();
  publish_last_item(state, "timeline.group", group.label.c_str(), static_cast<int>(index));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", state.text(Text::TimelineFoldHint));
  const ImVec2 end = ImGui::GetCursorPos();
  ImGui::SetCursorPos(start);
  ImGui::TextUnformatted(folded ? "▸" : "▾");
  ImGui::SameLine(arrow);
  ImGui::PushFont(monospace_font());
  ImGui::PushStyleColor(ImGuiCol_Text, group.direction == Direction::Return ? return_color : outbound_color);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap);
  ImGui::TextUnformatted(group.label.c_str(), group.label.c_str() + group.label.size());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
  ImGui::PopFont();
  ImGui::SetCursorPosX(start.x + arrow);
  ImGui::TextDisabled("%s", hops);
  ImGui::SetCursorPos(end);
}

// One hop: its number, time, node and device, and what happened with the rule or route that
// decided, wrapped so it reads whole. The row is one selectable as tall as its text; the cursor's
// row is lit and marked.
void draw_event_row(AppState& state, Intents& intents, size_t index) {
  const Timeline& timeline = state.timeline;
  const TimelineEvent& event = timeline.events[index];
  const std::vector<Trace>& traces = state.session.last_traces();
  const Hop* hop = event.trace < traces.size() && event.hop < traces[event.trace].hops.size()
                       ? &traces[event.trace].hops[event.hop]
                       : nullptr;
  const bool selected = index == timeline.cursor;
  ImGui::TableNextRow();
  if (selected) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, selected_row_color);
  // The wrapped cells first, to know the row's height.
  ImGui::TableSetColumnIndex(3);
  const float top = ImGui::GetCursorPosY();
  ImGui::PushTextWrapPos(0.0f);
  ImGui::PushStyleColor(ImGuiCol_Text, event_color(event));
  ImGui::Text("%s %s", event.direction == Direction::Return ? "←" : "→", state.text(hop_action_text(event.action)));
  ImGui::PopStyleColor();
  if (hop && !hop->detail.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, selected ? IM_COL32(225, 230, 240, 255) : IM_COL32(160, 168, 184, 255));
    ImGui::TextUnformatted(hop->detail.c_str(), hop->detail.c_str() + hop->detail.size());
    ImGui::PopStyleColor();
  }
  ImGui::PopTextWrapPos();
  float height = ImGui::GetCursorPosY() - top;
  ImGui::TableSetColumnIndex(2);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::Text("%s  %s", event.node.c_str(), event.where.c_str());
  ImGui::PopTextWrapPos();
  height = std::max(height, ImGui::GetCursorPosY() - top) - ImGui::GetStyle().ItemSpacing.y;
  ImGui::TableSetColumnIndex(1);
  ImGui::TextUnformatted(event.time_text.c_str());
  ImGui::TableSetColumnIndex(0);
  char number[24];
  std::snprintf(number, sizeof number, "%zu###ev%zu", index + 1, index);
  ImGui::PushStyleColor(ImGuiCol_Header, selected_row_color);
  if (ImGui::Selectable(number, selected, ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap,
                        ImVec2(0, height))) {
    intents.timeline = TimelineCommand::JumpTo;
    intents.timeline_argument = index;
  }
  ImGui::PopStyleColor();
  publish_last_item(state, "timeline.event", "", static_cast<int>(index));
  // Keep the cursor's row in view when it moves (playing, stepping, a jump, a shortcut).
  if (selected && state.timeline_list_cursor != timeline.cursor) {
    state.timeline_list_cursor = timeline.cursor;
    const float view_top = ImGui::GetWindowPos().y, view_bottom = view_top + ImGui::GetWindowHeight();
    if (ImGui::GetItemRectMin().y < view_top || ImGui::GetItemRectMax().y > view_bottom) ImGui::SetScrollHereY(0.4f);
  }
}

bool begin_event_table(const char* id, float where_width) {
  constexpr ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable(id, 4, flags)) return false;
  ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("000").x);
  ImGui::TableSetupColumn("ms", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("00.000").x);
  ImGui::TableSetupColumn("where", ImGuiTableColumnFlags_WidthFixed, where_width);
  ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthStretch);
  return true;
}

void draw_event_list(AppState& state, Intents& intents) {
  const Timeline& timeline = state.timeline;
  TimelineList& list = state.timeline_list;
  const ImGuiStyle& style = ImGui::GetStyle();
  const float where_width = std::clamp(ImGui::GetContentRegionAvail().x * 0.3f, ImGui::GetFontSize() * 6.0f, ImGui::GetFontSize() * 10.0f);
  // The columns' names over the list, which scrolls under them.
  if (begin_event_table("###timeline.columns", where_width)) {
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    const char* names[] = {"#", state.text(Text::ColumnTime), state.text(Text::ColumnWhere), state.text(Text::ColumnWhat)};
    for (int column = 0; column < 4; ++column) {
      ImGui::TableSetColumnIndex(column);
      ImGui::TableHeader(names[column]);
    }
    ImGui::EndTable();
  }
  const float row_height = ImGui::GetTextLineHeight() + style.CellPadding.y * 2;
  // The keys' hint under the list only when the list still shows a handful of rows.
  const bool hint = ImGui::GetContentRegionAvail().y > row_height * 8;
  state.timeline_keys_hint = hint;
  const float list_height = ImGui::GetContentRegionAvail().y - (hint ? ImGui::GetTextLineHeightWithSpacing() : 0);
  if (state.timeline_list_revision != timeline.traffic_revision) {  // new traffic: the list starts at its top
    state.timeline_list_revision = timeline.traffic_revision;
    state.timeline_list_cursor = SIZE_MAX;
  }
  ImGui::BeginChild("###timeline.rows", ImVec2(0, list_height), false);
  if (list.rows.empty()) ImGui::TextDisabled("%s", state.text(Text::TimelineNoMatch));
  bool in_table = false;
  for (const TimelineRow& row : list.rows) {
    if (row.header) {
      if (in_table) ImGui::EndTable();
      in_table = false;
      draw_group_header(state, row.index);
      continue;
    }
    if (!in_table) in_table = begin_event_table("###timeline.events", where_width);
    if (in_table) draw_event_row(state, intents, row.index);
  }
  if (in_table) ImGui::EndTable();
  ImGui::EndChild();
  publish_last_item(state, "timeline.list", "");  // the scrolled rows
}

}  // namespace

void draw_timeline_panel(AppState& state, Intents& intents) {
  if (!state.panels.timeline) return;
  if (!begin_side_window(state, state.layout.timeline, Text::TimelineTitle, "timeline")) {
    ImGui::End();
    return;
  }
  draw_controls(state, intents);
  refresh_timeline_list(state.timeline_list, state.timeline, state.session, action_word, &state);
  if (!state.timeline.empty()) {
    draw_filter(state);
    draw_jumps(state, intents);
  }
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
