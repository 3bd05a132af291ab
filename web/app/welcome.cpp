#include "web/app/welcome.h"

#include "core/lab/catalog.h"
#include "web/app/app_state.h"

namespace podlab::web {

void start_welcome(WelcomeCard& card, bool dismissed_before, bool opened_for_something) {
  card.dismissed = dismissed_before;
  card.open = !dismissed_before && !opened_for_something;
}

void show_welcome(WelcomeCard& card) { card.open = true; }

std::string first_lesson_id(const AppState& state) {
  const auto& lessons = state.session.catalog().lessons;
  return lessons.empty() ? std::string() : lessons.front().id;
}

std::string lesson_number(const std::string& id) {
  size_t digits = 0;
  while (digits < id.size() && id[digits] >= '0' && id[digits] <= '9') ++digits;
  return digits > 0 && digits < id.size() && id[digits] == '-' ? id.substr(0, digits) : std::string();
}

void choose_welcome(AppState& state, WelcomeChoice choice) {
  WelcomeCard& card = state.welcome;
  card.open = false;
  if (!card.dismissed) card.unsaved = true;
  card.dismissed = true;
  switch (choice) {
    case WelcomeChoice::Close: break;
    case WelcomeChoice::StartLesson: {
      const std::string lesson = first_lesson_id(state);
      state.panels.lessons = true;
      if (lesson.empty()) break;
      Intents intents;
      intents.console_line = "lab lesson start " + lesson;
      apply_intents(state, intents);
      break;
    }
    case WelcomeChoice::OpenExercise:
      state.panels.lessons = true;
      state.lessons.show_exercises = true;
      break;
    case WelcomeChoice::BuildLab: open_build_form(state.build, BuildForm::Cluster, state.session); break;
  }
}

}  // namespace podlab::web
