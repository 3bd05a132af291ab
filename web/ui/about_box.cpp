// Help > About: what Podlab is, its version, and the open-source work it is built with.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "core/base/version.h"
#include "web/ui/panels.h"

namespace podlab::web {

namespace {

struct Credit {
  const char* name;
  const char* license;
};

constexpr Credit credits[] = {
    {"Dear ImGui 1.86", "MIT"},      {"SDL 2.26", "zlib"},          {"libyaml 0.2.5", "MIT"},
    {"JSON for Modern C++", "MIT"},  {"DejaVu Sans", "Bitstream Vera / Public Domain"},
    {"Emscripten", "MIT / UIUC"},
};

}  // namespace

void draw_about_box(AppState& state, Intents& intents) {
  char title[96];
  std::snprintf(title, sizeof title, "%s###about", state.text(Text::AboutTitle));
  if (state.about_open && !ImGui::IsPopupOpen("###about")) ImGui::OpenPopup(title);

  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  // Stays centred and inside the window when the window is resized.
  ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(520.0f, viewport->WorkSize.x - 24), 0), ImGuiCond_Always);
  bool keep_open = true;
  if (!ImGui::BeginPopupModal(title, &keep_open, ImGuiWindowFlags_NoSavedSettings)) {
    if (state.about_open) intents.close_about = true;
    return;
  }
  ImGui::Text("Podlab %s", version_string);
  ImGui::TextWrapped("%s", state.text(Text::AboutTagline));
  ImGui::Separator();
  ImGui::TextWrapped("%s", state.text(Text::AboutBody));
  ImGui::Spacing();
  ImGui::TextDisabled("%s", state.text(Text::AboutBuiltWith));
  for (const Credit& credit : credits) ImGui::BulletText("%s (%s)", credit.name, credit.license);
  ImGui::Spacing();
  char close_label[64];
  std::snprintf(close_label, sizeof close_label, "%s###about.close", state.text(Text::AboutClose));
  const bool close_clicked = ImGui::Button(close_label, ImVec2(120, 0));
  publish_last_item(state, "about.close", state.text(Text::AboutClose));
  if (close_clicked || !keep_open || ImGui::IsKeyPressed(ImGuiKey_Escape)) {
    intents.close_about = true;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace podlab::web
