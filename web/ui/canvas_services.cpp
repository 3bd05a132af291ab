// What the canvas draws besides the nodes: the external host on the node network line, the row of
// Services under it with dashed links to their endpoints, kube-system's collapsed marker inside a
// node, and the legend of namespace colours (its kube-system row collapses and expands them).
#include <imgui.h>

#include <cmath>
#include <cstdio>

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

void dashed_line(const Painter& paint, Vec2 a, Vec2 b, ImU32 color, float thickness) {
  const Vec2 d = b - a;
  const float length = std::sqrt(d.x * d.x + d.y * d.y);
  if (length <= 0) return;
  constexpr float dash = 9.0f, gap = 6.0f;
  for (float s = 0; s < length; s += dash + gap) {
    const float e = std::min(s + dash, length);
    paint.line(a + d * (s / length), a + d * (e / length), color, thickness);
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
  paint.line(box.eth0.center(), {box.eth0.center().x, view.layout.node_network_y}, network_color, 2.0f);
  paint.rect_filled(box.rect, box_fill, 8.0f);
  paint.rect_outline(box.rect, external_border, 8.0f, 1.5f);
  const float x = box.rect.min.x + 12;
  paint.text({x, box.rect.min.y + 8}, title_color, view.external.title, 18.0f);
  paint.text({x, box.rect.min.y + 32}, text_color, view.external.role, 13.0f);
  paint.text({x, box.rect.min.y + 50}, text_color, view.external.eth0, 13.5f);
  paint.rect_filled(box.eth0, device_fill, 5.0f);
  paint.rect_outline(box.eth0, network_color, 5.0f, 1.5f);
  paint.centered_text(box.eth0, title_color, "eth0", 13.0f);
}

void draw_service_links(const Painter& paint, const TopologyView& view) {
  for (size_t i = 0; i < view.layout.services.size(); ++i) {
    const ServiceBox& box = view.layout.services[i];
    const ImU32 color = with_alpha(namespace_color(view.services[i].namespace_name), 200);
    const Vec2 from{box.rect.center().x, box.rect.min.y};
    for (const Rect& endpoint : box.endpoints) dashed_line(paint, from, {endpoint.center().x, endpoint.max.y}, color, 1.5f);
  }
}

void draw_services(const Painter& paint, const TopologyView& view) {
  for (size_t i = 0; i < view.layout.services.size(); ++i) {
    const ServiceBox& box = view.layout.services[i];
    const ServiceLabels& labels = view.services[i];
    const ImU32 color = namespace_color(labels.namespace_name);
    paint.rect_filled(box.rect, box_fill, 10.0f);
    paint.rect_filled(box.rect, with_alpha(color, 0x40), 10.0f);
    paint.rect_outline(box.rect, color, 10.0f, 2.0f);
    const float x = box.rect.min.x + 12;
    paint.draw->PushClipRect(paint.at(box.rect.min), paint.at(box.rect.max), true);
    paint.text({x, box.rect.min.y + 6}, title_color, labels.title, 15.0f);
    paint.text({x, box.rect.min.y + 25}, text_color, labels.type, 13.0f);
    paint.text({x, box.rect.min.y + 43}, title_color, labels.address, 13.5f);
    paint.text({x, box.rect.min.y + 62}, text_color, labels.node_port.empty() ? labels.endpoints : labels.node_port, 12.5f);
    if (!labels.node_port.empty()) paint.text({box.rect.max.x - 92, box.rect.min.y + 25}, text_color, labels.endpoints, 12.5f);
    paint.draw->PopClipRect();
  }
}

void draw_collapsed_marker(const Painter& paint, const NodeBox& box, const std::string& label) {
  if (box.collapsed_pods.empty()) return;
  const ImU32 color = namespace_color("kube-system");
  paint.rect_filled(box.collapsed_marker, with_alpha(color, 0x55), 6.0f);
  paint.rect_outline(box.collapsed_marker, color, 6.0f, 1.0f);
  paint.text({box.collapsed_marker.min.x + 10, box.collapsed_marker.min.y + 5}, title_color, label, 13.0f);
}

void draw_namespace_legend(AppState& state, Intents& intents, ImVec2 origin) {
  const std::vector<std::string>& names = state.topology.namespaces;
  if (names.empty()) return;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float line = ImGui::GetTextLineHeight() + 4;
  const char* collapsed_note = state.text(Text::LegendCollapsed);
  const bool collapsed = state.topology_options.collapse_kube_system;
  float width = ImGui::CalcTextSize(state.text(Text::LegendTitle)).x;
  for (const std::string& name : names) {
    float row = ImGui::CalcTextSize(name.c_str()).x + 18;
    if (name == "kube-system" && collapsed) row += ImGui::CalcTextSize(collapsed_note).x + 6;
    width = std::max(width, row);
  }
  const ImVec2 min(origin.x + 10, origin.y + 10);
  const ImVec2 max(min.x + width + 16, min.y + line * static_cast<float>(names.size() + 1) + 8);
  draw->AddRectFilled(min, max, legend_fill, 6.0f);
  draw->AddText(ImVec2(min.x + 8, min.y + 4), title_color, state.text(Text::LegendTitle));
  for (size_t i = 0; i < names.size(); ++i) {
    const ImVec2 row(min.x + 8, min.y + 4 + line * static_cast<float>(i + 1));
    if (names[i] == "kube-system") {
      // The row is a button: submitted before the canvas's own button, so it wins the hover.
      ImGui::SetCursorScreenPos(ImVec2(row.x - 4, row.y - 2));
      if (ImGui::InvisibleButton("###legend.kube-system", ImVec2(width + 8, line))) intents.toggle_kube_system = true;
      // No label: the namespace's name reads the same in every language.
      publish_last_item(state, "legend.kube-system", "");
      if (ImGui::IsItemHovered()) draw->AddRectFilled(ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), legend_hover, 4.0f);
    }
    const float square = ImGui::GetTextLineHeight() - 4;
    draw->AddRectFilled(ImVec2(row.x, row.y + 2), ImVec2(row.x + square, row.y + 2 + square), namespace_color(names[i]), 2.0f);
    draw->AddText(ImVec2(row.x + 18, row.y), text_color, names[i].c_str());
    if (names[i] == "kube-system" && collapsed)
      draw->AddText(ImVec2(row.x + 24 + ImGui::CalcTextSize(names[i].c_str()).x, row.y), text_color, collapsed_note);
  }
  ImGui::SetCursorScreenPos(origin);
}

}  // namespace podlab::web
