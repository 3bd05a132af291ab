// Reading a Service's spec, with the API server's validation: ports (1–65535, names required and
// unique when there are several), targetPort (a number or a port name), nodePort (30000–32767, only
// for NodePort and LoadBalancer), clusterIP (an address or "None"), type and its required fields.
#include "core/k8s/manifest_parts.h"
#include "core/k8s/validation.h"

namespace podlab::k8s {

namespace {

void decode_service_port(ManifestDecoder& decoder, const YamlNode& node, const std::string& path, ServicePort& out) {
  if (!decoder.expect_fields(node, path, {"name", "protocol", "port", "targetPort", "nodePort"}, {"appProtocol"})) return;
  if (decoder.read(node, "name", path, out.name)) {
    if (auto problem = check_dns1123_label(out.name)) decoder.invalid_value(*node.find("name"), path + ".name", *problem);
  }
  if (decoder.read(node, "port", path, out.port)) {
    if (out.port < 1 || out.port > 65535)
      decoder.invalid_value(*node.find("port"), path + ".port", "must be between 1 and 65535, inclusive");
  } else if (node.find("port") == nullptr || node.find("port")->is_null()) {
    decoder.required(node, path + ".port");
  }
  std::string protocol;
  if (decoder.read(node, "protocol", path, protocol)) {
    if (protocol == "TCP") out.protocol = Protocol::TCP;
    else if (protocol == "UDP") out.protocol = Protocol::UDP;
    else if (protocol == "SCTP") out.protocol = Protocol::SCTP;
    else report_unsupported(decoder, *node.find("protocol"), path + ".protocol", {"SCTP", "TCP", "UDP"});
  }
  if (const YamlNode* target = node.find("targetPort"); target != nullptr && !target->is_null()) {
    // IntOrString: an unquoted number is a port number, anything else a container port's name.
    int number = 0;
    std::string name;
    std::vector<Diagnostic> scratch;
    ManifestDecoder probe("", scratch);
    if (probe.as_int(*target, path + ".targetPort", number)) {
      if (number < 1 || number > 65535)
        decoder.invalid_value(*target, path + ".targetPort", "must be between 1 and 65535, inclusive");
      out.target_port.number = number;
    } else if (decoder.as_string(*target, path + ".targetPort", name)) {
      if (auto problem = check_port_name(name)) decoder.invalid_value(*target, path + ".targetPort", *problem);
      out.target_port.name = name;
    }
  }
  if (decoder.read(node, "nodePort", path, out.node_port) && (out.node_port < 30000 || out.node_port > 32767))
    decoder.invalid_value(*node.find("nodePort"), path + ".nodePort",
                          "provided port is not in the valid range. The range of valid ports is 30000-32767");
}

// clusterIPs, ipFamilies and ipFamilyPolicy on a single-stack IPv4 cluster: the API server fills
// clusterIP from clusterIPs[0] (and the other way round), and refuses a second family.
void decode_addressing(ManifestDecoder& decoder, const YamlNode& node, const std::string& path, ServiceSpec& out) {
  std::vector<std::string> cluster_ips;
  if (decoder.read(node, "clusterIPs", path, cluster_ips) && !cluster_ips.empty()) {
    const YamlNode& at = *node.find("clusterIPs");
    std::string listed;
    for (const std::string& ip : cluster_ips) listed += (listed.empty() ? "\"" : ", \"") + ip + "\"";
    const std::string invalid = path + ".clusterIPs: Invalid value: []string{" + listed + "}: ";
    if (cluster_ips.size() > 1)
      decoder.report_at(at, "manifest.invalid-value", invalid + "this cluster is single-stack IPv4: one cluster IP per Service");
    else if (!out.cluster_ip.empty() && out.cluster_ip != cluster_ips[0])
      decoder.report_at(at, "manifest.invalid-value", invalid + "first value must match `clusterIP`");
    else if (cluster_ips[0] != "None" && !Ipv4Address::parse(cluster_ips[0]))
      decoder.invalid_value(at.children[0], item_path(path + ".clusterIPs", 0), "must be a valid IP address or \"None\"");
    else
      out.cluster_ip = cluster_ips[0];
  }
  std::vector<std::string> families;
  if (decoder.read(node, "ipFamilies", path, families))
    for (size_t i = 0; i < families.size(); ++i) {
      if (families[i] == "IPv4") continue;
      const YamlNode& at = node.find("ipFamilies")->children[i];
      if (families[i] == "IPv6") decoder.invalid_value(at, item_path(path + ".ipFamilies", i), "not configured on this cluster");
      else report_unsupported(decoder, at, item_path(path + ".ipFamilies", i), {"IPv4", "IPv6"});
    }
  std::string policy;
  if (decoder.read(node, "ipFamilyPolicy", path, policy)) {
    if (policy == "RequireDualStack")
      decoder.invalid_value(*node.find("ipFamilyPolicy"), path + ".ipFamilyPolicy",
                            "this cluster is not configured for dual-stack services");
    else if (policy != "SingleStack" && policy != "PreferDualStack")
      report_unsupported(decoder, *node.find("ipFamilyPolicy"), path + ".ipFamilyPolicy",
                         {"PreferDualStack", "RequireDualStack", "SingleStack"});
  }
}

// Fields for load balancers and external addresses, validated as the API server does and kept;
// the lab routes none of them (object warnings say so).
void decode_load_balancer_fields(ManifestDecoder& decoder, const YamlNode& node, const std::string& path, ServiceSpec& out) {
  const bool load_balancer = out.type == ServiceType::LoadBalancer;
  auto only_for_load_balancer = [&](const char* field) {
    if (!load_balancer && node.find(field))
      decoder.report_at(*node.find(field), "manifest.forbidden",
                        path + "." + field + ": Forbidden: may only be used when `type` is 'LoadBalancer'");
  };
  if (decoder.read(node, "externalIPs", path, out.external_ips))
    for (size_t i = 0; i < out.external_ips.size(); ++i)
      if (!Ipv4Address::parse(out.external_ips[i]))
        decoder.invalid_value(node.find("externalIPs")->children[i], item_path(path + ".externalIPs", i),
                              "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
  if (decoder.read(node, "loadBalancerIP", path, out.load_balancer_ip) && !out.load_balancer_ip.empty() &&
      !Ipv4Address::parse(out.load_balancer_ip))
    decoder.invalid_value(*node.find("loadBalancerIP"), path + ".loadBalancerIP", "must be a valid IP address");
  if (decoder.read(node, "loadBalancerSourceRanges", path, out.load_balancer_source_ranges)) {
    only_for_load_balancer("loadBalancerSourceRanges");
    for (size_t i = 0; i < out.load_balancer_source_ranges.size(); ++i)
      if (!Ipv4Cidr::parse(out.load_balancer_source_ranges[i]))
        decoder.invalid_value(node.find("loadBalancerSourceRanges")->children[i],
                              item_path(path + ".loadBalancerSourceRanges", i),
                              "must be a list of IP ranges. For example, 10.240.0.0/24,10.250.0.0/24 ");
  }
  if (decoder.read(node, "healthCheckNodePort", path, out.health_check_node_port)) {
    const YamlNode& at = *node.find("healthCheckNodePort");
    if (!load_balancer || out.external_traffic_policy != TrafficPolicy::Local)
      decoder.invalid_value(at, path + ".healthCheckNodePort",
                            "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'");
    else if (out.health_check_node_port < 30000 || out.health_check_node_port > 32767)
      decoder.invalid_value(at, path + ".healthCheckNodePort",
                            "provided port is not in the valid range. The range of valid ports is 30000-32767");
  }
  bool allocate = true;
  if (decoder.read(node, "allocateLoadBalancerNodePorts", path, allocate)) {
    only_for_load_balancer("allocateLoadBalancerNodePorts");
    out.allocate_load_balancer_node_ports = allocate;
  }
  if (decoder.read(node, "loadBalancerClass", path, out.load_balancer_class)) only_for_load_balancer("loadBalancerClass");
  if (decoder.read(node, "trafficDistribution", path, out.traffic_distribution) &&
      out.traffic_distribution != "PreferClose" && out.traffic_distribution != "PreferSameZone" &&
      out.traffic_distribution != "PreferSameNode")
    report_unsupported(decoder, *node.find("trafficDistribution"), path + ".trafficDistribution",
                       {"PreferClose", "PreferSameNode", "PreferSameZone"});
}

}  // namespace

void decode_service_spec(ManifestDecoder& decoder, const YamlNode* node, const YamlNode& document,
                         const std::string& path, ServiceSpec& out) {
  if (node == nullptr) {
    decoder.required(document, path, "a Service needs a spec with its ports");
    return;
  }
  if (!decoder.expect_fields(*node, path,
                             {"type", "selector", "clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy", "ports",
                              "externalName", "sessionAffinity", "sessionAffinityConfig", "externalTrafficPolicy",
                              "internalTrafficPolicy", "publishNotReadyAddresses", "externalIPs", "loadBalancerIP",
                              "loadBalancerSourceRanges", "healthCheckNodePort", "allocateLoadBalancerNodePorts",
                              "loadBalancerClass", "trafficDistribution"}))
    return;
  std::string type;
  if (decoder.read(*node, "type", path, type)) {
    if (type == "ClusterIP") out.type = ServiceType::ClusterIP;
    else if (type == "NodePort") out.type = ServiceType::NodePort;
    else if (type == "LoadBalancer") out.type = ServiceType::LoadBalancer;
    else if (type == "ExternalName") out.type = ServiceType::ExternalName;
    else report_unsupported(decoder, *node->find("type"), path + ".type", {"ClusterIP", "ExternalName", "LoadBalancer", "NodePort"});
  }
  decode_labels(decoder, *node, "selector", path + ".selector", out.selector);
  if (decoder.read(*node, "clusterIP", path, out.cluster_ip)) {
    if (out.cluster_ip != "None" && !out.cluster_ip.empty() && !Ipv4Address::parse(out.cluster_ip))
      decoder.invalid_value(*node->find("clusterIP"), path + ".clusterIP", "must be a valid IP address or \"None\"");
  }
  if (decoder.read(*node, "externalName", path, out.external_name)) {
    if (auto problem = check_dns1123_subdomain(out.external_name))
      decoder.invalid_value(*node->find("externalName"), path + ".externalName", *problem);
  }
  if (out.type == ServiceType::ExternalName && out.external_name.empty())
    decoder.required(*node, path + ".externalName", "an ExternalName Service names the host it stands for");
  std::string affinity;
  if (decoder.read(*node, "sessionAffinity", path, affinity)) {
    if (affinity == "ClientIP") out.session_affinity_client_ip = true;
    else if (affinity != "None") report_unsupported(decoder, *node->find("sessionAffinity"), path + ".sessionAffinity", {"ClientIP", "None"});
  }
  if (const YamlNode* config = decoder.mapping(*node, "sessionAffinityConfig", path)) {
    const std::string config_path = path + ".sessionAffinityConfig";
    if (decoder.expect_fields(*config, config_path, {"clientIP"})) {
      if (const YamlNode* client = decoder.mapping(*config, "clientIP", config_path)) {
        if (decoder.expect_fields(*client, config_path + ".clientIP", {"timeoutSeconds"}) &&
            decoder.read(*client, "timeoutSeconds", config_path + ".clientIP", out.session_affinity_timeout_seconds) &&
            (out.session_affinity_timeout_seconds < 1 || out.session_affinity_timeout_seconds > 86400))
          decoder.invalid_value(*client->find("timeoutSeconds"), config_path + ".clientIP.timeoutSeconds",
                                "must be greater than 0 and less than 86400");
      }
    }
  }
  for (const char* field : {"externalTrafficPolicy", "internalTrafficPolicy"}) {
    std::string policy;
    if (!decoder.read(*node, field, path, policy)) continue;
    TrafficPolicy& target = std::string(field) == "externalTrafficPolicy" ? out.external_traffic_policy : out.internal_traffic_policy;
    if (policy == "Cluster") target = TrafficPolicy::Cluster;
    else if (policy == "Local") target = TrafficPolicy::Local;
    else report_unsupported(decoder, *node->find(field), path + "." + field, {"Cluster", "Local"});
  }
  decoder.read(*node, "publishNotReadyAddresses", path, out.publish_not_ready_addresses);
  decode_addressing(decoder, *node, path, out);
  decode_load_balancer_fields(decoder, *node, path, out);

  if (const YamlNode* ports = decoder.list(*node, "ports", path)) {
    for (size_t i = 0; i < ports->children.size(); ++i) {
      ServicePort port;
      const std::string port_path = item_path(path + ".ports", i);
      decode_service_port(decoder, ports->children[i], port_path, port);
      if (ports->children.size() > 1 && port.name.empty() && ports->children[i].is_mapping())
        decoder.required(ports->children[i], port_path + ".name", "every port needs a name when a Service has several");
      for (const ServicePort& earlier : out.ports) {
        if (!port.name.empty() && earlier.name == port.name && ports->children[i].find("name"))
          decoder.report_at(*ports->children[i].find("name"), "manifest.duplicate-value",
                            port_path + ".name: Duplicate value: " + quoted(port.name));
      }
      if (port.node_port && out.type != ServiceType::NodePort && out.type != ServiceType::LoadBalancer &&
          ports->children[i].find("nodePort"))
        decoder.invalid_value(*ports->children[i].find("nodePort"), port_path + ".nodePort",
                              "may not be used when `type` is '" + std::string(service_type_name(out.type)) + "'");
      if (!port.target_port.number && port.target_port.name.empty()) port.target_port.number = port.port;
      out.ports.push_back(std::move(port));
    }
  }
  if (out.ports.empty() && out.type != ServiceType::ExternalName && out.cluster_ip != "None")
    decoder.required(*node, path + ".ports", "a Service needs at least one port (only headless and ExternalName Services may have none)");
  if (out.type == ServiceType::ExternalName && !out.cluster_ip.empty() && out.cluster_ip != "None" &&
      node->find("clusterIP"))
    decoder.invalid_value(*node->find("clusterIP"), path + ".clusterIP", "may not be set for ExternalName services");
}

}  // namespace podlab::k8s
