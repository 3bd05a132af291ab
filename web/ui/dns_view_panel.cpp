// The DNS view: a window docked at the bottom of the side column for the last lookup. The lookup's
// console line, the resolv.conf where it ran (with what ndots means for this name), then each query
// the resolver sent in order with its answer or NXDOMAIN and the CoreDNS pod that answered.
// Clicking a query moves the timeline to that query's packet while the timeline still shows it.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "web/ui/panels.h"

namespace podlab::web {

namespace {

constexpr ImU32 command_color = IM_COL32(120, 180, 250, 255);
constexpr ImU32 hint_color = IM_COL32(150, 165, 190, 255);
constexpr ImU32 nxdomain_color = IM_COL32(240, 150, 90, 255);
constexpr ImU32 noerror_color = IM_COL32(130, 220, 140, 255);
constexpr ImU32 timeout_color = IM_COL32(240, 130, 120, 255);

void mono_command(const std::string& command) {
  ImGui::PushFont(monospace_font());
  ImGui::PushStyleColor(ImGuiCol_Text, command_color);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::Text("$ %s", command.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
  ImGui::PopFont();
}

void hint(const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, hint_color);
  ImGui::TextWrapped("%s", text);
  ImGui::PopStyleColor();
}

void draw_resolv_conf(AppState& state, const DnsView& view) {
  if (view.resolv_conf_command.empty()) return;
  mono_command(view.resolv_conf_command);
  ImGui::PushFont(monospace_font());
  ImGui::Indent(12);
  ImGui::TextUnformatted(view.resolv_conf.c_str(), view.resolv_conf.c_str() + view.resolv_conf.size());
  ImGui::Unindent(12);
  ImGui::PopFont();
  char line[256];
  std::snprintf(line, sizeof line, state.text(Text::DnsViewNdots), view.ndots);
  hint(line);
}

// One row per query: its number, the name and type asked with the answer records and the CoreDNS
// pod that answered under them, and the rcode.
void draw_queries(AppState& state, const DnsView& view, Intents& intents) {
  ImGui::TextUnformatted(state.text(Text::DnsViewQueries));
  constexpr ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg;
  if (!ImGui::BeginTable("###dns.queries", 3, flags)) return;
  ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 1.5f);
  ImGui::TableSetupColumn("query", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn("rcode", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 5.5f);
  char label[64];
  for (size_t i = 0; i < view.queries.size(); ++i) {
    const DnsQueryRow& row = view.queries[i];
    const size_t event = dns_query_event(view, state.timeline, state.session, i);
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    std::snprintf(label, sizeof label, "%zu###dns.query.%zu", i + 1, i);
    const bool selected = event != SIZE_MAX && state.timeline.cursor == event;
    if (ImGui::Selectable(label, selected, ImGuiSelectableFlags_SpanAllColumns) && event != SIZE_MAX) {
      intents.timeline = TimelineCommand::JumpTo;
      intents.timeline_argument = event;
    }
    publish_last_item(state, "dns.query", row.name.c_str(), static_cast<int>(i));
    ImGui::TableSetColumnIndex(1);
    ImGui::PushFont(monospace_font());
    ImGui::PushTextWrapPos(0.0f);
    ImGui::Text("%s  %s", row.name.c_str(), row.type.c_str());
    for (const std::string& answer : row.answers) ImGui::TextDisabled("  %s", answer.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    if (!row.answered_by.empty()) ImGui::TextDisabled("  %s %s", state.text(Text::DnsViewAnsweredBy), row.answered_by.c_str());
    ImGui::TableSetColumnIndex(2);
    const bool timed_out = row.rcode.empty();
    ImGui::PushStyleColor(ImGuiCol_Text, timed_out ? timeout_color : row.rcode == "NOERROR" ? noerror_color : nxdomain_color);
    ImGui::TextWrapped("%s", timed_out ? state.text(Text::DnsViewNoReply) : row.rcode.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::EndTable();
}

}  // namespace

void draw_dns_view_panel(AppState& state, Intents& intents) {
  const DnsView& view = state.dns_view;
  if (!view.visible) return;
  const Rect& area = state.layout.dns;  // web/app/panel_layout.h
  ImGui::SetNextWindowPos(ImVec2(area.min.x, area.min.y));
  ImGui::SetNextWindowSize(ImVec2(area.width(), area.height()));
  char title[96];
  std::snprintf(title, sizeof title, "%s###dns", state.text(Text::DnsViewTitle));
  bool open = true;
  constexpr ImGuiWindowFlags flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoNavInputs |
                                     ImGuiWindowFlags_NoBringToFrontOnFocus;
  const bool shown = ImGui::Begin(title, &open, flags);
  const ImVec2 position = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
  state.widgets.push_back(WidgetRecord{"dns.window", "", Rect{{position.x, position.y}, {position.x + size.x, position.y + size.y}}});
  if (shown && !view.present) {
    ImGui::TextWrapped("%s", state.text(Text::DnsViewEmpty));
  } else if (shown) {
    mono_command(view.command);
    draw_resolv_conf(state, view);
    ImGui::Separator();
    draw_queries(state, view, intents);
    if (!view.outcome.empty()) ImGui::Text("%s %s", state.text(Text::DnsViewResult), view.outcome.c_str());
    const bool in_timeline = dns_query_event(view, state.timeline, state.session, 0) != SIZE_MAX;
    hint(state.text(in_timeline ? Text::DnsViewJumpHint : Text::DnsViewOtherTraffic));
  }
  ImGui::End();
  if (!open) intents.toggle_dns_view = true;
}

}  // namespace podlab::web
