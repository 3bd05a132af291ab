// Keyboard shortcuts for the timeline: Space plays or pauses, Left and Right step, Home and End jump
// to the first and last hop. Only while no text field (the console, the form's address) has the
// keyboard and no menu or list is open, so typing a command never moves the timeline.
#include <imgui.h>

#include "web/ui/panels.h"

namespace podlab::web {

namespace {

bool pressed(ImGuiKey key, bool repeat) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key), repeat); }

}  // namespace

void handle_shortcuts(AppState& state, Intents& intents) {
  const ImGuiIO& io = ImGui::GetIO();
  state.text_input_active = io.WantTextInput;
  if (io.WantTextInput || io.KeyCtrl || io.KeyAlt || io.KeySuper) return;
  if (ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId)) return;
  if (pressed(ImGuiKey_Space, false)) intents.timeline = TimelineCommand::TogglePlay;
  else if (pressed(ImGuiKey_RightArrow, true)) intents.timeline = TimelineCommand::StepForward;
  else if (pressed(ImGuiKey_LeftArrow, true)) intents.timeline = TimelineCommand::StepBack;
  else if (pressed(ImGuiKey_Home, false)) intents.timeline = TimelineCommand::First;
  else if (pressed(ImGuiKey_End, false)) intents.timeline = TimelineCommand::Last;
}

}  // namespace podlab::web
