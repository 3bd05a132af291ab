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
// Building by hand: the toolbar in the menu bar, the canvas's right-click menu (call while the
// canvas's own item is the last item, with the canvas's top-left corner), and whichever build form is open.
void draw_build_toolbar(AppState& state, Intents& intents);
void draw_canvas_context_menu(AppState& state, Intents& intents, Vec2 canvas_origin);
void draw_build_form(AppState& state, Intents& intents);
void draw_cluster_form(AppState& state, Intents& intents);
void draw_node_form(AppState& state, Intents& intents);
void draw_namespace_form(AppState& state, Intents& intents);
void draw_pod_form(AppState& state, Intents& intents);
void draw_service_form(AppState& state, Intents& intents);
void draw_tunnel_form(AppState& state, Intents& intents);
void draw_route_form(AppState& state, Intents& intents);
void draw_yaml_panel(AppState& state, Intents& intents);
// A lab being opened (progress), a lab that did not open (the message), the share link made.
void draw_keeping_windows(AppState& state, Intents& intents);
// "Replace your current lab?" before another lab takes its place; File > Recent labs.
void draw_replace_prompt(AppState& state, Intents& intents);
void draw_recent_labs_menu(AppState& state, Intents& intents);
void draw_object_inspector_panel(AppState& state, Intents& intents);
void draw_dns_view_panel(AppState& state, Intents& intents);
void draw_lessons_panel(AppState& state, Intents& intents);
void draw_welcome_card(AppState& state, Intents& intents);
// Space, Left, Right, Home, End drive the timeline while no text field has the keyboard.
void handle_shortcuts(AppState& state, Intents& intents);

// Records the last ImGui item under `id` so tests can find and click it; `index` for rows of a list.
void publish_last_item(AppState& state, const char* id, const char* label, int index = -1);
// A menu, menu item or button labelled in the learner's language, published under `id`. The label
// changes with the language but the ImGui id ("label###id") does not, so a switch closes nothing.
bool labelled_menu(AppState& state, Text label, const char* id);
bool labelled_menu_item(AppState& state, Text label, const char* id, bool selected = false);
bool labelled_button(AppState& state, Text label, const char* id);

// A fixed window of the side column at `area` (web/app/panel_layout.h), titled `title###id`, published
// as a "window" widget labelled `id`.
// Returns false when there is nothing to draw; call ImGui::End() either way.
bool begin_side_window(AppState& state, const Rect& area, Text title, const char* id);

// The monospace font (rule text, addresses, commands).
ImFont* monospace_font();

// The translated name of what a hop did: "route", "encapsulate" …
Text hop_action_text(HopAction action);

}  // namespace podlab::web
