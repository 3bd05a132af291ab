#include "web/app/app_state.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

#include "core/base/version.h"
#include "core/lab/json_text.h"
#include "web/app/topology_layout.h"

namespace podlab::web {

namespace {

bool overlaps(const Rect& a, const Rect& b) { return a.min.x < b.max.x && b.min.x < a.max.x && a.min.y < b.max.y && b.min.y < a.max.y; }

// A node dragged so far away that the cluster no longer fits the canvas even at the smallest zoom
// would leave Fit showing an empty canvas between them: such a node goes back to its place.
void bring_back_stray_nodes(AppState& state) {
  auto& offsets = state.topology_options.node_offsets;
  const Rect& bounds = state.topology.layout.bounds;
  const Vec2 room = state.canvas_size * (1.0f / CanvasView::min_zoom);
  if (offsets.empty() || (bounds.width() <= room.x && bounds.height() <= room.y)) return;
  LayoutOptions placed = state.topology_options;
  placed.node_offsets.clear();
  const Rect home = layout_topology(state.session.world(), placed).bounds;
  const float reach = std::max(home.width(), home.height());
  const Rect near{home.min - Vec2{reach, reach}, home.max + Vec2{reach, reach}};
  for (const NodeBox& box : state.topology.layout.nodes)
    if (!overlaps(box.rect, near)) offsets.erase(state.session.world().nodes.at(box.node).name);
  refresh_topology_view(state.topology, state.session, state.topology_words(), state.topology_options);
  relocate_timeline(state.timeline, state.session, state.topology.layout);
}

}  // namespace

void fit_view(AppState& state) {
  refresh_topology_view(state.topology, state.session, state.topology_words(), state.topology_options);
  bring_back_stray_nodes(state);
  const TopologyLayout& layout = state.topology.layout;
  state.view_fitted = true;
  state.view_follows_fit = true;
  state.fitted_canvas_size = state.canvas_size;
  state.fitted_bounds = layout.bounds;
  if (layout.nodes.empty()) {
    state.view.zoom = 1.0f;
    state.view.offset = state.canvas_size * 0.5f;
    return;
  }
  // Below the namespace legend's strip along the canvas's top (web/ui/canvas_services.cpp).
  constexpr float legend_strip = 26.0f;
  state.view.fit(layout.bounds, state.canvas_size - Vec2{0, legend_strip}, 16.0f);
  state.view.zoom = std::min(state.view.zoom, 1.25f);
  state.view.offset.y += legend_strip;
}

void keep_view_fitted(AppState& state) {
  const bool changed = state.canvas_size != state.fitted_canvas_size || state.topology.layout.bounds != state.fitted_bounds;
  if (!state.view_fitted || (state.view_follows_fit && changed)) fit_view(state);
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
  // The traffic was dropped (a new lab, a new cluster, a rebuilt datapath): so is the lookup it held.
  if (state.seen_traffic_revision != state.session.traffic_revision()) {
    state.seen_traffic_revision = state.session.traffic_revision();
    if (state.session.last_traces().empty() && state.dns_view.present) state.dns_view = DnsView{.visible = state.dns_view.visible};
  }
  refresh_topology_view(state.topology, state.session, state.topology_words(), state.topology_options);
  refresh_timeline(state.timeline, state.session, state.topology.layout);
  if (refresh_traffic_choices(state.traffic_choices, state.session)) settle_traffic_form(state.traffic_form, state.traffic_choices);
}

}  // namespace

void update_before_panels(AppState& state, const Rect& work_area, float seconds) {
  PanelVisibility visible = state.panels;
  visible.dns = state.dns_view.visible;  // docks in the side column while it is shown
  state.layout = layout_panels(work_area, state.console_height, visible);
  refresh_views(state);
  settle_build_form(state.build, state.console);
  refresh_build_form(state.build, state.session);
  refresh_object_inspector(state.object_inspector, state.session, state.topology.layout, state.topology_options);
  advance(state.timeline, seconds);
  prepare_inspection(state.timeline, state.session);
}

void apply_intents(AppState& state, const Intents& intents) {
  apply_timeline_command(state.timeline, intents.timeline, intents.timeline_argument);
  if (intents.console_line && !intents.console_line_confirmed && starts_new_lab(*intents.console_line)) {
    request_replacement(state, Replacement{.line = *intents.console_line});
  } else if (intents.console_line) {
    const lab::CommandResult result = run_keeping_replaced(state, *intents.console_line);
    record_lookup(state.dns_view, state.session, result);
    if (intents.exercise_report && result.ok) {
      keep_exercise_report(state.lessons, state.session, result.output, state.language);
      if (state.lessons.summary) state.console.show_instead(exercise_summary_text(*state.lessons.summary, state.language));
    }
    refresh_views(state);  // new traffic starts the timeline at its first hop
  }
  if (intents.select) state.object_inspector.selection = *intents.select;
  if (intents.toggle_dns_view) state.dns_view.visible = !state.dns_view.visible;
  if (intents.toggle_send_traffic) state.panels.send_traffic = !state.panels.send_traffic;
  if (intents.toggle_timeline) state.panels.timeline = !state.panels.timeline;
  if (intents.toggle_inspector) state.panels.inspector = !state.panels.inspector;
  if (intents.toggle_lessons) state.panels.lessons = !state.panels.lessons;
  if (intents.console_input) {
    const size_t length = std::min(intents.console_input->size(), state.console_input.size() - 1);
    std::copy_n(intents.console_input->data(), length, state.console_input.data());
    state.console_input[length] = '\0';
    state.console_input_focus = true;
    state.console_select = input_selection(std::string_view(state.console_input.data(), length));
  }
  if (intents.welcome) choose_welcome(state, *intents.welcome);
  if (intents.open_welcome) show_welcome(state.welcome);
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
  if (intents.toggle_group) {
    std::set<std::string>& expanded = state.topology_options.expanded_groups;
    if (!expanded.erase(*intents.toggle_group)) expanded.insert(*intents.toggle_group);
    state.view_follows_fit = false;  // the view stays on the group the learner opened
    refresh_views(state);
    relocate_timeline(state.timeline, state.session, state.topology.layout);
  }
  if (intents.drag_node) {
    Vec2& offset = state.topology_options.node_offsets[*intents.drag_node];
    offset = offset + intents.drag_by;
    state.view_follows_fit = false;  // the learner is arranging the view: it stays where it is
    refresh_views(state);
    relocate_timeline(state.timeline, state.session, state.topology.layout);
  }
  if (intents.reset_view) {
    state.view_follows_fit = false;
    state.view.zoom = 1.0f;
    state.view.offset = state.canvas_size * 0.5f;
  }
  if (intents.fit_view) fit_view(state);
  if (intents.reopen_recent) request_replacement(state, Replacement{.kind = Replacement::Kind::ReopenRecent, .recent_time_ms = *intents.reopen_recent});
  if (intents.leave_exercise) leave_exercise(state);
  if (intents.replace_answer) answer_replacement(state, *intents.replace_answer);
}

namespace {

// Where a world rectangle is on the page, in CSS pixels, with the current camera.
nlohmann::json screen_json(const AppState& state, const Rect& rect) {
  const Vec2 origin = state.layout.topology.min;
  const Vec2 min = origin + state.view.world_to_screen(rect.min);
  const Vec2 max = origin + state.view.world_to_screen(rect.max);
  return {min.x, min.y, max.x - min.x, max.y - min.y};
}

// The pixel size the canvas draws an object's title at now (0: left out).
float title_pixels(const AppState& state, float world_size) { return text_pixels(world_size, state.view.zoom, TextLevel::Title); }

}  // namespace

// What the canvas shows, as the tests and tools read it: each object's world rectangle, where it is
// on the page now ("screen") and the pixel size of its title there ("labelPx").
nlohmann::json objects_json(const AppState& state) {
  using namespace layout_metrics;
  const World& world = state.session.world();
  nlohmann::json objects = nlohmann::json::array();
  const TopologyLayout layout = layout_topology(world, state.topology_options);  // fresh: the API may ask before a frame is drawn
  for (const NodeBox& box : layout.nodes) {
    const Node& node = world.nodes.at(box.node);
    objects.push_back({{"kind", "Node"},
                       {"name", node.name},
                       {"internalIP", node.internal_ip.to_string()},
                       {"podCIDR", node.pod_cidr.to_string()},
                       {"rect", {box.rect.min.x, box.rect.min.y, box.rect.width(), box.rect.height()}},
                       {"screen", screen_json(state, box.rect)},
                       {"labelPx", title_pixels(state, node_title_size)}});
    for (const PodBox& pod_box : box.pods) {
      const PodRecord& pod = world.pods.at(pod_box.pod);
      objects.push_back({{"kind", "Pod"},
                         {"namespace", pod.pod.metadata.namespace_name},
                         {"name", pod.pod.metadata.name},
                         {"podIP", pod.ip.is_unspecified() ? "" : pod.ip.to_string()},
                         {"node", node.name},
                         {"rect", {pod_box.rect.min.x, pod_box.rect.min.y, pod_box.rect.width(), pod_box.rect.height()}},
                         {"screen", screen_json(state, pod_box.rect)},
                         {"labelPx", title_pixels(state, pod_title_size)}});
    }
    for (const PodGroupBox& group : box.groups)
      objects.push_back({{"kind", "PodGroup"},
                         {"namespace", group.namespace_name},
                         {"ownerKind", group.owner_kind},
                         {"owner", group.owner},
                         {"key", group.key},
                         {"node", node.name},
                         {"count", group.pods.size()},
                         {"expanded", group.expanded},
                         {"rect", {group.rect.min.x, group.rect.min.y, group.rect.width(), group.rect.height()}},
                         {"screen", screen_json(state, group.rect)},
                         {"labelPx", title_pixels(state, group_title_size)}});
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
                       {"rect", {box.rect.min.x, box.rect.min.y, box.rect.width(), box.rect.height()}},
                       {"screen", screen_json(state, box.rect)},
                       {"labelPx", title_pixels(state, service_title_size)}});
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
                      {"placeRect", rect_json(event.place.rect)},
                      {"dnat", event.dnat}});
  }
  // The list as the learner arranged it: packets (folded or not), the filter, the rows it leaves.
  const TimelineList& list = state.timeline_list;
  nlohmann::json groups = nlohmann::json::array();
  for (size_t g = 0; g < timeline.groups.size(); ++g) {
    const TimelineGroup& group = timeline.groups[g];
    groups.push_back({{"first", group.first},
                      {"count", group.count},
                      {"label", group.label},
                      {"direction", direction_name(group.direction)},
                      {"folded", g < list.folded.size() && list.folded[g] != 0}});
  }
  nlohmann::json rows = nlohmann::json::array();
  for (const TimelineRow& row : list.rows) rows.push_back({{"header", row.header}, {"index", row.index}});
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
          {"packet", packet},
          {"groups", groups},
          {"filter", {{"text", list.filter.text.data()},
                      {"action", list.filter.action < 0 ? nlohmann::json(nullptr)
                                                        : nlohmann::json(hop_action_name(static_cast<HopAction>(list.filter.action)))},
                      {"matches", list.matches}}},
          {"rows", rows}};
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

// The canvas's selection and the object inspector's facts and sections, in the current language.
nlohmann::json selection_json(const AppState& state) {
  const ObjectInspector& inspector = state.object_inspector;
  if (inspector.selection.empty()) return nullptr;
  nlohmann::json facts = nlohmann::json::array();
  for (const InspectorFact& fact : inspector.facts) facts.push_back({{"label", state.text(fact.label)}, {"value", fact.value}});
  nlohmann::json sections = nlohmann::json::array();
  for (const InspectorSection& section : inspector.sections)
    sections.push_back({{"command", section.command}, {"output", section.output}, {"ok", section.ok}});
  return {{"kind", selection_kind_name(inspector.selection.kind)},
          {"namespace", inspector.selection.namespace_name},
          {"name", inspector.selection.name},
          {"found", inspector.highlight.found},
          {"title", inspector.title},
          {"facts", facts},
          {"sections", sections},
          {"highlight", {{"outlines", inspector.highlight.outlines.size()}, {"links", inspector.highlight.links.size()}}}};
}

// The DNS view of the last lookup.
nlohmann::json dns_json(const AppState& state) {
  const DnsView& view = state.dns_view;
  if (!view.present) return nullptr;
  nlohmann::json queries = nlohmann::json::array();
  for (size_t i = 0; i < view.queries.size(); ++i) {
    const DnsQueryRow& row = view.queries[i];
    const size_t event = dns_query_event(view, state.timeline, state.session, i);
    queries.push_back({{"name", row.name},
                       {"type", row.type},
                       {"rcode", row.rcode},
                       {"answers", row.answers},
                       {"server", row.server},
                       {"answeredBy", row.answered_by},
                       {"timelineEvent", event == SIZE_MAX ? nlohmann::json(nullptr) : nlohmann::json(event)}});
  }
  return {{"visible", view.visible},
          {"command", view.command},
          {"resolvConfCommand", view.resolv_conf_command},
          {"resolvConf", view.resolv_conf},
          {"search", view.search},
          {"ndots", view.ndots},
          {"queries", queries},
          {"outcome", view.outcome}};
}

// File > Recent labs as the menu lists them, and the question waiting for an answer.
nlohmann::json recent_labs_state_json(const AppState& state) {
  nlohmann::json labs = nlohmann::json::array();
  for (const RecentLab& lab : state.replacing.recent.labs)
    labs.push_back({{"name", lab.name}, {"time", lab.time_ms}, {"lines", lab.lines},
                    {"label", recent_lab_label(lab, state.replacing.utc_offset_minutes, state.language)}});
  const auto& before = state.replacing.recent.before_exercise;
  const auto question = replace_question(state);
  return {{"labs", labs},
          {"beforeExercise", before ? nlohmann::json(before->name) : nlohmann::json(nullptr)},
          {"question", question ? nlohmann::json(*question) : nlohmann::json(nullptr)}};
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
      {"view", {{"zoom", state.view.zoom}, {"offset", {state.view.offset.x, state.view.offset.y}},
                {"followsFit", state.view_follows_fit}, {"canvasOrigin", {state.layout.topology.min.x, state.layout.topology.min.y}}}},
      {"grid", state.show_grid},
      {"keyboard", {{"textInput", state.text_input_active}}},
      {"windows",
       {{"about", state.about_open},
        {"sendTraffic", state.panels.send_traffic},
        {"timeline", state.panels.timeline},
        {"inspector", state.panels.inspector},
        {"lessons", state.panels.lessons},
        {"welcome", state.welcome.open}}},
      {"timeline", timeline_json(state)},
      {"inspector", state.panels.inspector ? inspector_json(state) : nlohmann::json(nullptr)},
      {"sendTraffic", {{"command", state.traffic_form.command}, {"sources", state.traffic_choices.sources.size()},
                       {"targets", state.traffic_choices.targets.size()}}},
      {"console",
       {{"entries", state.console.entries().size()},
        {"input", state.console_input.data()},
        {"candidates", state.console_candidates},
        {"last", state.console.entries().empty() ? nlohmann::json(nullptr)
                                                 : nlohmann::json{{"command", state.console.entries().back().command},
                                                                  {"output", state.console.entries().back().output},
                                                                  {"ok", state.console.entries().back().ok}}}}},
      {"objects", objects_json(state)},
      {"selection", selection_json(state)},
      {"build", build_form_json(state.build, state.language)},
      {"keeping", keeping_json(state)},
      {"recentLabs", recent_labs_state_json(state)},
      {"dns", dns_json(state)},
      {"lessons", lessons_json(state.lessons, state.session, state.language, state.panels.lessons)},
      {"widgets", widgets},
  };
  return lab::json_text(document);
}

std::string run_console_line(AppState& state, const std::string& line) {
  const lab::CommandResult result = run_keeping_replaced(state, line);
  record_lookup(state.dns_view, state.session, result);
  refresh_views(state);
  return lab::json_text(result.to_json(state.session.world()));
}

}  // namespace podlab::web
