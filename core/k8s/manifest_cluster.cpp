// Podlab's own `podlab.dev/v1 Cluster` document: the kubeadm-style settings a lab starts from.
// Its addresses are checked the way kubeadm and kube-controller-manager would refuse them, with
// the overlap and sizing rules spelled out, since choosing CIDRs is what a learner practises here.
#include <set>

#include "core/k8s/manifest_parts.h"
#include "core/k8s/validation.h"

namespace podlab::k8s {

namespace {

constexpr int kMinMtu = 576;   // the smallest MTU every IPv4 host must accept (RFC 791)
constexpr int kMaxMtu = 9000;  // the usual jumbo-frame ceiling

bool read_cidr(ManifestDecoder& decoder, const YamlNode& spec, std::string_view key, Ipv4Cidr& out) {
  std::string text;
  if (!decoder.read(spec, key, "spec", text)) return false;
  const auto cidr = Ipv4Cidr::parse(text);
  if (!cidr) {
    decoder.invalid_value(*spec.find(key), field_path("spec", key), "must be a CIDR block such as 10.244.0.0/16");
    return false;
  }
  out = *cidr;
  return true;
}

bool overlaps(const Ipv4Cidr& a, const Ipv4Cidr& b) { return a.contains(b.network()) || b.contains(a.network()); }

void check_disjoint(ManifestDecoder& decoder, const YamlNode& spec, std::string_view key, const Ipv4Cidr& cidr,
                    std::string_view other_key, const Ipv4Cidr& other) {
  if (!overlaps(cidr, other)) return;
  const YamlNode* node = spec.find(key);
  decoder.invalid_value(node ? *node : spec, field_path("spec", key),
                        "overlaps spec." + std::string(other_key) + " (" + other.to_string() +
                            "); pods, services and nodes each need their own addresses");
}

void decode_node(ManifestDecoder& decoder, const YamlNode& node, const std::string& path, const ClusterSpec& cluster,
                 ClusterNodeSpec& out) {
  if (!decoder.expect_fields(node, path, {"name", "role", "address", "labels"})) return;
  if (decoder.read(node, "name", path, out.name)) {
    if (auto problem = check_dns1123_subdomain(out.name))
      decoder.invalid_value(*node.find("name"), path + ".name", *problem);
  } else if (node.find("name") == nullptr) {
    decoder.required(node, path + ".name");
  }
  std::string role;
  if (decoder.read(node, "role", path, role)) {
    if (role == "control-plane")
      out.role = NodeRole::ControlPlane;
    else if (role == "worker")
      out.role = NodeRole::Worker;
    else
      report_unsupported(decoder, *node.find("role"), path + ".role", {"control-plane", "worker"});
  }
  std::string address_text;
  if (decoder.read(node, "address", path, address_text)) {
    const YamlNode& address_node = *node.find("address");
    const auto address = Ipv4Address::parse(address_text);
    const Ipv4Cidr& network = cluster.node_network;
    if (!address) {
      decoder.invalid_value(address_node, path + ".address", "must be an IPv4 address such as 192.168.56.10");
    } else if (!network.contains(*address)) {
      decoder.invalid_value(address_node, path + ".address", "is outside spec.nodeNetwork " + network.to_string());
    } else if (network.prefix_length < 31 && (*address == network.network() || *address == network.broadcast())) {
      decoder.invalid_value(address_node, path + ".address",
                            "is the network or broadcast address of spec.nodeNetwork " + network.to_string());
    } else {
      out.address = *address;
    }
  }
  decode_labels(decoder, node, "labels", path, out.labels);
}

void decode_nodes(ManifestDecoder& decoder, const YamlNode& spec, ClusterSpec& out) {
  const YamlNode* nodes = decoder.list(spec, "nodes", "spec");
  if (nodes == nullptr) return;
  std::set<std::string> names;
  std::set<uint32_t> addresses;
  bool has_control_plane = false;
  for (size_t i = 0; i < nodes->children.size(); ++i) {
    const YamlNode& node = nodes->children[i];
    const std::string path = item_path("spec.nodes", i);
    ClusterNodeSpec node_spec;
    decode_node(decoder, node, path, out, node_spec);
    if (!node_spec.name.empty() && !names.insert(node_spec.name).second) {
      decoder.report_at(*node.find("name"), "manifest.duplicate-value",
                        path + ".name: Duplicate value: " + quoted(node_spec.name));
    }
    if (node_spec.address && !addresses.insert(node_spec.address->value).second) {
      decoder.report_at(*node.find("address"), "manifest.duplicate-value",
                        path + ".address: Duplicate value: " + quoted(node_spec.address->to_string()));
    }
    has_control_plane = has_control_plane || node_spec.role == NodeRole::ControlPlane;
    out.nodes.push_back(std::move(node_spec));
  }
  if (!out.nodes.empty() && !has_control_plane) {
    decoder.required(*nodes, "spec.nodes", "one node needs role: control-plane (where kubeadm init runs)");
  }
}

}  // namespace

void decode_cluster(ManifestDecoder& decoder, const YamlNode& document, ClusterSpec& out) {
  if (const YamlNode* metadata = decoder.mapping(document, "metadata", "")) {
    if (decoder.expect_fields(*metadata, "metadata", {"name"}, {"labels", "annotations"}) &&
        decoder.read(*metadata, "name", "metadata", out.name)) {
      if (auto problem = check_dns1123_subdomain(out.name)) {
        decoder.invalid_value(*metadata->find("name"), "metadata.name", *problem);
      }
    }
  }
  const YamlNode* spec = decoder.mapping(document, "spec", "");
  if (spec == nullptr) return;  // every field has a default
  if (!decoder.expect_fields(*spec, "spec",
                             {"nodeNetwork", "podNetworkCIDR", "serviceCIDR", "nodeCIDRMaskSize", "clusterDomain",
                              "datapath", "nodeMTU", "nodes"})) {
    return;
  }
  const bool cidrs_ok =
      (read_cidr(decoder, *spec, "nodeNetwork", out.node_network) || !spec->find("nodeNetwork")) &
      (read_cidr(decoder, *spec, "podNetworkCIDR", out.pod_network) || !spec->find("podNetworkCIDR")) &
      (read_cidr(decoder, *spec, "serviceCIDR", out.service_network) || !spec->find("serviceCIDR"));
  if (cidrs_ok) {
    check_disjoint(decoder, *spec, "podNetworkCIDR", out.pod_network, "nodeNetwork", out.node_network);
    check_disjoint(decoder, *spec, "serviceCIDR", out.service_network, "nodeNetwork", out.node_network);
    check_disjoint(decoder, *spec, "serviceCIDR", out.service_network, "podNetworkCIDR", out.pod_network);
  }
  if (decoder.read(*spec, "nodeCIDRMaskSize", "spec", out.node_cidr_mask_size) &&
      (out.node_cidr_mask_size < out.pod_network.prefix_length || out.node_cidr_mask_size > 30)) {
    decoder.invalid_value(*spec->find("nodeCIDRMaskSize"), "spec.nodeCIDRMaskSize",
                          "must be between the podNetworkCIDR prefix (/" +
                              std::to_string(out.pod_network.prefix_length) +
                              ") and 30, so each node's podCIDR fits inside the pod network");
  }
  if (decoder.read(*spec, "clusterDomain", "spec", out.cluster_domain)) {
    if (auto problem = check_dns1123_subdomain(out.cluster_domain)) {
      decoder.invalid_value(*spec->find("clusterDomain"), "spec.clusterDomain", *problem);
    }
  }
  std::string datapath;
  if (decoder.read(*spec, "datapath", "spec", datapath)) {
    if (auto parsed = datapath_from_name(datapath))
      out.datapath = *parsed;
    else
      report_unsupported(decoder, *spec->find("datapath"), "spec.datapath",
                         {"flannel-vxlan", "calico-ipip", "routed", "manual"});
  }
  if (decoder.read(*spec, "nodeMTU", "spec", out.node_mtu) && (out.node_mtu < kMinMtu || out.node_mtu > kMaxMtu)) {
    decoder.invalid_value(
        *spec->find("nodeMTU"), "spec.nodeMTU",
        "must be between " + std::to_string(kMinMtu) + " and " + std::to_string(kMaxMtu) + ", inclusive");
  }
  decode_nodes(decoder, *spec, out);
  const int node_bits = out.node_cidr_mask_size - out.pod_network.prefix_length;
  if (node_bits >= 0 && node_bits < 31 && out.nodes.size() > (size_t{1} << node_bits)) {
    decoder.report_at(*spec->find("nodes"), "manifest.invalid-value",
                      "spec.nodes: Invalid value: " + std::to_string(out.nodes.size()) + " nodes: a /" +
                          std::to_string(out.pod_network.prefix_length) + " pod network holds only " +
                          std::to_string(size_t{1} << node_bits) + " node podCIDRs of /" +
                          std::to_string(out.node_cidr_mask_size));
  }
}

}  // namespace podlab::k8s
