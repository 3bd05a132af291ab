#include "web/app/app_state.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "core/base/version.h"
#include "web/app/topology_layout.h"

namespace podlab::web {

void fit_view(AppState& state) {
  refresh_topology_view(state.topology, state.session, state.topology_words());
  const TopologyLayout& layout = state.topology.layout;
  if (layout.nodes.empty()) {
    state.view.zoom = 1.0f;
    state.view.offset = state.canvas_size * 0.5f;
    return;
  }
  state.view.fit(layout.bounds, state.canvas_size, 40.0f);
  state.view.zoom = std::min(state.view.zoom, 1.5f);
}

void apply_intents(AppState& state, const Intents& intents) {
  if (intents.console_line) state.console.submit(state.session, *intents.console_line);
  if (intents.set_language) state.language = intents.language;
  if (intents.open_about) state.about_open = true;
  if (intents.close_about) state.about_open = false;
  if (intents.toggle_grid) state.show_grid = !state.show_grid;
  if (intents.reset_view) {
    state.view.zoom = 1.0f;
    state.view.offset = state.canvas_size * 0.5f;
  }
  if (intents.fit_view) fit_view(state);
}

// What the canvas shows, as the tests and tools read it.
nlohmann::json objects_json(const AppState& state) {
  const World& world = state.session.world();
  nlohmann::json objects = nlohmann::json::array();
  for (const NodeBox& box : layout_topology(world).nodes) {  // fresh: the API may ask before a frame is drawn
    const Node& node = world.nodes.at(box.node);
    objects.push_back({{"kind", "Node"},
                       {"name", node.name},
                       {"internalIP", node.internal_ip.to_string()},
                       {"podCIDR", node.pod_cidr.to_string()},
                       {"rect", {box.rect.min.x, box.rect.min.y, box.rect.width(), box.rect.height()}}});
    for (const PodBox& pod_box : box.pods) {
      const PodRecord& pod = world.pods.at(pod_box.pod);
      objects.push_back({{"kind", "Pod"},
                         {"namespace", pod.pod.metadata.namespace_name},
                         {"name", pod.pod.metadata.name},
                         {"podIP", pod.ip.is_unspecified() ? "" : pod.ip.to_string()},
                         {"node", node.name},
                         {"rect", {pod_box.rect.min.x, pod_box.rect.min.y, pod_box.rect.width(), pod_box.rect.height()}}});
    }
  }
  return objects;
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
      {"console",
       {{"entries", state.console.entries().size()},
        {"last", state.console.entries().empty() ? nlohmann::json(nullptr)
                                                 : nlohmann::json{{"command", state.console.entries().back().command},
                                                                  {"output", state.console.entries().back().output},
                                                                  {"ok", state.console.entries().back().ok}}}}},
      {"objects", objects_json(state)},
      {"selection", nullptr},
      {"widgets", widgets},
  };
  return document.dump();
}

std::string run_console_line(AppState& state, const std::string& line) {
  const lab::CommandResult result = state.console.submit(state.session, line);
  return result.to_json(state.session.world()).dump();
}

}  // namespace podlab::web
