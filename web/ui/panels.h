// The web lab's panels: one ImGui function per file, each drawing from AppState and adding what the
// learner asked for to Intents. Only UI matters (camera, open windows) are changed in place.
#pragma once

#include "web/app/app_state.h"

namespace podlab::web {

void draw_menu_bar(AppState& state, Intents& intents);
void draw_topology_panel(AppState& state, Intents& intents);
void draw_about_box(AppState& state, Intents& intents);
void draw_console_panel(AppState& state, Intents& intents);

// Records the last ImGui item under `id` so tests can find and click it.
void publish_last_item(AppState& state, const char* id, const char* label);

}  // namespace podlab::web
