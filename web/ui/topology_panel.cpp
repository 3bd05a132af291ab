// The topology canvas: fills the window under the menu bar, pans with a drag on the background and
// zooms with the wheel around the mouse. Draws the grid of the world's coordinates, the nodes (the
// external host, Services and legend in web/ui/canvas_services.cpp), a tooltip with the key facts of
// what the mouse is over and, when the cluster is empty, says so.
#include <imgui.h>

#include <cstdio>

#include <algorithm>
#include <cmath>

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
  const bool has_veths = std::any_of(box.pods.begin(), box.pods.end(), [](const PodBox& pod) { return pod.has_veth; });
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
    paint.centered_text(label, title_color, labels.bridge, 12.0f);
  } else if (has_veths) {
    paint.line({box.bridge.center().x, box.bridge.min.y}, bridge_bottom, link_color, 1.5f);
  }
  if (box.has_tunnel) {
    paint.rect_filled(box.tunnel, tunnel_fill, 5.0f);
    paint.rect_outline(box.tunnel, tunnel_border, 5.0f, 1.0f);
    paint.centered_text(box.tunnel, title_color, labels.tunnel, 13.0f);
  }
  paint.rect_filled(box.eth0, device_fill, 5.0f);
  paint.rect_outline(box.eth0, network_color, 5.0f, 1.5f);
  paint.centered_text(box.eth0, title_color, "eth0", 13.0f);
}

void draw_pod_ports(const Painter& paint, const PodBox& pod) {
  if (pod.has_veth) {
    paint.line(pod.eth0.center(), pod.veth.center(), link_color, 2.0f);
    paint.line({pod.veth.max.x, pod.veth.center().y}, {pod.veth.max.x + 10, pod.veth.center().y}, link_color, 2.0f);
    paint.rect_filled(pod.veth, device_fill, 4.0f);
    paint.rect_outline(pod.veth, device_border, 4.0f, 1.0f);
    paint.centered_text(pod.veth, text_color, "veth", 11.5f);
  }
  if (pod.eth0.width() > 0) {
    paint.rect_filled(pod.eth0, device_fill, 4.0f);
    paint.rect_outline(pod.eth0, device_border, 4.0f, 1.0f);
    paint.centered_text(pod.eth0, text_color, "eth0", 11.5f);
  }
}

void draw_cluster(const Painter& paint, const TopologyView& view) {
  using namespace layout_metrics;
  const TopologyLayout& layout = view.layout;
  // The node network: one L2 segment joining every node's eth0.
  if (!layout.nodes.empty()) {
    const float y = layout.node_network_y;
    paint.line({layout.bounds.min.x - 20, y}, {layout.bounds.max.x + 20, y}, network_color, 3.0f);
    paint.text({layout.bounds.min.x - 20, y + 8}, network_color, view.node_network);
  }
  for (size_t n = 0; n < layout.nodes.size(); ++n) {
    const NodeBox& box = layout.nodes[n];
    const NodeLabels& labels = view.nodes[n];
    paint.line(box.eth0.center(), {box.eth0.center().x, layout.node_network_y}, network_color, 2.0f);
    paint.rect_filled(box.rect, node_fill, 8.0f);
    paint.rect_outline(box.rect, node_border, 8.0f, 1.5f);
    const float x = box.rect.min.x + padding;
    paint.text({x, 10}, title_color, labels.title, 18.0f);
    paint.text({x, 36}, text_color, labels.eth0);
    paint.text({x, 56}, text_color, labels.pod_cidr);
    paint.text({x, 74}, text_color, labels.devices, 13.0f);
    draw_devices(paint, box, labels);
    for (size_t p = 0; p < box.pods.size(); ++p) {
      const PodBox& pod_box = box.pods[p];
      const PodLabels& pod = view.pods[n][p];
      const ImU32 color = namespace_color(pod.namespace_name);
      paint.rect_filled(pod_box.rect, (color & 0x00ffffff) | 0x55000000, 6.0f);
      paint.rect_outline(pod_box.rect, color, 6.0f, 1.5f);
      const float px = pod_box.rect.min.x + 10;
      // Pod text stops short of the eth0 port on the pod's right edge.
      paint.draw->PushClipRect(paint.at(pod_box.rect.min), paint.at({pod_box.eth0.width() > 0 ? pod_box.eth0.min.x - 2 : pod_box.rect.max.x, pod_box.rect.max.y}), true);
      paint.text({px, pod_box.rect.min.y + 6}, title_color, pod.title, 15.0f);
      paint.text({px, pod_box.rect.min.y + 24}, text_color, pod.address, 13.5f);
      paint.text({px, pod_box.rect.min.y + 40}, text_color, pod.containers, 12.5f);
      paint.draw->PopClipRect();
      draw_pod_ports(paint, pod_box);
    }
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

// The key facts of what the mouse is over: a pod, a Service, the external host or a node.
void draw_hover_tooltip(const TopologyView& view, Vec2 world) {
  const TopologyLayout& layout = view.layout;
  for (size_t i = 0; i < layout.services.size(); ++i)
    if (layout.services[i].rect.contains(world)) return ImGui::SetTooltip("%s", view.services[i].tooltip.c_str());
  if (layout.external.present && layout.external.rect.contains(world))
    return ImGui::SetTooltip("%s\n%s", view.external.eth0.c_str(), view.external.role.c_str());
  for (size_t n = 0; n < layout.nodes.size(); ++n) {
    if (!layout.nodes[n].rect.contains(world)) continue;
    for (size_t p = 0; p < layout.nodes[n].pods.size(); ++p)
      if (layout.nodes[n].pods[p].rect.contains(world)) return ImGui::SetTooltip("%s", view.pods[n][p].tooltip.c_str());
    return ImGui::SetTooltip("%s", view.nodes[n].tooltip.c_str());
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
  if (!state.view_fitted) {
    fit_view(state);
    state.view_fitted = true;
  }

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
  // A left click (a press and release without dragging) selects what is under the mouse.
  if (ImGui::IsItemDeactivated() && ImGui::IsMouseReleased(ImGuiMouseButton_Left) &&
      io.MouseDragMaxDistanceSqr[ImGuiMouseButton_Left] < 16.0f) {
    const Vec2 mouse{io.MousePos.x - origin.x, io.MousePos.y - origin.y};
    intents.select = pick_object(state.session.world(), state.topology.layout, state.view.screen_to_world(mouse));
  }
  if (ImGui::IsItemActive() && (ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0.0f) ||
                                ImGui::IsMouseDragging(ImGuiMouseButton_Middle, 0.0f))) {
    state.view.pan(Vec2{io.MouseDelta.x, io.MouseDelta.y});
  }
  if (ImGui::IsItemHovered() && !ImGui::IsItemActive()) {
    const Vec2 mouse{io.MousePos.x - origin.x, io.MousePos.y - origin.y};
    draw_hover_tooltip(state.topology, state.view.screen_to_world(mouse));
  }
  if (ImGui::IsItemHovered() && io.MouseWheel != 0.0f) {
    const Vec2 anchor{io.MousePos.x - origin.x, io.MousePos.y - origin.y};
    state.view.zoom_at(anchor, std::pow(1.15f, io.MouseWheel));
  }
  draw_canvas_context_menu(state, intents, Vec2{origin.x, origin.y});  // the canvas is still the last item

  draw->AddRectFilled(origin, ImVec2(origin.x + size.x, origin.y + size.y), background_color);
  if (state.show_grid) draw_grid(draw, state.view, origin, size);

  draw->PushClipRect(origin, ImVec2(origin.x + size.x, origin.y + size.y), true);
  const Painter paint{draw, state.view, origin};
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
