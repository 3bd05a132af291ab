// The console: the lab's command line at the bottom of the window. Shows every line run (typed
// here or sent by a lesson or the JavaScript API) with its output in the monospace font, and takes
// the next line; Up and Down walk the history, Tab completes.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "web/app/console_completion.h"
#include "web/ui/panels.h"

namespace podlab::web {

namespace {

constexpr ImU32 prompt_color = IM_COL32(120, 180, 250, 255);
constexpr ImU32 error_color = IM_COL32(240, 130, 120, 255);

// Up and Down walk the history; Tab completes the word before the cursor (web/app/console_completion.h)
// and lists the candidates when several fit; typing clears that list.
int input_callback(ImGuiInputTextCallbackData* data) {
  auto* state = static_cast<AppState*>(data->UserData);
  if (data->EventFlag == ImGuiInputTextFlags_CallbackHistory) {
    const std::string& line = data->EventKey == ImGuiKey_UpArrow ? state->console.older() : state->console.newer();
    data->DeleteChars(0, data->BufTextLen);
    data->InsertChars(0, line.c_str());
    state->console_candidates.clear();
  } else if (data->EventFlag == ImGuiInputTextFlags_CallbackCompletion) {
    const std::string before(data->Buf, static_cast<size_t>(data->CursorPos));
    const Completion completion = complete_console_line(state->session.world(), before);
    if (completion.text != before) {
      data->DeleteChars(0, data->CursorPos);
      data->InsertChars(0, completion.text.c_str());
    }
    state->console_candidates = candidates_line(completion.candidates);
  } else if (data->EventFlag == ImGuiInputTextFlags_CallbackEdit) {
    state->console_candidates.clear();
  } else if (data->EventFlag == ImGuiInputTextFlags_CallbackAlways && state->console_select &&
             static_cast<size_t>(data->BufTextLen) == std::strlen(state->console_input.data())) {
    // A line just put here by a click: select the value the learner picks, or go to its end.
    const InputSelection selection = *state->console_select;
    data->SelectionStart = static_cast<int>(selection.start);
    data->SelectionEnd = data->CursorPos = static_cast<int>(selection.end);
    state->console_select.reset();
  }
  return 0;
}

}  // namespace

void draw_console_panel(AppState& state, Intents& intents) {
  const Rect& area = state.layout.console;  // web/app/panel_layout.h
  ImGui::SetNextWindowPos(ImVec2(area.min.x, area.min.y));
  ImGui::SetNextWindowSize(ImVec2(area.width(), area.height()));
  char title[64];
  std::snprintf(title, sizeof title, "%s###console", state.text(Text::ConsoleTitle));
  constexpr ImGuiWindowFlags flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  if (!ImGui::Begin(title, nullptr, flags)) {
    ImGui::End();
    return;
  }
  const float input_height = ImGui::GetFrameHeightWithSpacing() * (state.console_candidates.empty() ? 1.0f : 2.0f) + 4;
  ImGui::BeginChild("###console.scroll", ImVec2(0, -input_height), false, ImGuiWindowFlags_HorizontalScrollbar);
  ImGui::PushFont(monospace_font());
  if (state.console.entries().empty()) ImGui::TextDisabled("%s", state.text(Text::ConsoleWelcome));
  for (const ConsoleEntry& entry : state.console.entries()) {
    ImGui::PushStyleColor(ImGuiCol_Text, prompt_color);
    ImGui::TextUnformatted("$ ");
    ImGui::SameLine(0, 0);
    const char* first_line_end = std::strchr(entry.command.c_str(), '\n');
    ImGui::TextUnformatted(entry.command.c_str(), first_line_end ? first_line_end : nullptr);
    ImGui::PopStyleColor();
    if (first_line_end)  // a here-document: the input the command was given, as the shell echoes it
      ImGui::TextUnformatted(first_line_end + 1, entry.command.c_str() + entry.command.size());
    if (!entry.output.empty()) {
      if (!entry.ok) ImGui::PushStyleColor(ImGuiCol_Text, error_color);
      ImGui::TextUnformatted(entry.output.c_str(), entry.output.c_str() + entry.output.size());
      if (!entry.ok) ImGui::PopStyleColor();
    }
  }
  ImGui::PopFont();
  if (state.console_seen_revision != state.console.revision()) {
    ImGui::SetScrollHereY(1.0f);
    state.console_seen_revision = state.console.revision();
  }
  ImGui::EndChild();

  ImGui::PushFont(monospace_font());
  if (!state.console_candidates.empty()) {
    ImGui::TextDisabled("%s", state.console_candidates.c_str());
    publish_last_item(state, "console.candidates", state.console_candidates.c_str());
  }
  ImGui::SetNextItemWidth(-1);
  constexpr ImGuiInputTextFlags input_flags = ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CallbackHistory |
                                              ImGuiInputTextFlags_CallbackCompletion | ImGuiInputTextFlags_CallbackEdit |
                                              ImGuiInputTextFlags_CallbackAlways;
  if (state.frame == 0 || state.console_input_focus) ImGui::SetKeyboardFocusHere();
  state.console_input_focus = false;
  const bool submitted = ImGui::InputTextWithHint("###console.input", state.text(Text::ConsoleHint), state.console_input.data(),
                                                  state.console_input.size(), input_flags, input_callback, &state);
  publish_last_item(state, "console.input", "");
  ImGui::PopFont();
  if (submitted) {
    intents.console_line = state.console_input.data();
    intents.console_line_confirmed = true;  // typed: a line that starts a new lab runs, the old lab is kept
    state.console_input[0] = '\0';
    state.console_candidates.clear();
    ImGui::SetKeyboardFocusHere(-1);  // keep typing
  }
  ImGui::End();
}

}  // namespace podlab::web
