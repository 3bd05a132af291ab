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
  // Free stretches between them, left to right: the first wide enough wins.
  float best_x = line.left + clearance, best_room = -1;
  float from = line.left + clearance;
  const float end = std::max(line.right, layout.bounds.max.x);
  for (size_t i = 0; i <= blockers.size(); ++i) {
    const float to = i < blockers.size() ? blockers[i] - clearance : end;
    if (to - from >= width) return from;
    if (to - from > best_room) {
      best_room = to - from;
      best_x = from;
    }
    if (i < blockers.size()) from = std::max(from, blockers[i] + clearance);
  }
  return best_x;
}

}  // namespace podlab::web
