// The main menu bar: File (save, open, share the lab), Lab, View (grid, the side column's panels,
// the YAML panel), Language and Help.
#include <imgui.h>

#include <cstdio>
#include <string>

#include "core/lab/catalog.h"
#include "web/ui/panels.h"

namespace podlab::web {

namespace {

// Help > Lessons: every lesson by its number; a click starts it and opens the lessons panel.
void draw_help_lessons(AppState& state, Intents& intents) {
  if (!labelled_menu(state, Text::MenuHelpLessons, "menu.help.lessons")) return;
  const lab::Catalog& catalog = state.session.catalog();
  for (size_t i = 0; i < catalog.lessons.size(); ++i) {
    const lab::Lesson& lesson = catalog.lessons[i];
    const std::string label = numbered_title({.id = lesson.id, .title = lesson.title}, lab_language(state.language)) + "###" + lesson.id;
    if (ImGui::MenuItem(label.c_str())) {
      intents.console_line = "lab lesson start " + lesson.id;
      if (!state.panels.lessons) intents.toggle_lessons = true;
    }
    publish_last_item(state, "menu.help.lesson", lesson.id.c_str(), static_cast<int>(i));
  }
  ImGui::EndMenu();
}

}  // namespace

void draw_menu_bar(AppState& state, Intents& intents) {
  if (!ImGui::BeginMainMenuBar()) return;

  if (labelled_menu(state, Text::MenuFile, "menu.file")) {
    if (labelled_menu_item(state, Text::MenuFileSave, "menu.file.save")) intents.save_lab = true;
    if (labelled_menu_item(state, Text::MenuFileOpen, "menu.file.open")) intents.open_lab = true;
    if (labelled_menu_item(state, Text::MenuFileShare, "menu.file.share")) intents.copy_share_link = true;
    ImGui::Separator();
    draw_recent_labs_menu(state, intents);
    ImGui::EndMenu();
  }
  if (labelled_menu(state, Text::MenuLab, "menu.lab")) {
    if (labelled_menu_item(state, Text::MenuLabFitView, "menu.lab.fit")) intents.fit_view = true;
    if (labelled_menu_item(state, Text::MenuLabResetView, "menu.lab.reset-view")) intents.reset_view = true;
    ImGui::EndMenu();
  }
  if (labelled_menu(state, Text::MenuView, "menu.view")) {
    if (labelled_menu_item(state, Text::MenuViewGrid, "menu.view.grid", state.show_grid)) intents.toggle_grid = true;
    if (labelled_menu_item(state, Text::MenuViewCollapseKubeSystem, "menu.view.collapse-kube-system",
                  state.topology_options.collapse_kube_system))
      intents.toggle_kube_system = true;
    ImGui::Separator();
    if (labelled_menu_item(state, Text::MenuViewSendTraffic, "menu.view.send-traffic", state.panels.send_traffic))
      intents.toggle_send_traffic = true;
    if (labelled_menu_item(state, Text::MenuViewTimeline, "menu.view.timeline", state.panels.timeline)) intents.toggle_timeline = true;
    if (labelled_menu_item(state, Text::MenuViewInspector, "menu.view.inspector", state.panels.inspector))
      intents.toggle_inspector = true;
    if (labelled_menu_item(state, Text::MenuViewYaml, "menu.view.yaml", state.yaml.open)) state.yaml.open = !state.yaml.open;
    if (labelled_menu_item(state, Text::MenuViewDnsView, "menu.view.dns", state.dns_view.visible)) intents.toggle_dns_view = true;
    if (labelled_menu_item(state, Text::MenuViewLessons, "menu.view.lessons", state.panels.lessons)) intents.toggle_lessons = true;
    ImGui::EndMenu();
  }
  if (labelled_menu(state, Text::MenuLanguage, "menu.language")) {
    if (labelled_menu_item(state, Text::LanguageEnglish, "menu.language.en", state.language == Language::English)) {
      intents.set_language = true;
      intents.language = Language::English;
    }
    if (labelled_menu_item(state, Text::LanguageVietnamese, "menu.language.vi", state.language == Language::Vietnamese)) {
      intents.set_language = true;
      intents.language = Language::Vietnamese;
    }
    ImGui::EndMenu();
  }
  if (labelled_menu(state, Text::MenuHelp, "menu.help")) {
    if (labelled_menu_item(state, Text::MenuHelpWelcome, "menu.help.welcome")) intents.open_welcome = true;
    draw_help_lessons(state, intents);
    ImGui::Separator();
    if (labelled_menu_item(state, Text::MenuHelpAbout, "menu.help.about")) intents.open_about = true;
    ImGui::EndMenu();
  }
  draw_build_toolbar(state, intents);
  ImGui::EndMainMenuBar();
}

}  // namespace podlab::web
