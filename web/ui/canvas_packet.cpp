// The packet at the timeline's cursor, drawn on the canvas where its hop happened and moving to the
// next place as the timeline plays: blue on the way there, orange on the way back, and inside a
// tunnel drawn as a packet inside a packet (the outer box labelled VXLAN or IPIP).
#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <utility>

#include "web/app/app_state.h"
#include "web/ui/canvas_painter.h"

namespace podlab::web {

namespace {

constexpr ImU32 outbound_fill = IM_COL32(80, 170, 255, 255);
constexpr ImU32 return_fill = IM_COL32(255, 160, 70, 255);
constexpr ImU32 packet_border = IM_COL32(240, 244, 250, 255);
constexpr ImU32 tunnel_fill = IM_COL32(150, 110, 220, 235);
constexpr ImU32 tunnel_text = IM_COL32(255, 255, 255, 255);
constexpr ImU32 drop_color = IM_COL32(240, 80, 80, 255);

}  // namespace

void draw_canvas_packet(const Painter& paint, const AppState& state) {
  const PacketMarker marker = packet_marker(state.timeline, state.topology.layout);
  if (!marker.visible) return;
  // Sized in screen pixels (a little larger when zoomed in), so it stays readable zoomed out.
  const float scale = std::clamp(paint.view.zoom, 0.9f, 1.5f);
  const ImVec2 c = paint.at(marker.position);
  auto box = [&](float left, float top, float right, float bottom) {
    return std::pair<ImVec2, ImVec2>{ImVec2(c.x + left * scale, c.y + top * scale), ImVec2(c.x + right * scale, c.y + bottom * scale)};
  };
  ImDrawList* draw = paint.draw;
  const ImU32 fill = marker.direction == Direction::Return ? return_fill : outbound_fill;
  if (marker.encapsulated) {
    // The outer packet, with the pod's packet inside it.
    const auto [outer_min, outer_max] = box(-32, -20, 32, 20);
    draw->AddRectFilled(outer_min, outer_max, tunnel_fill, 5 * scale);
    draw->AddRect(outer_min, outer_max, packet_border, 5 * scale, 0, 1.5f);
    const float text_size = 11.0f * scale;
    const ImVec2 extent = ImGui::GetFont()->CalcTextSizeA(text_size, FLT_MAX, 0.0f, marker.tunnel);
    draw->AddText(ImGui::GetFont(), text_size, ImVec2(c.x - extent.x * 0.5f, outer_min.y + 1), tunnel_text, marker.tunnel);
    const auto [inner_min, inner_max] = box(-14, -3, 14, 15);
    draw->AddRectFilled(inner_min, inner_max, fill, 3 * scale);
    draw->AddRect(inner_min, inner_max, packet_border, 3 * scale, 0, 1.0f);
  } else {
    const auto [packet_min, packet_max] = box(-15, -10, 15, 10);
    draw->AddRectFilled(packet_min, packet_max, fill, 3 * scale);
    draw->AddRect(packet_min, packet_max, packet_border, 3 * scale, 0, 1.5f);
    // An envelope's flap, so it reads as a packet rather than a box.
    const ImVec2 fold(c.x, c.y + 2 * scale);
    draw->AddLine(packet_min, fold, packet_border, 1.0f);
    draw->AddLine(ImVec2(packet_max.x, packet_min.y), fold, packet_border, 1.0f);
  }
  if (marker.dropped) {
    const float r = 16 * scale;
    draw->AddLine(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), drop_color, 4.0f);
    draw->AddLine(ImVec2(c.x - r, c.y + r), ImVec2(c.x + r, c.y - r), drop_color, 4.0f);
  }
}

}  // namespace podlab::web
