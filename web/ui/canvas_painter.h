// Drawing on the topology canvas in world units: the camera's transform applied to ImGui's draw
// list, and text sized by the canvas's level-of-detail rule (web/app/canvas_view.h: never under a
// readable size; details left out when zoomed far out). Objects wholly outside the canvas are
// skipped by the callers through `visible`, so a large cluster costs only what is on screen.
// Shared by the canvas panel, its Services and the packet it draws moving along the trace.
#pragma once

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <functional>
#include <string>

#include "web/app/canvas_view.h"
#include "web/app/middle_ellipsis.h"

namespace podlab::web {

struct Painter {
  ImDrawList* draw;
  const CanvasView& view;
  ImVec2 origin;
  Rect visible_world;  // the part of the world the canvas shows

  ImVec2 at(Vec2 world) const {
    const Vec2 screen = view.world_to_screen(world);
    return ImVec2(origin.x + screen.x, origin.y + screen.y);
  }
  bool visible(const Rect& rect) const {
    return rect.min.x < visible_world.max.x && rect.max.x > visible_world.min.x && rect.min.y < visible_world.max.y &&
           rect.max.y > visible_world.min.y;
  }
  // Text at a world position, `size` in world units; returns false when the level of detail left it out.
  bool text(Vec2 world, ImU32 color, const char* begin, const char* end, float size, TextLevel level) const {
    const float pixels = text_pixels(size, view.zoom, level);
    if (pixels <= 0) return false;
    draw->AddText(ImGui::GetFont(), pixels, at(world), color, begin, end);
    return true;
  }
  bool text(Vec2 world, ImU32 color, const std::string& value, float size, TextLevel level) const {
    return text(world, color, value.c_str(), value.c_str() + value.size(), size, level);
  }
  bool text(Vec2 world, ImU32 color, const char* value, float size, TextLevel level) const {
    return text(world, color, value, nullptr, size, level);
  }
  // Text at a world position in `room` world units: `value` when it fits at the size drawn, else
  // `name` shortened in its middle ("very-long…-name-7d9f"; the tooltip has it whole).
  bool fitted_text(Vec2 world, float room, ImU32 color, const std::string& value, const std::string& name, float size,
                   TextLevel level) const {
    const float pixels = text_pixels(size, view.zoom, level);
    if (pixels <= 0) return false;
    struct Measure {
      ImFont* font;
      float pixels;
      float operator()(std::string_view text) const {
        return font->CalcTextSizeA(pixels, FLT_MAX, 0.0f, text.data(), text.data() + text.size()).x;
      }
    };
    const Measure measure{ImGui::GetFont(), pixels};
    std::string_view shown = value;
    char buffer[256];
    if (measure(shown) > room * view.zoom) shown = middle_ellipsis(name, room * view.zoom, MeasureText(std::cref(measure)), buffer);
    draw->AddText(measure.font, pixels, at(world), color, shown.data(), shown.data() + shown.size());
    return true;
  }
  // Text centred in a world rectangle; a label wider than its box (a device's name on a small pill,
  // drawn at the readable size) is made smaller to fit, down to a floor still read easily.
  void centered_text(const Rect& rect, ImU32 color, const char* begin, const char* end, float size, TextLevel level) const {
    float pixels = text_pixels(size, view.zoom, level);
    if (pixels <= 0) return;
    ImVec2 extent = ImGui::GetFont()->CalcTextSizeA(pixels, FLT_MAX, 0.0f, begin, end);
    const float room = rect.width() * view.zoom - 4;
    if (extent.x > room && room > 0) {
      constexpr float floor_pixels = 9.0f;
      pixels = std::max(floor_pixels, pixels * room / extent.x);
      extent = ImGui::GetFont()->CalcTextSizeA(pixels, FLT_MAX, 0.0f, begin, end);
    }
    const ImVec2 center = at(rect.center());
    draw->AddText(ImGui::GetFont(), pixels, ImVec2(center.x - extent.x * 0.5f, center.y - extent.y * 0.5f), color, begin, end);
  }
  void centered_text(const Rect& rect, ImU32 color, const std::string& value, float size, TextLevel level) const {
    centered_text(rect, color, value.c_str(), value.c_str() + value.size(), size, level);
  }
  void centered_text(const Rect& rect, ImU32 color, const char* value, float size, TextLevel level) const {
    centered_text(rect, color, value, nullptr, size, level);
  }
  // Text drawn beyond its world size spills out of its box: clip it to the box.
  void push_clip(const Rect& rect) const { draw->PushClipRect(at(rect.min), at(rect.max), true); }
  void pop_clip() const { draw->PopClipRect(); }
  void rect_filled(const Rect& rect, ImU32 color, float rounding) const {
    draw->AddRectFilled(at(rect.min), at(rect.max), color, rounding * view.zoom);
  }
  void rect_outline(const Rect& rect, ImU32 color, float rounding, float thickness) const {
    draw->AddRect(at(rect.min), at(rect.max), color, rounding * view.zoom, 0, thickness * view.zoom);
  }
  void line(Vec2 a, Vec2 b, ImU32 color, float thickness) const { draw->AddLine(at(a), at(b), color, thickness * view.zoom); }
};

// The packet of the timeline's cursor, drawn over the cluster (web/ui/canvas_packet.cpp).
struct AppState;
struct Intents;
struct TopologyView;
struct NodeBox;
void draw_canvas_packet(const Painter& paint, const AppState& state);

// web/ui/canvas_services.cpp: one colour per Kubernetes namespace, stable across runs; the external
// host, the Services and their links to endpoints, kube-system's collapsed marker, the legend.
ImU32 namespace_color(const std::string& name);
void draw_external_host(const Painter& paint, const TopologyView& view);
void draw_service_links(const Painter& paint, const TopologyView& view);
void draw_services(const Painter& paint, const TopologyView& view);
void draw_collapsed_marker(const Painter& paint, const NodeBox& box, const std::string& label);
// In screen space at the canvas's top-left corner; call before the canvas's own button.
void draw_namespace_legend(AppState& state, Intents& intents, ImVec2 origin);

// web/ui/canvas_selection.cpp: the selected object and its links, outlined.
struct SelectionHighlight;
void draw_selection(const Painter& paint, const SelectionHighlight& highlight);

}  // namespace podlab::web
