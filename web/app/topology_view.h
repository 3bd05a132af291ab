// What the topology canvas draws, prepared from the World before any ImGui call: the layout and
// every label as text. Rebuilt only when the lab changes (a console line ran), so drawing an idle
// frame allocates nothing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/lab/session.h"
#include "web/app/topology_layout.h"

namespace podlab::web {

struct NodeLabels {
  std::string title;    // "node-1  (control-plane)"
  std::string eth0;     // "eth0 192.168.56.11"
  std::string pod_cidr; // "podCIDR 10.244.0.0/24"
  std::string devices;  // "cni0 10.244.0.1/24  ·  flannel.1 10.244.0.0/32"
  std::string bridge;   // "cni0", drawn on the bridge bar
  std::string tunnel;   // "flannel.1" or "tunl0", drawn on the tunnel box
  std::string tooltip;  // the key facts on hover, with kubectl describe's field names
};

struct PodLabels {
  std::string title;       // "web  ·  default"
  std::string address;     // "eth0 10.244.1.2"
  std::string containers;  // "pause + nginx"
  std::string namespace_name;
  std::string tooltip;
  std::string name;  // the pod's own name, shortened in its middle when the title does not fit
};

struct GroupLabels {
  std::string title;    // "web ×25"
  std::string owner;    // "Deployment web"
  std::string hint;     // "click to expand" / "click to collapse"
  std::string tooltip;  // the owner, the node, the pods' names and addresses (the first few)
};

struct ExternalLabels {
  std::string title;  // "external"
  std::string eth0;   // "eth0 192.168.56.254"
  std::string role;   // "outside the cluster"
  std::string tooltip;  // the address and the role, on hover
};

struct ServiceLabels {
  std::string title;           // "kube-dns  ·  kube-system"
  std::string type;            // "ClusterIP", "NodePort", "ClusterIP (headless)"
  std::string address;         // "10.96.0.10:53/UDP, 53/TCP, 9153/TCP"
  std::string node_port;       // "NodePort 30080" or empty
  std::string endpoints;       // "2 endpoints"
  std::string namespace_name;
  std::string tooltip;
};

// The words the canvas writes around the Linux and Kubernetes names, in the current language.
struct TopologyWords {
  const char* pause = "pause";
  const char* node_network = "node network";
  const char* datapath = "datapath";
  const char* no_bridge = "no bridge yet";
  const char* outside_cluster = "outside the cluster";
  const char* endpoint = "endpoint";    // after a count of one: "1 endpoint"
  const char* endpoints = "endpoints";  // after other counts: "2 endpoints"
  const char* pod = "pod";
  const char* pods = "pods";            // "kube-system: 2 pods"
  const char* expand = "click to expand";
  const char* collapse = "click to collapse";

  bool operator==(const TopologyWords&) const = default;  // translations are static strings
};

struct TopologyView {
  uint64_t revision = UINT64_MAX;  // the session revision it was built from
  TopologyWords words;             // and the language's words
  LayoutOptions options;           // and the View menu's choices
  TopologyLayout layout;
  std::vector<NodeLabels> nodes;  // parallel to layout.nodes
  std::vector<std::vector<PodLabels>> pods;  // parallel to each node's pods
  std::vector<std::vector<GroupLabels>> groups;  // parallel to each node's groups
  std::string node_network;  // "node network 192.168.56.0/24   ·   datapath flannel-vxlan"
  ExternalLabels external;
  std::vector<ServiceLabels> services;          // parallel to layout.services
  std::vector<std::string> collapsed_markers;   // parallel to layout.nodes: "kube-system: 2 pods" or empty
  std::vector<std::string> namespaces;          // on the canvas, sorted: the legend
};

// Rebuilds `view` if the session has moved on, or the language changed, since it was built.
void refresh_topology_view(TopologyView& view, const lab::Session& session, const TopologyWords& words,
                           const LayoutOptions& options = {});

}  // namespace podlab::web
