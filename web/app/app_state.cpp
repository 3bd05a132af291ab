#include "web/app/app_state.h"

#include <nlohmann/json.hpp>

#include "core/base/version.h"

namespace podlab::web {

void apply_intents(AppState& state, const Intents& intents) {
  if (intents.set_language) state.language = intents.language;
  if (intents.open_about) state.about_open = true;
  if (intents.close_about) state.about_open = false;
  if (intents.toggle_grid) state.show_grid = !state.show_grid;
  if (intents.reset_view) {
    state.view.zoom = 1.0f;
    state.view.offset = state.canvas_size * 0.5f;
  }
  if (intents.fit_view) {
    // With an empty cluster there is nothing to fit: show the world origin in the middle.
    state.view.zoom = 1.0f;
    state.view.offset = state.canvas_size * 0.5f;
  }
}

std::string state_json(const AppState& state) {
  nlohmann::json widgets = nlohmann::json::array();
  for (const WidgetRecord& widget : state.widgets) {
    widgets.push_back({{"id", widget.id},
                       {"label", widget.label},
                       {"rect", {widget.rect.min.x, widget.rect.min.y, widget.rect.width(), widget.rect.height()}}});
  }
  const nlohmann::json document = {
      {"version", version_string},
      {"language", language_tag(state.language)},
      {"frame", state.frame},
      {"canvas", {{"width", state.canvas_size.x}, {"height", state.canvas_size.y}}},
      {"view", {{"zoom", state.view.zoom}, {"offset", {state.view.offset.x, state.view.offset.y}}}},
      {"grid", state.show_grid},
      {"windows", {{"about", state.about_open}}},
      {"objects", nlohmann::json::array()},
      {"selection", nullptr},
      {"widgets", widgets},
  };
  return document.dump();
}

std::string run_console_line(AppState&, const std::string& line) {
  const nlohmann::json reply = {
      {"ok", false},
      {"command", line},
      {"error", "the console is not available in this build yet: no command can run"},
  };
  return reply.dump();
}

}  // namespace podlab::web
