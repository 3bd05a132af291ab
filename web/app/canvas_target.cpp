#include "web/app/canvas_target.h"

namespace podlab::web {

CanvasTarget canvas_target_at(const World& world, const TopologyLayout& layout, Vec2 point) {
  CanvasTarget target;
  for (const ServiceBox& box : layout.services) {
    if (!box.rect.contains(point) || box.service >= world.services.size()) continue;
    const k8s::ObjectMeta& metadata = world.services[box.service].service.metadata;
    target.kind = CanvasTargetKind::Service;
    target.namespace_name = metadata.namespace_name;
    target.name = metadata.name;
    return target;
  }
  for (const NodeBox& box : layout.nodes) {
    if (!box.rect.contains(point)) continue;
    target.kind = CanvasTargetKind::Node;
    target.node = world.nodes.at(box.node).name;
    for (const PodBox& pod_box : box.pods) {
      if (!pod_box.rect.contains(point)) continue;
      const PodRecord& pod = world.pods.at(pod_box.pod);
      target.kind = CanvasTargetKind::Pod;
      target.namespace_name = pod.pod.metadata.namespace_name;
      target.name = pod.pod.metadata.name;
      for (const k8s::Container& container : pod.pod.spec.containers) {
        target.containers.push_back(container.name);
        if (target.first_port.empty() && !container.ports.empty())
          target.first_port = std::to_string(container.ports.front().container_port);
      }
      for (const auto& [key, value] : pod.pod.metadata.labels)
        target.labels += (target.labels.empty() ? "" : ",") + key + "=" + value;
    }
    return target;
  }
  return target;
}

}  // namespace podlab::web
