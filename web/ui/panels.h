// The web lab's panels: one ImGui function per file, each drawing from AppState and adding what the
// learner asked for to Intents. Only UI matters (camera, open windows) are changed in place.
#pragma once

#include "web/app/app_state.h"

namespace podlab::web {

void draw_menu_bar(AppState& state, Intents& intents);
void draw_topology_panel(AppState& state, Intents& intents);
void draw_about_box(AppState& state, Intents& intents);
void draw_console_panel(AppState& state, Intents& intents);
void draw_send_traffic_panel(AppState& state, Intents& intents);
void draw_timeline_panel(AppState& state, Intents& intents);
void draw_packet_inspector_panel(AppState& state, Intents& intents);
void draw_lessons_panel(AppState& state, Intents& intents);
// Space, Left, Right, Home, End drive the timeline while no text field has the keyboard.
void handle_shortcuts(AppState& state, Intents& intents);

// Records the last ImGui item under `id` so tests can find and click it; `index` for rows of a list.
void publish_last_item(AppState& state, const char* id, const char* label, int index = -1);

// A fixed window of the side column at `area` (web/app/panel_layout.h), titled `title###id`.
// Returns false when there is nothing to draw; call ImGui::End() either way.
bool begin_side_window(AppState& state, const Rect& area, Text title, const char* id);

// The monospace font (rule text, addresses, commands).
ImFont* monospace_font();

// The translated name of what a hop did: "route", "encapsulate" …
Text hop_action_text(HopAction action);

}  // namespace podlab::web
