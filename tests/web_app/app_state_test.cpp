#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "web/app/app_state.h"

using namespace podlab::web;

TEST_CASE("intents change the view-model") {
  AppState state;
  state.canvas_size = {800, 600};
  Intents intents;
  intents.set_language = true;
  intents.language = Language::Vietnamese;
  intents.open_about = true;
  apply_intents(state, intents);
  CHECK(state.language == Language::Vietnamese);
  CHECK(state.about_open);

  state.view.zoom = 3.0f;
  apply_intents(state, Intents{.close_about = true, .reset_view = true});
  CHECK_FALSE(state.about_open);
  CHECK(state.view.zoom == doctest::Approx(1.0));
  CHECK(state.view.offset == Vec2{400, 300});
}

TEST_CASE("state_json reports what is on screen") {
  AppState state;
  state.language = Language::Vietnamese;
  state.frame = 42;
  state.widgets.push_back(WidgetRecord{"menu.help", "Trợ giúp", Rect{{10, 2}, {60, 22}}});
  const auto json = nlohmann::json::parse(state_json(state), nullptr, false);
  REQUIRE_FALSE(json.is_discarded());
  CHECK(json["language"] == "vi");
  CHECK(json["frame"] == 42);
  CHECK(json["objects"].is_array());
  CHECK(json["selection"].is_null());
  REQUIRE(json["widgets"].size() == 1);
  CHECK(json["widgets"][0]["id"] == "menu.help");
  CHECK(json["widgets"][0]["label"] == "Trợ giúp");
  CHECK(json["widgets"][0]["rect"] == nlohmann::json::array({10, 2, 50, 20}));
}
