// The welcome card: shown on a first visit only, and each of its buttons is a way into the lab.
#include <doctest/doctest.h>

#include "web/app/app_state.h"
#include "web/app/welcome.h"

using namespace podlab;
using namespace podlab::web;

TEST_CASE("the welcome card shows on a first visit, not once dismissed, nor on a page opened for an exercise") {
  WelcomeCard card;
  start_welcome(card, false, false);
  CHECK(card.open);
  start_welcome(card, true, false);
  CHECK_FALSE(card.open);
  start_welcome(card, false, true);
  CHECK_FALSE(card.open);
  show_welcome(card);  // Help > Welcome
  CHECK(card.open);
}

TEST_CASE("Start lesson 1 starts the first lesson and opens the lessons panel; the dismissal is kept once") {
  AppState state;
  start_welcome(state.welcome, false, false);
  state.panels.lessons = false;
  Intents intents;
  intents.welcome = WelcomeChoice::StartLesson;
  apply_intents(state, intents);
  CHECK_FALSE(state.welcome.open);
  CHECK(state.welcome.dismissed);
  CHECK(state.welcome.unsaved);  // for the platform to write down
  CHECK(state.panels.lessons);
  REQUIRE(state.session.lesson());
  CHECK(state.session.lesson()->lesson->id == "01-network-model");
  CHECK(state.console.entries().back().command == "lab lesson start 01-network-model");

  state.welcome.unsaved = false;
  Intents again;
  again.open_welcome = true;
  apply_intents(state, again);
  CHECK(nlohmann::json::parse(state_json(state))["windows"]["welcome"] == true);
  Intents close;
  close.welcome = WelcomeChoice::Close;
  apply_intents(state, close);
  CHECK_FALSE(state.welcome.open);
  CHECK_FALSE(state.welcome.unsaved);  // already written down
}

TEST_CASE("Open an exercise shows the catalog's exercises; Build your own lab opens the cluster form") {
  AppState state;
  start_welcome(state.welcome, false, false);
  Intents exercise;
  exercise.welcome = WelcomeChoice::OpenExercise;
  apply_intents(state, exercise);
  CHECK(state.panels.lessons);
  CHECK(state.lessons.show_exercises);
  CHECK(state.console.entries().empty());  // the lab is left as it is

  AppState building;
  Intents build;
  build.welcome = WelcomeChoice::BuildLab;
  apply_intents(building, build);
  CHECK(building.build.open == BuildForm::Cluster);
  CHECK(lesson_number("01-network-model") == "01");
  CHECK(lesson_number("e1-missing-route").empty());
}
