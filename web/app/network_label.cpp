#include "web/app/network_label.h"

#include <algorithm>
#include <vector>

namespace podlab::web {

float node_network_label_x(const TopologyLayout& layout, float width) {
  if (layout.network_lines.empty()) return 0;
  const NetworkLine& line = layout.network_lines.back();
  constexpr float clearance = 8;
  // The x of every vertical line through the band under the line: the links' gutters (from their
  // lane up to the endpoint) and the external host's eth0.
  std::vector<float> blockers;
  for (const ServiceBox& service : layout.services)
    for (const ServiceLink& link : service.links)
      for (size_t i = 0; i + 1 < link.count; ++i)
        if (link.points[i].x == link.points[i + 1].x && std::min(link.points[i].y, link.points[i + 1].y) < line.y + 20 &&
            std::max(link.points[i].y, link.points[i + 1].y) > line.y)
          blockers.push_back(link.points[i].x);
  if (layout.external.present) blockers.push_back(layout.external.eth0.center().x);
  std::sort(blockers.begin(), blockers.end());
  // Free stretches between them, left to right: the first wide enough wins; past the last one the
  // label has all the room it needs, under the line's end and beyond.
  float from = line.left + clearance;
  for (const float blocker : blockers) {
    if (blocker - clearance - from >= width) return from;
    from = std::max(from, blocker + clearance);
  }
  return from;
}

}  // namespace podlab::web
