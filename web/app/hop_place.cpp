#include "web/app/hop_place.h"

#include <algorithm>
#include <cmath>

namespace podlab::web {

const char* place_kind_name(PlaceKind kind) {
  switch (kind) {
    case PlaceKind::Unknown: return "unknown";
    case PlaceKind::Pod: return "pod";
    case PlaceKind::PodEth0: return "pod-eth0";
    case PlaceKind::HostVeth: return "veth";
    case PlaceKind::Bridge: return "bridge";
    case PlaceKind::Tunnel: return "tunnel";
    case PlaceKind::NodeEth0: return "node-eth0";
    case PlaceKind::NodeHost: return "node";
    case PlaceKind::External: return "external";
  }
  return "unknown";
}

namespace {

// The spot inside a pod box where its processes are drawn sending and receiving.
Rect process_spot(const PodBox& box) {
  const Vec2 center{box.rect.max.x - 44, box.rect.center().y};
  return Rect{center - Vec2{12, 9}, center + Vec2{12, 9}};
}

}  // namespace

HopPlace locate_hop(const World& world, const TopologyLayout& layout, const Hop& hop) {
  HopPlace place;
  const Netns* netns = world.namespaces_net.get(hop.netns);
  if (hop.netns.valid() && hop.netns == world.external_host) {
    // Its eth0 when the hop names a device, otherwise the process (curl) inside the box.
    const bool on_device = hop.device.valid() && netns &&
                           std::find(netns->devices.begin(), netns->devices.end(), hop.device) != netns->devices.end();
    return {PlaceKind::External, SIZE_MAX, SIZE_MAX, on_device ? layout.external.eth0 : layout.external.process};
  }
  for (size_t n = 0; n < layout.nodes.size(); ++n) {
    const NodeBox& box = layout.nodes[n];
    if (hop.node != box.node) continue;
    const Node& node = world.nodes.at(box.node);
    place.node = n;
    // In a pod's own namespace: its eth0, or the process.
    if (netns && netns->pod.valid() && hop.netns != node.host_netns) {
      // A kube-system pod collapsed into the node's marker.
      if (std::find(box.collapsed_pods.begin(), box.collapsed_pods.end(), netns->pod) != box.collapsed_pods.end())
        return {PlaceKind::Pod, n, SIZE_MAX, box.collapsed_marker};
      // A pod inside a collapsed group: its eth0 on the group's, its process on the group box.
      for (const PodGroupBox& group : box.groups) {
        if (group.expanded || std::find(group.pods.begin(), group.pods.end(), netns->pod) == group.pods.end()) continue;
        const PodRecord* pod = world.pods.get(netns->pod);
        if (pod && hop.device.valid() && hop.device == pod->eth0 && group.eth0.width() > 0)
          return {PlaceKind::PodEth0, n, SIZE_MAX, group.eth0};
        const Vec2 center{group.rect.max.x - 44, group.rect.center().y};
        return {PlaceKind::Pod, n, SIZE_MAX, Rect{center - Vec2{12, 9}, center + Vec2{12, 9}}};
      }
      for (size_t p = 0; p < box.pods.size(); ++p) {
        if (box.pods[p].pod != netns->pod) continue;
        place.pod = p;
        const PodRecord* pod = world.pods.get(netns->pod);
        if (pod && hop.device.valid() && hop.device == pod->eth0 && box.pods[p].eth0.width() > 0) {
          place.kind = PlaceKind::PodEth0;
          place.rect = box.pods[p].eth0;
        } else {
          place.kind = PlaceKind::Pod;
          place.rect = process_spot(box.pods[p]);
        }
        return place;
      }
      place.kind = PlaceKind::NodeHost;
      place.rect = box.host;
      return place;
    }
    // In the node's host namespace: the device the hop names.
    if (hop.device.valid()) {
      if (hop.device == node.bridge) return {PlaceKind::Bridge, n, SIZE_MAX, box.bridge};
      if (hop.device == node.tunnel) return {PlaceKind::Tunnel, n, SIZE_MAX, box.tunnel};
      if (hop.device == node.eth0) return {PlaceKind::NodeEth0, n, SIZE_MAX, box.eth0};
      for (size_t p = 0; p < box.pods.size(); ++p) {
        const PodRecord* pod = world.pods.get(box.pods[p].pod);
        if (pod && box.pods[p].has_veth && pod->host_veth == hop.device) return {PlaceKind::HostVeth, n, p, box.pods[p].veth};
      }
      for (PodId collapsed : box.collapsed_pods) {
        const PodRecord* pod = world.pods.get(collapsed);
        if (pod && pod->host_veth == hop.device) return {PlaceKind::HostVeth, n, SIZE_MAX, box.collapsed_marker};
      }
      for (const PodGroupBox& group : box.groups) {
        if (group.expanded || !group.has_veth) continue;
        for (PodId member : group.pods) {
          const PodRecord* pod = world.pods.get(member);
          if (pod && pod->host_veth == hop.device) return {PlaceKind::HostVeth, n, SIZE_MAX, group.veth};
        }
      }
    }
    place.kind = PlaceKind::NodeHost;
    place.rect = box.host;
    return place;
  }
  return place;
}

TravelPath travel_path(const TopologyLayout& layout, const HopPlace& from, const HopPlace& to) {
  TravelPath path;
  const Vec2 start = from.rect.center();
  const Vec2 end = to.rect.center();
  path.points[path.count++] = start;
  const bool crosses_nodes = from.node != to.node && from.kind != PlaceKind::Unknown && to.kind != PlaceKind::Unknown;
  if (crosses_nodes) {
    // The external computer hangs from the last row's line.
    const auto line_of = [&](const HopPlace& place) {
      return place.node < layout.nodes.size() ? layout.nodes[place.node].network_y : layout.node_network_y;
    };
    const float from_line = line_of(from);
    const float to_line = line_of(to);
    path.points[path.count++] = Vec2{start.x, from_line};
    if (from_line != to_line) {
      path.points[path.count++] = Vec2{layout.trunk_x, from_line};
      path.points[path.count++] = Vec2{layout.trunk_x, to_line};
    }
    path.points[path.count++] = Vec2{end.x, to_line};
  }
  path.points[path.count++] = end;
  return path;
}

Vec2 point_along(const TravelPath& path, float fraction) {
  if (path.count == 0) return {};
  fraction = std::clamp(fraction, 0.0f, 1.0f);
  float total = 0;
  for (size_t i = 1; i < path.count; ++i) {
    const Vec2 d = path.points[i] - path.points[i - 1];
    total += std::sqrt(d.x * d.x + d.y * d.y);
  }
  if (total <= 0) return path.points[0];
  float remaining = fraction * total;
  for (size_t i = 1; i < path.count; ++i) {
    const Vec2 d = path.points[i] - path.points[i - 1];
    const float length = std::sqrt(d.x * d.x + d.y * d.y);
    if (remaining <= length && length > 0) return path.points[i - 1] + d * (remaining / length);
    remaining -= length;
  }
  return path.points[path.count - 1];
}

}  // namespace podlab::web
