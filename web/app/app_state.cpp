#include "web/app/app_state.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "core/base/version.h"
#include "web/app/topology_layout.h"

namespace podlab::web {

void fit_view(AppState& state) {
  refresh_topology_view(state.topology, state.session, state.topology_words(), state.topology_options);
  const TopologyLayout& layout = state.topology.layout;
  if (layout.nodes.empty()) {
    state.view.zoom = 1.0f;
    state.view.offset = state.canvas_size * 0.5f;
    return;
  }
  state.view.fit(layout.bounds, state.canvas_size, 40.0f);
  state.view.zoom = std::min(state.view.zoom, 1.5f);
}

namespace {

void apply_timeline_command(Timeline& timeline, TimelineCommand command, size_t argument) {
  switch (command) {
    case TimelineCommand::None: return;
    case TimelineCommand::TogglePlay: toggle_play(timeline); return;
    case TimelineCommand::StepForward: step_forward(timeline); return;
    case TimelineCommand::StepBack: step_back(timeline); return;
    case TimelineCommand::First: jump_to(timeline, 0); return;
    case TimelineCommand::Last: jump_to(timeline, SIZE_MAX); return;
    case TimelineCommand::JumpTo: jump_to(timeline, argument); return;
    case TimelineCommand::SetSpeed: set_speed(timeline, argument); return;
  }
}

void refresh_views(AppState& state) {
  refresh_topology_view(state.topology, state.session, state.topology_words(), state.topology_options);
  refresh_timeline(state.timeline, state.session, state.topology.layout);
  if (refresh_traffic_choices(state.traffic_choices, state.session)) settle_traffic_form(state.traffic_form, state.traffic_choices);
}

}  // namespace

void update_before_panels(AppState& state, const Rect& work_area, float seconds) {
  state.layout = layout_panels(work_area, state.console_height, state.panels);
  refresh_views(state);
  advance(state.timeline, seconds);
  prepare_inspection(state.timeline, state.session);
}

void apply_intents(AppState& state, const Intents& intents) {
  apply_timeline_command(state.timeline, intents.timeline, intents.timeline_argument);
  if (intents.console_line) {
    const lab::CommandResult result = state.console.submit(state.session, *intents.console_line);
    if (intents.exercise_report && result.ok) keep_exercise_report(state.lessons, state.session, result.output, state.language);
    refresh_views(state);  // new traffic starts the timeline at its first hop
  }
  if (intents.toggle_send_traffic) state.panels.send_traffic = !state.panels.send_traffic;
  if (intents.toggle_timeline) state.panels.timeline = !state.panels.timeline;
  if (intents.toggle_inspector) state.panels.inspector = !state.panels.inspector;
  if (intents.toggle_lessons) state.panels.lessons = !state.panels.lessons;
  if (intents.console_input) {
    const size_t length = std::min(intents.console_input->size(), state.console_input.size() - 1);
    std::copy_n(intents.console_input->data(), length, state.console_input.data());
    state.console_input[length] = '\0';
    state.console_input_focus = true;
  }
  if (intents.set_language) {
    state.language = intents.language;
    state.session.set_language(lab_language(intents.language));
  }
  if (intents.open_about) state.about_open = true;
  if (intents.close_about) state.about_open = false;
  if (intents.toggle_grid) state.show_grid = !state.show_grid;
  if (intents.toggle_kube_system) {
    state.topology_options.collapse_kube_system = !state.topology_options.collapse_kube_system;
    refresh_views(state);
    relocate_timeline(state.timeline, state.session, state.topology.layout);  // hop places move with the layout
  }
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
  const TopologyLayout layout = layout_topology(world, state.topology_options);  // fresh: the API may ask before a frame is drawn
  for (const NodeBox& box : layout.nodes) {
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
    if (!box.collapsed_pods.empty())
      objects.push_back({{"kind", "CollapsedPods"},
                         {"namespace", "kube-system"},
                         {"node", node.name},
                         {"count", box.collapsed_pods.size()},
                         {"rect", {box.collapsed_marker.min.x, box.collapsed_marker.min.y, box.collapsed_marker.width(),
                                   box.collapsed_marker.height()}}});
  }
  if (layout.external.present) {
    const Rect& rect = layout.external.rect;
    objects.push_back({{"kind", "ExternalHost"},
                       {"name", world.namespaces_net.at(world.external_host).name},
                       {"rect", {rect.min.x, rect.min.y, rect.width(), rect.height()}}});
  }
  for (const ServiceBox& box : layout.services) {
    const ServiceRecord& record = world.services[box.service];
    nlohmann::json ports = nlohmann::json::array();
    for (const k8s::ServicePort& port : record.service.spec.ports) ports.push_back({{"port", port.port}, {"nodePort", port.node_port}});
    objects.push_back({{"kind", "Service"},
                       {"namespace", record.service.metadata.namespace_name},
                       {"name", record.service.metadata.name},
                       {"type", k8s::service_type_name(record.service.spec.type)},
                       {"clusterIP", record.cluster_ip.is_unspecified() ? "" : record.cluster_ip.to_string()},
                       {"ports", ports},
                       {"endpointLinks", box.endpoints.size()},
                       {"rect", {box.rect.min.x, box.rect.min.y, box.rect.width(), box.rect.height()}}});
  }
  return objects;
}

namespace {

nlohmann::json rect_json(const Rect& rect) { return {rect.min.x, rect.min.y, rect.width(), rect.height()}; }

const char* direction_name(Direction direction) { return direction == Direction::Return ? "return" : "outbound"; }

// The timeline as the panel shows it: the events, the cursor, playback, where the packet is drawn.
nlohmann::json timeline_json(const AppState& state) {
  const Timeline& timeline = state.timeline;
  nlohmann::json events = nlohmann::json::array();
  for (const TimelineEvent& event : timeline.events) {
    events.push_back({{"time", event.time_text},
                      {"node", event.node},
                      {"where", event.where},
                      {"action", hop_action_name(event.action)},
                      {"direction", direction_name(event.direction)},
                      {"encapsulated", event.encapsulated},
                      {"trace", event.trace},
                      {"hop", event.hop},
                      {"place", place_kind_name(event.place.kind)},
                      {"placeRect", rect_json(event.place.rect)}});
  }
  nlohmann::json packet = nullptr;
  const PacketMarker marker = packet_marker(timeline, state.topology.layout);
  if (marker.visible) {
    const Vec2 screen = state.view.world_to_screen(marker.position);
    packet = {{"world", {marker.position.x, marker.position.y}},
              {"screen", {screen.x + state.layout.topology.min.x, screen.y + state.layout.topology.min.y}},
              {"encapsulated", marker.encapsulated},
              {"direction", direction_name(marker.direction)}};
  }
  return {{"events", events},
          {"cursor", timeline.events.empty() ? nlohmann::json(nullptr) : nlohmann::json(timeline.cursor)},
          {"playing", timeline.playing},
          {"speed", timeline_speeds[timeline.speed]},
          {"progress", timeline.progress},
          {"packet", packet}};
}

// What the inspector shows for the cursor's hop, in the current language.
nlohmann::json inspector_json(const AppState& state) {
  const HopInspection& inspection = state.timeline.inspection;
  if (inspection.event == SIZE_MAX) return nullptr;
  nlohmann::json layers = nlohmann::json::array();
  for (const HeaderLayer& layer : inspection.headers.layers) {
    nlohmann::json fields = nlohmann::json::array();
    for (const HeaderField& field : layer.fields) {
      fields.push_back({{"label", state.text(field.label)}, {"value", field.value}, {"changed", field.changed}});
      if (field.changed) fields.back()["before"] = field.before;
    }
    layers.push_back({{"name", header_kind_name(layer.kind)}, {"outer", layer.outer}, {"added", layer.added}, {"fields", fields}});
  }
  nlohmann::json removed = nlohmann::json::array();
  for (HeaderKind kind : inspection.headers.removed) removed.push_back(header_kind_name(kind));
  return {{"event", inspection.event},
          {"title", inspection.title},
          {"summary", inspection.summary},
          {"detail", inspection.detail},
          {"rules", inspection.rules},
          {"reason", inspection.reason},
          {"layers", layers},
          {"removed", removed},
          {"changedFields", inspection.headers.changed_fields()}};
}

}  // namespace

std::string state_json(const AppState& state) {
  nlohmann::json widgets = nlohmann::json::array();
  for (const WidgetRecord& widget : state.widgets) {
    widgets.push_back({{"id", widget.id},
                       {"label", widget.label},
                       {"rect", {widget.rect.min.x, widget.rect.min.y, widget.rect.width(), widget.rect.height()}}});
    if (widget.index >= 0) widgets.back()["index"] = widget.index;
  }
  const nlohmann::json document = {
      {"version", version_string},
      {"language", language_tag(state.language)},
      {"frame", state.frame},
      {"canvas", {{"width", state.canvas_size.x}, {"height", state.canvas_size.y}}},
      {"view", {{"zoom", state.view.zoom}, {"offset", {state.view.offset.x, state.view.offset.y}}}},
      {"grid", state.show_grid},
      {"keyboard", {{"textInput", state.text_input_active}}},
      {"windows",
       {{"about", state.about_open},
        {"sendTraffic", state.panels.send_traffic},
        {"timeline", state.panels.timeline},
        {"inspector", state.panels.inspector},
        {"lessons", state.panels.lessons}}},
      {"timeline", timeline_json(state)},
      {"inspector", state.panels.inspector ? inspector_json(state) : nlohmann::json(nullptr)},
      {"sendTraffic", {{"command", state.traffic_form.command}, {"sources", state.traffic_choices.sources.size()},
                       {"targets", state.traffic_choices.targets.size()}}},
      {"console",
       {{"entries", state.console.entries().size()},
        {"last", state.console.entries().empty() ? nlohmann::json(nullptr)
                                                 : nlohmann::json{{"command", state.console.entries().back().command},
                                                                  {"output", state.console.entries().back().output},
                                                                  {"ok", state.console.entries().back().ok}}}}},
      {"objects", objects_json(state)},
      {"lessons", lessons_json(state.lessons, state.session, state.language, state.panels.lessons)},
      {"selection", nullptr},
      {"widgets", widgets},
  };
  return document.dump();
}

std::string run_console_line(AppState& state, const std::string& line) {
  const lab::CommandResult result = state.console.submit(state.session, line);
  refresh_views(state);
  return result.to_json(state.session.world()).dump();
}

}  // namespace podlab::web
