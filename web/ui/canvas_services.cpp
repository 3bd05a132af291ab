// What the canvas draws besides the nodes: the external host under the node network line, the row
// of Services beside it with dashed links to their endpoints (routed by the layout around the node
// boxes), kube-system's collapsed marker inside a node, and the legend of namespace colours (its
// kube-system row collapses and expands them).
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "web/app/topology_view.h"
#include "web/ui/canvas_painter.h"
#include "web/ui/panels.h"

namespace podlab::web {

namespace {

constexpr ImU32 box_fill = IM_COL32(34, 40, 52, 255);
constexpr ImU32 external_border = IM_COL32(200, 200, 120, 255);
constexpr ImU32 title_color = IM_COL32(230, 236, 245, 255);
constexpr ImU32 text_color = IM_COL32(190, 198, 212, 255);
constexpr ImU32 network_color = IM_COL32(120, 170, 230, 255);
constexpr ImU32 device_fill = IM_COL32(30, 36, 48, 255);
constexpr ImU32 legend_fill = IM_COL32(20, 24, 32, 220);
constexpr ImU32 legend_hover = IM_COL32(60, 70, 90, 255);

ImU32 with_alpha(ImU32 color, uint32_t alpha) { return (color & 0x00ffffffu) | (alpha << 24); }

// Dashes measured on screen, so a link costs as many dashes as the pixels it covers, whatever the
// zoom; a segment outside the canvas costs none.
void dashed_line(const Painter& paint, Vec2 a, Vec2 b, ImU32 color, float thickness) {
  const Rect extent{{std::min(a.x, b.x) - 1, std::min(a.y, b.y) - 1}, {std::max(a.x, b.x) + 1, std::max(a.y, b.y) + 1}};
  if (!paint.visible(extent)) return;
  const ImVec2 from = paint.at(a);
  const ImVec2 to = paint.at(b);
  const float dx = to.x - from.x, dy = to.y - from.y;
  const float length = std::sqrt(dx * dx + dy * dy);
  if (length <= 0) return;
  constexpr float dash = 8.0f, gap = 5.0f;
  const float width = std::max(1.0f, thickness * paint.view.zoom);
  for (float s = 0; s < length; s += dash + gap) {
    const float e = std::min(s + dash, length);
    paint.draw->AddLine(ImVec2(from.x + dx * s / length, from.y + dy * s / length),
                        ImVec2(from.x + dx * e / length, from.y + dy * e / length), color, width);
  }
}

}  // namespace

ImU32 namespace_color(const std::string& name) {
  static constexpr ImU32 palette[] = {IM_COL32(64, 120, 200, 255), IM_COL32(70, 160, 110, 255),
                                      IM_COL32(190, 130, 60, 255),  IM_COL32(160, 90, 180, 255),
                                      IM_COL32(180, 80, 90, 255),   IM_COL32(60, 160, 170, 255)};
  uint32_t hash = 2166136261u;
  for (char c : name) hash = (hash ^ static_cast<uint8_t>(c)) * 16777619u;
  return palette[hash % (sizeof palette / sizeof palette[0])];
}

void draw_external_host(const Painter& paint, const TopologyView& view) {
  const ExternalBox& box = view.layout.external;
  if (!box.present) return;
  if (!paint.visible(box.rect)) return;
  paint.line(box.eth0.center(), {box.eth0.center().x, view.layout.node_network_y}, network_color, 2.0f);
  paint.rect_filled(box.rect, box_fill, 8.0f);
  paint.rect_outline(box.rect, external_border, 8.0f, 1.5f);
  const float x = box.rect.min.x + 12;
  paint.push_clip(box.rect);
  paint.text({x, box.rect.min.y + 16}, title_color, view.external.title, 16.0f, TextLevel::Title);
  paint.text({x, box.rect.min.y + 38}, text_color, view.external.role, 12.0f, TextLevel::Detail);
  paint.text({x, box.rect.min.y + 55}, text_color, view.external.eth0, 12.0f, TextLevel::Detail);
  paint.pop_clip();
  paint.rect_filled(box.eth0, device_fill, 5.0f);
  paint.rect_outline(box.eth0, network_color, 5.0f, 1.5f);
  paint.centered_text(box.eth0, title_color, "eth0", 12.0f, TextLevel::Detail);
}

void draw_service_links(const Painter& paint, const TopologyView& view) {
  for (size_t i = 0; i < view.layout.services.size(); ++i) {
    const ServiceBox& box = view.layout.services[i];
    const ImU32 color = with_alpha(namespace_color(view.services[i].namespace_name), 200);
    for (const ServiceLink& link : box.links)
      for (size_t p = 1; p < link.count; ++p) dashed_line(paint, link.points[p - 1], link.points[p], color, 1.5f);
  }
}

void draw_services(const Painter& paint, const TopologyView& view) {
  for (size_t i = 0; i < view.layout.services.size(); ++i) {
    const ServiceBox& box = view.layout.services[i];
    const ServiceLabels& labels = view.services[i];
    const ImU32 color = namespace_color(labels.namespace_name);
    if (!paint.visible(box.rect)) continue;
    paint.rect_filled(box.rect, box_fill, 10.0f);
    paint.rect_filled(box.rect, with_alpha(color, 0x40), 10.0f);
    paint.rect_outline(box.rect, color, 10.0f, 2.0f);
    const float x = box.rect.min.x + 12;
    paint.push_clip(box.rect);
    paint.text({x, box.rect.min.y + 5}, title_color, labels.title, layout_metrics::service_title_size, TextLevel::Title);
    paint.text({x, box.rect.min.y + 23}, text_color, labels.type, 12.0f, TextLevel::Detail);
    paint.text({x, box.rect.min.y + 39}, title_color, labels.address, 12.5f, TextLevel::Detail);
    paint.text({x, box.rect.min.y + 56}, text_color, labels.node_port.empty() ? labels.endpoints : labels.node_port, 11.5f,
               TextLevel::Detail);
    if (!labels.node_port.empty())
      paint.text({box.rect.max.x - 86, box.rect.min.y + 23}, text_color, labels.endpoints, 11.5f, TextLevel::Detail);
    paint.pop_clip();
  }
}

void draw_collapsed_marker(const Painter& paint, const NodeBox& box, const std::string& label) {
  if (box.collapsed_pods.empty()) return;
  const ImU32 color = namespace_color("kube-system");
  paint.rect_filled(box.collapsed_marker, with_alpha(color, 0x55), 6.0f);
  paint.rect_outline(box.collapsed_marker, color, 6.0f, 1.0f);
  paint.push_clip(box.collapsed_marker);
  paint.text({box.collapsed_marker.min.x + 8, box.collapsed_marker.min.y + 5}, title_color, label, 12.5f, TextLevel::Title);
  paint.pop_clip();
}

// One strip along the canvas's top (the fitted view leaves it free: web/app/app_state.cpp), so the
// legend never covers a node: "Namespaces  ■ default  ■ kube-system (collapsed, click to expand)".
void draw_namespace_legend(AppState& state, Intents& intents, ImVec2 origin) {
  const std::vector<std::string>& names = state.topology.namespaces;
  if (names.empty()) return;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float line = ImGui::GetTextLineHeight();
  const float square = line - 4;
  const char* collapsed_note = state.text(Text::LegendCollapsed);
  const bool collapsed = state.topology_options.collapse_kube_system;
  const auto entry_width = [&](const std::string& name) {
    float width = square + 6 + ImGui::CalcTextSize(name.c_str()).x;
    if (name == "kube-system" && collapsed) width += 6 + ImGui::CalcTextSize(collapsed_note).x;
    return width;
  };
  float width = ImGui::CalcTextSize(state.text(Text::LegendTitle)).x;
  for (const std::string& name : names) width += 16 + entry_width(name);
  const ImVec2 min(origin.x + 8, origin.y + 4);
  const ImVec2 max(min.x + width + 16, min.y + line + 8);
  draw->AddRectFilled(min, max, legend_fill, 6.0f);
  draw->AddText(ImVec2(min.x + 8, min.y + 4), title_color, state.text(Text::LegendTitle));
  float x = min.x + 8 + ImGui::CalcTextSize(state.text(Text::LegendTitle)).x + 16;
  const float y = min.y + 4;
  for (const std::string& name : names) {
    const float entry = entry_width(name);
    if (name == "kube-system") {
      // The entry is a button: submitted before the canvas's own button, so it wins the hover.
      ImGui::SetCursorScreenPos(ImVec2(x - 4, y - 2));
      if (ImGui::InvisibleButton("###legend.kube-system", ImVec2(entry + 8, line + 4))) intents.toggle_kube_system = true;
      // No label: the namespace's name reads the same in every language.
      publish_last_item(state, "legend.kube-system", "");
      if (ImGui::IsItemHovered()) draw->AddRectFilled(ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), legend_hover, 4.0f);
    }
    draw->AddRectFilled(ImVec2(x, y + 2), ImVec2(x + square, y + 2 + square), namespace_color(name), 2.0f);
    draw->AddText(ImVec2(x + square + 6, y), text_color, name.c_str());
    if (name == "kube-system" && collapsed)
      draw->AddText(ImVec2(x + square + 12 + ImGui::CalcTextSize(name.c_str()).x, y), text_color, collapsed_note);
    x += entry + 16;
  }
  ImGui::SetCursorScreenPos(origin);
}

}  // namespace podlab::web
