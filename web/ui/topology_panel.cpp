// The topology canvas: fills the window under the menu bar, pans with a drag on the background and
// zooms with the wheel around the mouse. Draws the grid of the world's coordinates and, when the
// cluster is empty, says so.
#include <imgui.h>

#include <cstdio>

#include <cmath>

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

void draw_centered_text(ImDrawList* draw, ImVec2 center, ImU32 color, const char* text) {
  const ImVec2 size = ImGui::CalcTextSize(text);
  draw->AddText(ImVec2(center.x - size.x * 0.5f, center.y - size.y * 0.5f), color, text);
}

}  // namespace

void draw_topology_panel(AppState& state, Intents&) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
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
  const bool first_layout = state.canvas_size.x == 0 && state.canvas_size.y == 0;
  state.canvas_size = Vec2{size.x, size.y};
  if (first_layout) state.view.offset = state.canvas_size * 0.5f;

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

  const ImVec2 center(origin.x + size.x * 0.5f, origin.y + size.y * 0.5f);
  draw_centered_text(draw, ImVec2(center.x, center.y - 12), hint_color, state.text(Text::TopologyEmpty));
  draw_centered_text(draw, ImVec2(center.x, center.y + 12), hint_color, state.text(Text::TopologyHint));

  char zoom_text[64];
  std::snprintf(zoom_text, sizeof zoom_text, "%s %d%%", state.text(Text::StatusZoom),
                 static_cast<int>(std::lround(state.view.zoom * 100)));
  const ImVec2 zoom_size = ImGui::CalcTextSize(zoom_text);
  draw->AddText(ImVec2(origin.x + size.x - zoom_size.x - 12, origin.y + size.y - zoom_size.y - 8), hint_color,
                zoom_text);
  ImGui::End();
}

}  // namespace podlab::web
