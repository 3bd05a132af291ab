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

TEST_CASE("Fit frames the cluster even after a node was dragged far away: that node comes back") {
  AppState state;
  state.canvas_size = {800, 600};
  fit_view(state);
  const float fitted_zoom = state.view.zoom;
  Intents near;
  near.drag_node = "node-2";
  near.drag_by = {40, 30};  // arranged by the learner: stays
  apply_intents(state, near);
  Intents far;
  far.drag_node = "node-1";
  far.drag_by = {250'000, -90'000};
  apply_intents(state, far);
  Intents fit;
  fit.fit_view = true;
  apply_intents(state, fit);
  CHECK_FALSE(state.topology_options.node_offsets.contains("node-1"));
  CHECK(state.topology_options.node_offsets.at("node-2") == Vec2{40, 30});
  CHECK(state.view.zoom > CanvasView::min_zoom);
  CHECK(state.view.zoom == doctest::Approx(fitted_zoom).epsilon(0.2));
  // Every node is on the canvas.
  for (const NodeBox& box : state.topology.layout.nodes) {
    const Vec2 min = state.view.world_to_screen(box.rect.min), max = state.view.world_to_screen(box.rect.max);
    CHECK(min.x >= 0);
    CHECK(min.y >= 0);
    CHECK(max.x <= 800);
    CHECK(max.y <= 600);
  }
}
