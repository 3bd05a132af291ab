// The welcome card over the canvas on a first visit (web/app/welcome.h): what Podlab is, and the
// three ways in as buttons. Help > Welcome shows it again.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "web/ui/panels.h"

namespace podlab::web {

namespace {

// A button as wide as its label needs, on the current row when it fits, else on the next.
bool flowing_button(AppState& state, Text label, const char* id, bool first) {
  char buffer[160];
  std::snprintf(buffer, sizeof buffer, "%s###%s", state.text(label), id);
  const ImGuiStyle& style = ImGui::GetStyle();
  const float width = ImGui::CalcTextSize(state.text(label)).x + style.FramePadding.x * 2;
  if (!first) {
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
  }
  const bool clicked = ImGui::Button(buffer);
  publish_last_item(state, id, state.text(label));
  return clicked;
}

}  // namespace

void draw_welcome_card(AppState& state, Intents& intents) {
  if (!state.welcome.open) return;
  const Rect& canvas = state.layout.topology;
  const float width = std::min(600.0f, std::max(canvas.width() - 48.0f, 280.0f));
  ImGui::SetNextWindowPos(ImVec2((canvas.min.x + canvas.max.x) * 0.5f, (canvas.min.y + canvas.max.y) * 0.5f), ImGuiCond_Always,
                          ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(width, 0), ImGuiCond_Always);
  char title[96];
  std::snprintf(title, sizeof title, "%s###welcome", state.text(Text::WelcomeTitle));
  bool open = true;
  constexpr ImGuiWindowFlags flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize;
  if (ImGui::Begin(title, &open, flags)) {
    const ImVec2 at = ImGui::GetWindowPos();
    const ImVec2 size = ImGui::GetWindowSize();
    state.widgets.push_back(WidgetRecord{"welcome.window", state.text(Text::WelcomeTitle), Rect{{at.x, at.y}, {at.x + size.x, at.y + size.y}}});
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(state.text(Text::WelcomeBody));
    ImGui::PopTextWrapPos();
    publish_last_item(state, "welcome.body", state.text(Text::WelcomeBody));
    ImGui::Spacing();
    if (flowing_button(state, Text::WelcomeStartLesson, "welcome.lesson", true)) intents.welcome = WelcomeChoice::StartLesson;
    if (flowing_button(state, Text::WelcomeOpenExercise, "welcome.exercise", false)) intents.welcome = WelcomeChoice::OpenExercise;
    if (flowing_button(state, Text::WelcomeBuildLab, "welcome.build", false)) intents.welcome = WelcomeChoice::BuildLab;
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextDisabled("%s", state.text(Text::WelcomeLater));
    ImGui::SameLine();
    const float close_width = ImGui::CalcTextSize(state.text(Text::WelcomeClose)).x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - close_width));
    if (labelled_button(state, Text::WelcomeClose, "welcome.close")) intents.welcome = WelcomeChoice::Close;
  }
  ImGui::End();
  if (!open) intents.welcome = WelcomeChoice::Close;
}

}  // namespace podlab::web
