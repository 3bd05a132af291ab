// Asking before another lab takes the learner's lab's place, and File > Recent labs, which reopens
// a lab that was replaced (web/app/lab_replacing.h).
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "web/ui/panels.h"

namespace podlab::web {

void draw_replace_prompt(AppState& state, Intents& intents) {
  char title[96];
  std::snprintf(title, sizeof title, "%s###replace", state.text(Text::ReplaceTitle));
  // One modal at a time: a notice about a lab that did not open comes first.
  const std::optional<std::string> question = state.keeping.notice ? std::nullopt : replace_question(state);
  if (question && !ImGui::IsPopupOpen("###replace")) ImGui::OpenPopup(title);
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(560.0f, viewport->WorkSize.x - 24), 0), ImGuiCond_Always);
  if (!ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove)) return;
  if (!question) {
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return;
  }
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(question->c_str());
  ImGui::PopTextWrapPos();
  static std::string shown;  // published widgets keep a pointer to their label until the next frame
  shown = *question;
  publish_last_item(state, "replace.question", shown.c_str());
  ImGui::Spacing();
  if (labelled_button(state, Text::ReplaceConfirm, "replace.confirm")) intents.replace_answer = true;
  ImGui::SameLine();
  if (labelled_button(state, Text::ReplaceCancel, "replace.cancel") || ImGui::IsKeyPressed(ImGuiKey_Escape)) intents.replace_answer = false;
  if (intents.replace_answer) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

void draw_recent_labs_menu(AppState& state, Intents& intents) {
  if (!labelled_menu(state, Text::MenuFileRecent, "menu.file.recent")) return;
  const auto& labs = state.replacing.recent.labs;
  if (labs.empty()) ImGui::TextDisabled("%s", state.text(Text::RecentLabsEmpty));
  for (size_t i = 0; i < labs.size(); ++i) {
    const std::string label = recent_lab_label(labs[i], state.replacing.utc_offset_minutes, state.language);
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::MenuItem(label.c_str())) intents.reopen_recent = labs[i].time_ms;
    ImGui::PopID();
    publish_last_item(state, "menu.file.recent.item", "", static_cast<int>(i));  // state().recentLabs names them
  }
  ImGui::EndMenu();
}

}  // namespace podlab::web
