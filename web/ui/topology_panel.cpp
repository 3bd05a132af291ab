// The topology canvas: fills the window under the menu bar, pans with a drag on the background and
// zooms with the wheel around the mouse. Draws the grid of the world's coordinates and, when the
// cluster is empty, says so.
#include <imgui.h>

#include <cstdio>

#include <algorithm>
#include <cmath>

#include "web/app/topology_view.h"
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

// One colour per Kubernetes namespace, stable across runs.
ImU32 namespace_color(const std::string& name) {
  static constexpr ImU32 palette[] = {IM_COL32(64, 120, 200, 255), IM_COL32(70, 160, 110, 255),
                                      IM_COL32(190, 130, 60, 255),  IM_COL32(160, 90, 180, 255),
                                      IM_COL32(180, 80, 90, 255),   IM_COL32(60, 160, 170, 255)};
  uint32_t hash = 2166136261u;
  for (char c : name) hash = (hash ^ static_cast<uint8_t>(c)) * 16777619u;
  return palette[hash % (sizeof palette / sizeof palette[0])];
}

struct Painter {
  ImDrawList* draw;
  const CanvasView& view;
  ImVec2 origin;

  ImVec2 at(Vec2 world) const {
    const Vec2 screen = view.world_to_screen(world);
    return ImVec2(origin.x + screen.x, origin.y + screen.y);
  }
  void text(Vec2 world, ImU32 color, const std::string& value, float size = 15.0f) const {
    const float pixels = size * view.zoom;
    if (pixels < 6.0f) return;  // too small to read: leave it out rather than draw noise
    draw->AddText(ImGui::GetFont(), pixels, at(world), color, value.c_str(), value.c_str() + value.size());
  }
  void text(Vec2 world, ImU32 color, const char* value, float size = 15.0f) const {
    const float pixels = size * view.zoom;
    if (pixels < 6.0f) return;
    draw->AddText(ImGui::GetFont(), pixels, at(world), color, value);
  }
};

void draw_cluster(const Painter& paint, const TopologyView& view) {
  using namespace layout_metrics;
  const TopologyLayout& layout = view.layout;
  const float zoom = paint.view.zoom;
  // The node network: one L2 segment joining every node's eth0.
  if (!layout.nodes.empty()) {
    const float y = layout.node_network_y;
    paint.draw->AddLine(paint.at({layout.bounds.min.x - 20, y}), paint.at({layout.bounds.max.x + 20, y}), network_color,
                        3.0f * zoom);
    paint.text({layout.bounds.min.x - 20, y + 8}, network_color, view.node_network);
  }
  for (size_t n = 0; n < layout.nodes.size(); ++n) {
    const NodeBox& box = layout.nodes[n];
    const NodeLabels& labels = view.nodes[n];
    const Vec2 eth0{box.rect.center().x, box.rect.max.y};
    paint.draw->AddLine(paint.at(eth0), paint.at({eth0.x, layout.node_network_y}), network_color, 2.0f * zoom);
    paint.draw->AddRectFilled(paint.at(box.rect.min), paint.at(box.rect.max), node_fill, 8.0f * zoom);
    paint.draw->AddRect(paint.at(box.rect.min), paint.at(box.rect.max), node_border, 8.0f * zoom, 0, 1.5f * zoom);
    const float x = box.rect.min.x + padding;
    paint.text({x, 10}, title_color, labels.title, 18.0f);
    paint.text({x, 36}, text_color, labels.eth0);
    paint.text({x, 56}, text_color, labels.pod_cidr);
    paint.text({x, 76}, text_color, labels.devices);
    paint.text({eth0.x + 6, box.rect.max.y + 6}, network_color, "eth0", 13.0f);
    for (size_t p = 0; p < box.pods.size(); ++p) {
      const PodBox& pod_box = box.pods[p];
      const PodLabels& pod = view.pods[n][p];
      const ImU32 color = namespace_color(pod.namespace_name);
      paint.draw->AddRectFilled(paint.at(pod_box.rect.min), paint.at(pod_box.rect.max), (color & 0x00ffffff) | 0x55000000,
                                6.0f * zoom);
      paint.draw->AddRect(paint.at(pod_box.rect.min), paint.at(pod_box.rect.max), color, 6.0f * zoom, 0, 1.5f * zoom);
      const float px = pod_box.rect.min.x + 10;
      paint.text({px, pod_box.rect.min.y + 6}, title_color, pod.title, 15.0f);
      paint.text({px, pod_box.rect.min.y + 24}, text_color, pod.address, 13.5f);
      paint.text({px, pod_box.rect.min.y + 40}, text_color, pod.containers, 12.5f);
    }
  }
}

void draw_centered_text(ImDrawList* draw, ImVec2 center, ImU32 color, const char* text) {
  const ImVec2 size = ImGui::CalcTextSize(text);
  draw->AddText(ImVec2(center.x - size.x * 0.5f, center.y - size.y * 0.5f), color, text);
}

}  // namespace

void draw_topology_panel(AppState& state, Intents&) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  // Above the console, which takes the bottom of the window.
  const float console_height = std::min(state.console_height, viewport->WorkSize.y * 0.6f);
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(ImVec2(viewport->WorkSize.x, viewport->WorkSize.y - console_height));
  constexpr ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                     ImGuiWindowFlags_NoScrollWithMouse;
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

  ImGui::InvisibleButton("###topology.canvas", size,
                         ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonMiddle);
  publish_last_item(state, "topology.canvas", "");
  const ImGuiIO& io = ImGui::GetIO();
  if (ImGui::IsItemActive() && (ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0.0f) ||
                                ImGui::IsMouseDragging(ImGuiMouseButton_Middle, 0.0f))) {
    state.view.pan(Vec2{io.MouseDelta.x, io.MouseDelta.y});
  }
  if (ImGui::IsItemHovered() && io.MouseWheel != 0.0f) {
    const Vec2 anchor{io.MousePos.x - origin.x, io.MousePos.y - origin.y};
    state.view.zoom_at(anchor, std::pow(1.15f, io.MouseWheel));
  }

  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(origin, ImVec2(origin.x + size.x, origin.y + size.y), background_color);
  if (state.show_grid) draw_grid(draw, state.view, origin, size);

  refresh_topology_view(state.topology, state.session, state.topology_words());
  draw->PushClipRect(origin, ImVec2(origin.x + size.x, origin.y + size.y), true);
  draw_cluster(Painter{draw, state.view, origin}, state.topology);
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
  ImGui::End();
}

}  // namespace podlab::web
