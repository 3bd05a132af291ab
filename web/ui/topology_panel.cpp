// The topology canvas: fills the window under the menu bar, pans with a drag on the background,
// moves a node dragged by the learner (it keeps its place), zooms with the wheel around the mouse,
// and expands or collapses a pod group on a click. Draws the grid of the world's coordinates, the
// node network, the nodes with their pods and pod groups (the external host, Services and legend in
// web/ui/canvas_services.cpp), a tooltip with the key facts of what the mouse is over and, when the
// cluster is empty, says so. Only what is inside the canvas is drawn.
#include <imgui.h>

#include <cstdio>

#include <algorithm>
#include <cfloat>
#include <cmath>

#include "web/app/network_label.h"
#include "web/app/selection.h"
#include "web/app/topology_view.h"
#include "web/ui/canvas_painter.h"
#include "web/ui/panels.h"

namespace podlab::web {

namespace {

constexpr float grid_step_world = 40.0f;
constexpr ImU32 background_color = IM_COL32(24, 28, 36, 255);
constexpr ImU32 grid_color = IM_COL32(48, 54, 66, 255);
constexpr ImU32 axis_color = IM_COL32(70, 80, 98, 255);
constexpr ImU32 hint_color = IM_COL32(170, 180, 196, 255);


void draw_grid(ImDrawList* draw, const CanvasView& view, ImVec2 origin, ImVec2 size) {
  float step = grid_step_world * view.zoom;
  while (step < 12.0f) step *= 4.0f;  // keep lines apart when zoomed far out
  const float start_x = std::fmod(view.offset.x, step);
  const float start_y = std::fmod(view.offset.y, step);
  for (float x = start_x; x < size.x; x += step) {
    draw->AddLine(ImVec2(origin.x + x, origin.y), ImVec2(origin.x + x, origin.y + size.y), grid_color);
  }
  for (float y = start_y; y < size.y; y += step) {
    draw->AddLine(ImVec2(origin.x, origin.y + y), ImVec2(origin.x + size.x, origin.y + y), grid_color);
  }
  const ImVec2 world_origin = ImVec2(origin.x + view.offset.x, origin.y + view.offset.y);
  draw->AddLine(ImVec2(world_origin.x, origin.y), ImVec2(world_origin.x, origin.y + size.y), axis_color);
  draw->AddLine(ImVec2(origin.x, world_origin.y), ImVec2(origin.x + size.x, world_origin.y), axis_color);
}

constexpr ImU32 node_fill = IM_COL32(38, 44, 56, 255);
constexpr ImU32 node_border = IM_COL32(96, 108, 130, 255);
constexpr ImU32 title_color = IM_COL32(230, 236, 245, 255);
constexpr ImU32 text_color = IM_COL32(190, 198, 212, 255);
constexpr ImU32 network_color = IM_COL32(120, 170, 230, 255);

constexpr ImU32 device_fill = IM_COL32(30, 36, 48, 255);
constexpr ImU32 device_border = IM_COL32(120, 134, 160, 255);
constexpr ImU32 bridge_fill = IM_COL32(52, 72, 104, 255);
constexpr ImU32 tunnel_fill = IM_COL32(70, 56, 96, 255);
constexpr ImU32 tunnel_border = IM_COL32(170, 140, 220, 255);
constexpr ImU32 link_color = IM_COL32(110, 124, 150, 255);
constexpr ImU32 highlight_color = IM_COL32(250, 210, 90, 255);

void draw_devices(const Painter& paint, const NodeBox& box, const NodeLabels& labels) {
  // Host routing joins the bridge (or, without one, the pods' veths), the tunnel and eth0.
  const bool has_veths = std::any_of(box.pods.begin(), box.pods.end(), [](const PodBox& pod) { return pod.has_veth; }) ||
                         std::any_of(box.groups.begin(), box.groups.end(), [](const PodGroupBox& group) { return group.has_veth; });
  const Vec2 bridge_bottom{box.bridge.center().x, box.bridge.max.y};
  if (!box.has_bridge && !has_veths) {
    if (box.has_tunnel) {
      paint.line({box.tunnel.min.x, box.tunnel.center().y}, {box.eth0.center().x, box.tunnel.center().y}, link_color, 1.5f);
      paint.line({box.eth0.center().x, box.tunnel.center().y}, {box.eth0.center().x, box.eth0.min.y}, link_color, 1.5f);
    }
  } else if (box.has_tunnel) {
    paint.line(bridge_bottom, {bridge_bottom.x, box.tunnel.min.y}, link_color, 1.5f);
    paint.line({box.tunnel.min.x, box.tunnel.center().y}, {box.eth0.center().x, box.tunnel.center().y}, link_color, 1.5f);
    paint.line({box.eth0.center().x, box.tunnel.center().y}, {box.eth0.center().x, box.eth0.min.y}, link_color, 1.5f);
  } else {
    paint.line(bridge_bottom, {bridge_bottom.x, box.eth0.center().y}, link_color, 1.5f);
    paint.line({bridge_bottom.x, box.eth0.center().y}, {box.eth0.max.x, box.eth0.center().y}, link_color, 1.5f);
  }
  if (box.has_bridge) {
    paint.rect_filled(box.bridge, bridge_fill, 5.0f);
    paint.rect_outline(box.bridge, device_border, 5.0f, 1.0f);
    const Rect label{{box.bridge.min.x, box.bridge.min.y + 2}, {box.bridge.max.x, box.bridge.min.y + 18}};
    paint.centered_text(label, title_color, labels.bridge, 10.0f, TextLevel::Detail);
  } else if (has_veths) {
    paint.line({box.bridge.center().x, box.bridge.min.y}, bridge_bottom, link_color, 1.5f);
  }
  if (box.has_tunnel) {
    paint.rect_filled(box.tunnel, tunnel_fill, 5.0f);
    paint.rect_outline(box.tunnel, tunnel_border, 5.0f, 1.0f);
    paint.centered_text(box.tunnel, title_color, labels.tunnel, 12.0f, TextLevel::Detail);
  }
  paint.rect_filled(box.eth0, device_fill, 5.0f);
  paint.rect_outline(box.eth0, network_color, 5.0f, 1.5f);
  paint.centered_text(box.eth0, title_color, "eth0", 12.0f, TextLevel::Detail);
}

// A pod's (or a pod group's) eth0 on its right edge, joined by the veth pair to the bridge.
void draw_pod_ports(const Painter& paint, const Rect& eth0, const Rect& veth, bool has_veth) {
  if (has_veth) {
    paint.line(eth0.center(), veth.center(), link_color, 2.0f);
    paint.line({veth.max.x, veth.center().y}, {veth.max.x + 12, veth.center().y}, link_color, 2.0f);
    paint.rect_filled(veth, device_fill, 4.0f);
    paint.rect_outline(veth, device_border, 4.0f, 1.0f);
    paint.centered_text(veth, text_color, "veth", 10.0f, TextLevel::Detail);
  }
  if (eth0.width() > 0) {
    paint.rect_filled(eth0, device_fill, 4.0f);
    paint.rect_outline(eth0, device_border, 4.0f, 1.0f);
    paint.centered_text(eth0, text_color, "eth0", 10.0f, TextLevel::Detail);
  }
}

void draw_pod(const Painter& paint, const PodBox& pod_box, const PodLabels& pod) {
  using namespace layout_metrics;
  const ImU32 color = namespace_color(pod.namespace_name);
  paint.rect_filled(pod_box.rect, (color & 0x00ffffff) | 0x55000000, 6.0f);
  paint.rect_outline(pod_box.rect, color, 6.0f, 1.5f);
  const float x = pod_box.rect.min.x + 8;
  // Pod text stops short of the eth0 port on the pod's right edge.
  const float right = pod_box.eth0.width() > 0 ? pod_box.eth0.min.x - 2 : pod_box.rect.max.x;
  paint.push_clip({pod_box.rect.min, {right, pod_box.rect.max.y}});
  paint.fitted_text({x, pod_box.rect.min.y + 4}, right - x - 2, title_color, pod.title, pod.name, pod_title_size, TextLevel::Title);
  paint.text({x, pod_box.rect.min.y + 20}, text_color, pod.address, 12.0f, TextLevel::Detail);
  paint.text({x, pod_box.rect.min.y + 34}, text_color, pod.containers, 11.0f, TextLevel::Detail);
  paint.pop_clip();
  draw_pod_ports(paint, pod_box.eth0, pod_box.veth, pod_box.has_veth);
}

// A collapsed group: a stack of cards, "web ×25", its owner and the hint; expanded, a header bar.
void draw_group(const Painter& paint, const PodGroupBox& group, const GroupLabels& labels) {
  using namespace layout_metrics;
  const ImU32 color = namespace_color(group.namespace_name);
  const ImU32 fill = (color & 0x00ffffff) | 0x55000000;
  if (group.expanded) {
    paint.rect_filled(group.rect, fill, 4.0f);
    paint.rect_outline(group.rect, color, 4.0f, 1.0f);
    paint.push_clip(group.rect);
    const bool drawn = paint.text({group.rect.min.x + 8, group.rect.min.y + 4}, title_color, labels.title, 13.0f, TextLevel::Title);
    if (drawn) paint.text({group.rect.min.x + 90, group.rect.min.y + 6}, text_color, labels.hint, 10.5f, TextLevel::Detail);
    paint.pop_clip();
    return;
  }
  for (float behind : {6.0f, 3.0f}) {
    const Rect card{group.rect.min + Vec2{behind, behind}, group.rect.max + Vec2{behind, behind}};
    paint.rect_filled(card, node_fill, 6.0f);
    paint.rect_outline(card, color, 6.0f, 1.0f);
  }
  paint.rect_filled(group.rect, node_fill, 6.0f);
  paint.rect_filled(group.rect, fill, 6.0f);
  paint.rect_outline(group.rect, color, 6.0f, 1.5f);
  const float x = group.rect.min.x + 8;
  paint.push_clip({group.rect.min, {group.eth0.width() > 0 ? group.eth0.min.x - 2 : group.rect.max.x, group.rect.max.y}});
  paint.text({x, group.rect.min.y + 3}, title_color, labels.title, group_title_size, TextLevel::Title);
  paint.text({x, group.rect.min.y + 21}, text_color, labels.owner, 11.5f, TextLevel::Detail);
  paint.text({x, group.rect.min.y + 35}, text_color, labels.hint, 10.5f, TextLevel::Detail);
  paint.pop_clip();
  draw_pod_ports(paint, group.eth0, group.veth, group.has_veth);
}

// The node network: each row's stretch, the trunk joining them, its name and the datapath.
void draw_node_network(const Painter& paint, const TopologyView& view) {
  const TopologyLayout& layout = view.layout;
  if (layout.network_lines.empty()) return;
  for (const NetworkLine& line : layout.network_lines) paint.line({line.left, line.y}, {line.right, line.y}, network_color, 3.0f);
  if (layout.network_lines.size() > 1)
    paint.line({layout.trunk_x, layout.network_lines.front().y}, {layout.trunk_x, layout.network_lines.back().y}, network_color, 3.0f);
  const NetworkLine& last = layout.network_lines.back();
  // Its width as drawn (never under the readable size) in world units, placed clear of the links.
  const float pixels = text_pixels(12.0f, paint.view.zoom, TextLevel::Detail);
  if (pixels <= 0) return;
  const float width = ImGui::GetFont()->CalcTextSizeA(pixels, FLT_MAX, 0.0f, view.node_network.c_str()).x / paint.view.zoom;
  paint.text({node_network_label_x(layout, width), last.y + 2}, network_color, view.node_network, 12.0f, TextLevel::Detail);
}

void draw_cluster(const Painter& paint, const TopologyView& view) {
  using namespace layout_metrics;
  const TopologyLayout& layout = view.layout;
  draw_node_network(paint, view);
  for (size_t n = 0; n < layout.nodes.size(); ++n) {
    const NodeBox& box = layout.nodes[n];
    const NodeLabels& labels = view.nodes[n];
    paint.line(box.eth0.center(), {box.eth0.center().x, box.network_y}, network_color, 2.0f);
    if (!paint.visible(box.rect)) continue;
    paint.rect_filled(box.rect, node_fill, 8.0f);
    paint.rect_outline(box.rect, node_border, 8.0f, 1.5f);
    const float x = box.rect.min.x + padding;
    const float top = box.rect.min.y;
    paint.push_clip(box.rect);
    paint.text({x, top + 8}, title_color, labels.title, node_title_size, TextLevel::Title);
    paint.text({x, top + 30}, text_color, labels.eth0, 12.0f, TextLevel::Detail);
    paint.text({x, top + 45}, text_color, labels.pod_cidr, 12.0f, TextLevel::Detail);
    paint.text({x, top + 60}, text_color, labels.devices, 11.0f, TextLevel::Detail);
    paint.pop_clip();
    draw_devices(paint, box, labels);
    for (size_t p = 0; p < box.pods.size(); ++p)
      if (paint.visible(box.pods[p].rect)) draw_pod(paint, box.pods[p], view.pods[n][p]);
    for (size_t g = 0; g < box.groups.size(); ++g)
      if (paint.visible(box.groups[g].rect)) draw_group(paint, box.groups[g], view.groups[n][g]);
    draw_collapsed_marker(paint, box, view.collapsed_markers[n]);
  }
  draw_external_host(paint, view);
  draw_service_links(paint, view);
  draw_services(paint, view);
}

// The place the timeline's cursor is at, outlined, so the learner sees which device acted.
void draw_current_place(const Painter& paint, const Timeline& timeline, const TopologyLayout& layout) {
  const TimelineEvent* event = timeline.current();
  if (!event || event->place.kind == PlaceKind::Unknown) return;
  Rect rect = event->place.rect;
  if (event->place.kind == PlaceKind::Pod && event->place.node < layout.nodes.size() &&
      event->place.pod < layout.nodes[event->place.node].pods.size())
    rect = layout.nodes[event->place.node].pods[event->place.pod].rect;
  const Rect grown{rect.min - Vec2{3, 3}, rect.max + Vec2{3, 3}};
  paint.rect_outline(grown, highlight_color, 6.0f, 2.5f);
}

// The key facts of what the mouse is over: a pod, a pod group, a Service, the external host or a node.
const char* hover_text(const TopologyView& view, const CanvasHit& hit) {
  switch (hit.kind) {
    case CanvasObjectKind::None: return nullptr;
    case CanvasObjectKind::Service: return view.services[hit.index].tooltip.c_str();
    case CanvasObjectKind::External: return view.external.tooltip.c_str();
    case CanvasObjectKind::Pod: return view.pods[hit.node_index][hit.index].tooltip.c_str();
    case CanvasObjectKind::PodGroup: return view.groups[hit.node_index][hit.index].tooltip.c_str();
    case CanvasObjectKind::CollapsedPods: return view.collapsed_markers[hit.node_index].c_str();
    case CanvasObjectKind::Node: return view.nodes[hit.node_index].tooltip.c_str();
  }
  return nullptr;
}

// Beside the mouse, inside the canvas, and off the object inspector when it is open.
void draw_hover_tooltip(const AppState& state, const CanvasHit& hit) {
  const char* text = hover_text(state.topology, hit);
  if (!text || !*text) return;
  const ImVec2 extent = ImGui::CalcTextSize(text);
  const ImVec2 padding = ImGui::GetStyle().WindowPadding;
  const Vec2 size{extent.x + padding.x * 2, extent.y + padding.y * 2};
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const Rect avoid = state.object_inspector.selection.empty() ? Rect{} : state.layout.object_inspector;
  const Vec2 at = place_tooltip({mouse.x, mouse.y}, size, state.layout.topology, avoid);
  ImGui::SetNextWindowPos(ImVec2(at.x, at.y));
  ImGui::SetTooltip("%s", text);
}

bool on_a_node(const CanvasHit& hit) {
  return hit.kind == CanvasObjectKind::Node || hit.kind == CanvasObjectKind::Pod || hit.kind == CanvasObjectKind::PodGroup ||
         hit.kind == CanvasObjectKind::CollapsedPods;
}

// A drag on a node (or anything inside it) moves the node; elsewhere it pans. A click that did not
// drag on a pod group expands or collapses it. The wheel zooms around the mouse.
void handle_canvas_input(AppState& state, Intents& intents, Vec2 mouse) {
  const ImGuiIO& io = ImGui::GetIO();
  const Vec2 world = state.view.screen_to_world(mouse);
  if (ImGui::IsItemActivated()) {
    state.canvas_pressed = ImGui::IsMouseDown(ImGuiMouseButton_Left) ? hit_test(state.topology.layout, world) : CanvasHit{};
    state.canvas_dragged = false;
  }
  // Every motion moves (no dead zone, so the view follows the mouse exactly); past ImGui's drag
  // threshold the press no longer counts as a click.
  const bool dragging = ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0.0f) || ImGui::IsMouseDragging(ImGuiMouseButton_Middle, 0.0f);
  if (ImGui::IsItemActive() && (ImGui::IsMouseDragging(ImGuiMouseButton_Left) || ImGui::IsMouseDragging(ImGuiMouseButton_Middle)))
    state.canvas_dragged = true;
  if (ImGui::IsItemActive() && dragging && (io.MouseDelta.x != 0 || io.MouseDelta.y != 0)) {
    const Vec2 delta{io.MouseDelta.x, io.MouseDelta.y};
    if (on_a_node(state.canvas_pressed) && ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
      intents.drag_node = state.session.world().nodes.at(state.canvas_pressed.node).name;
      intents.drag_by = delta * (1.0f / state.view.zoom);
    } else {
      state.view.pan(delta);
      state.view_follows_fit = false;
    }
  }
  if (ImGui::IsItemDeactivated()) {
    const CanvasHit& pressed = state.canvas_pressed;
    if (!state.canvas_dragged && pressed.kind == CanvasObjectKind::PodGroup && pressed.node_index < state.topology.layout.nodes.size())
      intents.toggle_group = state.topology.layout.nodes[pressed.node_index].groups[pressed.index].key;
    else if (!state.canvas_dragged && ImGui::IsMouseReleased(ImGuiMouseButton_Left))  // a click selects what is under it
      intents.select = pick_object(state.session.world(), state.topology.layout, world);
    state.canvas_pressed = {};
  }
  if (ImGui::IsItemHovered() && !ImGui::IsItemActive()) draw_hover_tooltip(state, hit_test(state.topology.layout, world));
  if (ImGui::IsItemHovered() && io.MouseWheel != 0.0f) {
    state.view.zoom_at(mouse, std::pow(1.15f, io.MouseWheel));
    state.view_follows_fit = false;
  }
}

void draw_centered_text(ImDrawList* draw, ImVec2 center, ImU32 color, const char* text) {
  const ImVec2 size = ImGui::CalcTextSize(text);
  draw->AddText(ImVec2(center.x - size.x * 0.5f, center.y - size.y * 0.5f), color, text);
}

}  // namespace

void draw_topology_panel(AppState& state, Intents& intents) {
  // Above the console, left of the side column (web/app/panel_layout.h).
  const Rect& area = state.layout.topology;
  ImGui::SetNextWindowPos(ImVec2(area.min.x, area.min.y));
  ImGui::SetNextWindowSize(ImVec2(area.width(), area.height()));
  // No keyboard navigation here: arrows and Space drive the timeline (web/ui/shortcuts.cpp).
  constexpr ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                     ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoNavInputs;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
  const bool visible = ImGui::Begin("###topology", nullptr, flags);
  ImGui::PopStyleVar(2);
  if (!visible) {
    ImGui::End();
    return;
  }

  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImVec2 size = ImGui::GetContentRegionAvail();
  if (size.x < 1) size.x = 1;
  if (size.y < 1) size.y = 1;
  state.canvas_size = Vec2{size.x, size.y};
  keep_view_fitted(state);

  // The legend's button goes first so it wins the hover over the canvas's; its drawing goes on a
  // channel over the canvas's.
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->ChannelsSplit(2);
  draw->ChannelsSetCurrent(1);
  draw_namespace_legend(state, intents, origin);
  draw->ChannelsSetCurrent(0);
  ImGui::InvisibleButton("###topology.canvas", size,
                         ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonMiddle);
  publish_last_item(state, "topology.canvas", "");
  const ImGuiIO& io = ImGui::GetIO();
  handle_canvas_input(state, intents, Vec2{io.MousePos.x - origin.x, io.MousePos.y - origin.y});
  draw_canvas_context_menu(state, intents, Vec2{origin.x, origin.y});  // the canvas is still the last item

  draw->AddRectFilled(origin, ImVec2(origin.x + size.x, origin.y + size.y), background_color);
  if (state.show_grid) draw_grid(draw, state.view, origin, size);

  draw->PushClipRect(origin, ImVec2(origin.x + size.x, origin.y + size.y), true);
  const Painter paint{draw, state.view, origin, Rect{state.view.screen_to_world({0, 0}), state.view.screen_to_world({size.x, size.y})}};
  draw_cluster(paint, state.topology);
  draw_selection(paint, state.object_inspector.highlight);
  draw_current_place(paint, state.timeline, state.topology.layout);
  draw_canvas_packet(paint, state);
  draw->PopClipRect();
  const ImVec2 center(origin.x + size.x * 0.5f, origin.y + size.y * 0.5f);
  if (state.topology.layout.nodes.empty()) {
    draw_centered_text(draw, ImVec2(center.x, center.y - 12), hint_color, state.text(Text::TopologyEmpty));
  }
  draw->AddText(ImVec2(origin.x + 12, origin.y + size.y - 26), hint_color, state.text(Text::TopologyHint));

  char zoom_text[64];
  std::snprintf(zoom_text, sizeof zoom_text, "%s %d%%", state.text(Text::StatusZoom),
                 static_cast<int>(std::lround(state.view.zoom * 100)));
  const ImVec2 zoom_size = ImGui::CalcTextSize(zoom_text);
  draw->AddText(ImVec2(origin.x + size.x - zoom_size.x - 12, origin.y + size.y - zoom_size.y - 8), hint_color,
                zoom_text);
  draw->ChannelsMerge();
  ImGui::End();
}

}  // namespace podlab::web
