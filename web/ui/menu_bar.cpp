// The main menu bar: Lab, View (grid, and the side column's panels), Language and Help.
#include <imgui.h>

#include <cstdio>

#include "web/ui/panels.h"

namespace podlab::web {

namespace {

// A menu whose label changes with the language keeps one ImGui id ("###id"), so switching language
// does not close it or lose its state.
bool begin_menu(AppState& state, Text label, const char* id) {
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, "%s###%s", state.text(label), id);
  const bool open = ImGui::BeginMenu(buffer);
  publish_last_item(state, id, state.text(label));
  return open;
}

bool menu_item(AppState& state, Text label, const char* id, bool selected = false) {
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, "%s###%s", state.text(label), id);
  const bool clicked = ImGui::MenuItem(buffer, nullptr, selected);
  publish_last_item(state, id, state.text(label));
  return clicked;
}

}  // namespace

void draw_menu_bar(AppState& state, Intents& intents) {
  if (!ImGui::BeginMainMenuBar()) return;

  if (begin_menu(state, Text::MenuLab, "menu.lab")) {
    if (menu_item(state, Text::MenuLabFitView, "menu.lab.fit")) intents.fit_view = true;
    if (menu_item(state, Text::MenuLabResetView, "menu.lab.reset-view")) intents.reset_view = true;
    ImGui::EndMenu();
  }
  if (begin_menu(state, Text::MenuView, "menu.view")) {
    if (menu_item(state, Text::MenuViewGrid, "menu.view.grid", state.show_grid)) intents.toggle_grid = true;
    if (menu_item(state, Text::MenuViewCollapseKubeSystem, "menu.view.collapse-kube-system",
                  state.topology_options.collapse_kube_system))
      intents.toggle_kube_system = true;
    ImGui::Separator();
    if (menu_item(state, Text::MenuViewSendTraffic, "menu.view.send-traffic", state.panels.send_traffic))
      intents.toggle_send_traffic = true;
    if (menu_item(state, Text::MenuViewTimeline, "menu.view.timeline", state.panels.timeline)) intents.toggle_timeline = true;
    if (menu_item(state, Text::MenuViewInspector, "menu.view.inspector", state.panels.inspector))
      intents.toggle_inspector = true;
    if (menu_item(state, Text::MenuViewLessons, "menu.view.lessons", state.panels.lessons)) intents.toggle_lessons = true;
    ImGui::EndMenu();
  }
  if (begin_menu(state, Text::MenuLanguage, "menu.language")) {
    if (menu_item(state, Text::LanguageEnglish, "menu.language.en", state.language == Language::English)) {
      intents.set_language = true;
      intents.language = Language::English;
    }
    if (menu_item(state, Text::LanguageVietnamese, "menu.language.vi", state.language == Language::Vietnamese)) {
      intents.set_language = true;
      intents.language = Language::Vietnamese;
    }
    ImGui::EndMenu();
  }
  if (begin_menu(state, Text::MenuHelp, "menu.help")) {
    if (menu_item(state, Text::MenuHelpAbout, "menu.help.about")) intents.open_about = true;
    ImGui::EndMenu();
  }
  ImGui::EndMainMenuBar();
}

}  // namespace podlab::web
