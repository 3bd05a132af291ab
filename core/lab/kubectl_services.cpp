// kubectl for Services: get services|endpoints|endpointslices, describe service, expose.
#include <algorithm>

#include "core/k8s/api.h"
#include "core/k8s/object_json.h"
#include "core/k8s/services.h"
#include "core/k8s/yaml_emit.h"
#include "core/lab/commands.h"
#include "core/lab/json_text.h"
#include "core/lab/text.h"

namespace podlab::lab {

namespace {

using nlohmann::json;

std::string port_list(const ServiceRecord& record) {
  std::string text;
  for (const k8s::ServicePort& port : record.service.spec.ports) {
    if (!text.empty()) text += ",";
    text += std::to_string(port.port);
    if (port.node_port) text += ":" + std::to_string(port.node_port);
    text += std::string("/") + k8s::protocol_name(port.protocol);
  }
  return text.empty() ? "<none>" : text;
}

std::string selector_text(const k8s::Labels& selector) {
  std::string text;
  for (const auto& [key, value] : selector) text += (text.empty() ? "" : ",") + key + "=" + value;
  return text.empty() ? "<none>" : text;
}

// The legacy Endpoints view: "10.244.1.2:80,10.244.2.2:80", at most three shown, as kubectl does.
std::string endpoints_text(const ServiceRecord& record) {
  std::vector<std::string> items;
  for (const EndpointSliceRecord& slice : record.slices)
    for (const EndpointRecord& endpoint : slice.endpoints) {
      if (!endpoint.ready) continue;
      for (const EndpointSlicePort& port : slice.ports) items.push_back(endpoint.address.to_string() + ":" + std::to_string(port.port));
    }
  if (items.empty()) return "<none>";
  std::string text;
  for (size_t i = 0; i < items.size() && i < 3; ++i) text += (i ? "," : "") + items[i];
  if (items.size() > 3) text += " + " + std::to_string(items.size() - 3) + " more...";
  return text;
}

json port_json(const k8s::ServicePort& port) {
  json value = {{"port", port.port}, {"protocol", k8s::protocol_name(port.protocol)}};
  if (!port.name.empty()) value["name"] = port.name;
  if (port.target_port.number) value["targetPort"] = *port.target_port.number;
  else value["targetPort"] = port.target_port.name;
  if (port.node_port) value["nodePort"] = port.node_port;
  return value;
}

}  // namespace

namespace {

// EXTERNAL-IP as kubectl prints it: the ExternalName, else the externalIPs; a LoadBalancer without
// an address from a controller (the lab runs none) is <pending>.
std::string external_ip_column(const k8s::ServiceSpec& spec) {
  if (spec.type == k8s::ServiceType::ExternalName) return spec.external_name;
  std::string text;
  for (const std::string& ip : spec.external_ips) text += (text.empty() ? "" : ",") + ip;
  if (!text.empty()) return text;
  return spec.type == k8s::ServiceType::LoadBalancer ? "<pending>" : "<none>";
}

}  // namespace

json service_json(const ServiceRecord& record) {
  const k8s::ServiceSpec& spec = record.service.spec;
  json ports = json::array();
  for (const k8s::ServicePort& port : spec.ports) ports.push_back(port_json(port));
  json body = {{"type", k8s::service_type_name(spec.type)},
               {"sessionAffinity", spec.session_affinity_client_ip ? "ClientIP" : "None"},
               {"internalTrafficPolicy", spec.internal_traffic_policy == k8s::TrafficPolicy::Local ? "Local" : "Cluster"}};
  if (!ports.empty()) body["ports"] = ports;
  if (!spec.selector.empty()) body["selector"] = spec.selector;
  if (spec.type == k8s::ServiceType::ExternalName) {
    body["externalName"] = spec.external_name;
  } else {
    body["clusterIP"] = spec.cluster_ip;
    body["clusterIPs"] = json::array({spec.cluster_ip});
    body["ipFamilies"] = json::array({"IPv4"});
    body["ipFamilyPolicy"] = "SingleStack";
  }
  if (spec.type == k8s::ServiceType::NodePort || spec.type == k8s::ServiceType::LoadBalancer)
    body["externalTrafficPolicy"] = spec.external_traffic_policy == k8s::TrafficPolicy::Local ? "Local" : "Cluster";
  if (spec.publish_not_ready_addresses) body["publishNotReadyAddresses"] = true;
  if (!spec.external_ips.empty()) body["externalIPs"] = spec.external_ips;
  if (!spec.load_balancer_ip.empty()) body["loadBalancerIP"] = spec.load_balancer_ip;
  if (!spec.load_balancer_source_ranges.empty()) body["loadBalancerSourceRanges"] = spec.load_balancer_source_ranges;
  if (spec.health_check_node_port) body["healthCheckNodePort"] = spec.health_check_node_port;
  if (spec.type == k8s::ServiceType::LoadBalancer)
    body["allocateLoadBalancerNodePorts"] = spec.allocate_load_balancer_node_ports.value_or(true);
  if (!spec.load_balancer_class.empty()) body["loadBalancerClass"] = spec.load_balancer_class;
  if (!spec.traffic_distribution.empty()) body["trafficDistribution"] = spec.traffic_distribution;
  json metadata = k8s::to_json(record.service.metadata);
  metadata["namespace"] = record.service.metadata.namespace_name;
  if (!record.uid.empty()) metadata["uid"] = record.uid;
  return {{"apiVersion", "v1"}, {"kind", "Service"}, {"metadata", metadata}, {"spec", body},
          {"status", {{"loadBalancer", json::object()}}}};
}

// The labels the controllers put on a Service's EndpointSlices: `kubectl get endpointslices -l
// kubernetes.io/service-name=NAME` finds them by these.
k8s::Labels slice_labels(const ServiceRecord& record) {
  const bool managed = !record.service.spec.selector.empty();
  return {{"kubernetes.io/service-name", record.service.metadata.name},
          {"endpointslice.kubernetes.io/managed-by",
           managed ? "endpointslice-controller.k8s.io" : "endpointslicemirroring-controller.k8s.io"}};
}
namespace {

json slice_json(const ServiceRecord& record, const EndpointSliceRecord& slice) {
  json endpoints = json::array();
  for (const EndpointRecord& endpoint : slice.endpoints) {
    json value = {{"addresses", json::array({endpoint.address.to_string()})},
                  {"conditions", {{"ready", endpoint.ready}, {"serving", endpoint.ready}, {"terminating", false}}}};
    if (!endpoint.node_name.empty()) value["nodeName"] = endpoint.node_name;
    if (!endpoint.hostname.empty()) value["hostname"] = endpoint.hostname;
    if (!endpoint.pod_name.empty())
      value["targetRef"] = {{"kind", "Pod"}, {"name", endpoint.pod_name}, {"namespace", record.service.metadata.namespace_name}};
    endpoints.push_back(value);
  }
  json ports = json::array();
  for (const EndpointSlicePort& port : slice.ports) {
    json value = {{"port", port.port}, {"protocol", k8s::protocol_name(port.protocol)}};
    value["name"] = port.name;
    ports.push_back(value);
  }
  return {{"apiVersion", "discovery.k8s.io/v1"},
          {"kind", "EndpointSlice"},
          {"addressType", "IPv4"},
          {"metadata", {{"name", slice.name}, {"namespace", record.service.metadata.namespace_name}, {"labels", slice_labels(record)}}},
          {"endpoints", endpoints},
          {"ports", ports}};
}

json endpoints_json(const ServiceRecord& record) {
  json subsets = json::array();
  for (const EndpointSliceRecord& slice : record.slices) {
    json addresses = json::array(), not_ready = json::array(), ports = json::array();
    for (const EndpointRecord& endpoint : slice.endpoints) {
      json address = {{"ip", endpoint.address.to_string()}};
      if (!endpoint.node_name.empty()) address["nodeName"] = endpoint.node_name;
      if (!endpoint.pod_name.empty())
        address["targetRef"] = {{"kind", "Pod"}, {"name", endpoint.pod_name}, {"namespace", record.service.metadata.namespace_name}};
      (endpoint.ready ? addresses : not_ready).push_back(address);
    }
    for (const EndpointSlicePort& port : slice.ports)
      ports.push_back({{"name", port.name}, {"port", port.port}, {"protocol", k8s::protocol_name(port.protocol)}});
    if (addresses.empty() && not_ready.empty()) continue;
    json subset = {{"ports", ports}};
    if (!addresses.empty()) subset["addresses"] = addresses;
    if (!not_ready.empty()) subset["notReadyAddresses"] = not_ready;
    subsets.push_back(subset);
  }
  json object = {{"apiVersion", "v1"},
                 {"kind", "Endpoints"},
                 {"metadata", {{"name", record.service.metadata.name}, {"namespace", record.service.metadata.namespace_name}}}};
  if (!subsets.empty()) object["subsets"] = subsets;
  return object;
}

std::string print_object(const json& object, const std::string& format) {
  return format == "json" ? json_text(object, 4) + "\n" : k8s::to_yaml(object);
}

}  // namespace

bool get_service_resources(Context& context, const std::string& kind, const std::string& name, const std::string& ns,
                           bool all, const std::string& format, const k8s::LabelSelector& selector) {
  const World& world = context.world;
  std::vector<const ServiceRecord*> records;
  for (const ServiceRecord& record : world.services) {
    const auto& metadata = record.service.metadata;
    if (!all && metadata.namespace_name != ns) continue;
    if (kind != "endpointslice" && !name.empty() && metadata.name != name) continue;
    if (!selector.matches(kind == "endpointslice" ? slice_labels(record) : metadata.labels)) continue;
    if (kind == "endpoints" && record.service.spec.type == k8s::ServiceType::ExternalName) continue;
    records.push_back(&record);
  }
  std::sort(records.begin(), records.end(), [](const ServiceRecord* a, const ServiceRecord* b) {
    return std::tie(a->service.metadata.namespace_name, a->service.metadata.name) <
           std::tie(b->service.metadata.namespace_name, b->service.metadata.name);
  });
  const std::string resource = kind == "service" ? "services" : kind == "endpoints" ? "endpoints" : "endpointslices.discovery.k8s.io";
  json items = json::array();
  std::vector<std::vector<std::string>> rows;
  for (const ServiceRecord* record : records) {
    const auto& metadata = record->service.metadata;
    const std::string age = format_age(world.now - record->created_at);
    if (kind == "service") {
      items.push_back(service_json(*record));
      const bool external = record->service.spec.type == k8s::ServiceType::ExternalName;
      std::vector<std::string> row = {metadata.name, k8s::service_type_name(record->service.spec.type),
                                      external ? "<none>" : record->service.spec.cluster_ip,
                                      external_ip_column(record->service.spec), port_list(*record), age};
      if (format == "wide") row.push_back(selector_text(record->service.spec.selector));
      if (all) row.insert(row.begin(), metadata.namespace_name);
      rows.push_back(row);
    } else if (kind == "endpoints") {
      items.push_back(endpoints_json(*record));
      std::vector<std::string> row = {metadata.name, endpoints_text(*record), age};
      if (all) row.insert(row.begin(), metadata.namespace_name);
      rows.push_back(row);
    } else {
      for (const EndpointSliceRecord& slice : record->slices) {
        if (!name.empty() && slice.name != name) continue;
        items.push_back(slice_json(*record, slice));
        std::string ports, addresses;
        for (const EndpointSlicePort& port : slice.ports) ports += (ports.empty() ? "" : ",") + std::to_string(port.port);
        size_t shown = 0;
        for (const EndpointRecord& endpoint : slice.endpoints)
          if (shown++ < 3) addresses += (addresses.empty() ? "" : ",") + endpoint.address.to_string();
        if (slice.endpoints.size() > 3) addresses += " + " + std::to_string(slice.endpoints.size() - 3) + " more...";
        std::vector<std::string> row = {slice.name, "IPv4", ports.empty() ? "<unset>" : ports,
                                        addresses.empty() ? "<unset>" : addresses, age};
        if (all) row.insert(row.begin(), metadata.namespace_name);
        rows.push_back(row);
      }
    }
  }
  if (!name.empty() && items.empty())
    return context.fail("Error from server (NotFound): " + resource + " \"" + name + "\" not found");
  if (format == "yaml" || format == "json") {
    const json document = name.empty() ? json{{"apiVersion", "v1"}, {"kind", "List"}, {"items", items},
                                              {"metadata", {{"resourceVersion", ""}}}}
                                       : items[0];
    context.print(print_object(document, format));
    return true;
  }
  if (rows.empty()) {
    context.print(all ? "No resources found\n" : "No resources found in " + ns + " namespace.\n");
    return true;
  }
  std::vector<std::string> header =
      kind == "service" ? std::vector<std::string>{"NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"}
      : kind == "endpoints" ? std::vector<std::string>{"NAME", "ENDPOINTS", "AGE"}
                            : std::vector<std::string>{"NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"};
  if (kind == "service" && format == "wide") header.push_back("SELECTOR");
  if (all) header.insert(header.begin(), "NAMESPACE");
  Table table(header);
  for (auto& row : rows) table.add(row);
  context.print(table.to_string());
  return true;
}

bool describe_service(Context& context, const std::string& name, const std::string& ns) {
  const ServiceRecord* record = k8s::find_service(context.world, ns, name);
  if (!record) return context.fail("Error from server (NotFound): services \"" + name + "\" not found");
  const k8s::ServiceSpec& spec = record->service.spec;
  std::string text = "Name:                     " + name + "\nNamespace:                " + ns +
                     "\nSelector:                 " + selector_text(spec.selector) + "\nType:                     " +
                     k8s::service_type_name(spec.type) + "\n";
  if (spec.type == k8s::ServiceType::ExternalName) {
    text += "External Name:            " + spec.external_name + "\n";
  } else {
    text += "IP Family Policy:         SingleStack\nIP Families:              IPv4\nIP:                       " +
            spec.cluster_ip + "\nIPs:                      " + spec.cluster_ip + "\n";
    if (!spec.external_ips.empty()) text += "External IPs:             " + external_ip_column(spec) + "\n";
  }
  for (const k8s::ServicePort& port : spec.ports) {
    const std::string label = port.name.empty() ? "<unset>" : port.name;
    text += "Port:                     " + label + "  " + std::to_string(port.port) + "/" + k8s::protocol_name(port.protocol) + "\n";
    text += "TargetPort:               " +
            (port.target_port.number ? std::to_string(*port.target_port.number) : port.target_port.name) + "/" +
            k8s::protocol_name(port.protocol) + "\n";
    if (port.node_port)
      text += "NodePort:                 " + label + "  " + std::to_string(port.node_port) + "/" + k8s::protocol_name(port.protocol) + "\n";
    std::string endpoints;
    for (const EndpointSliceRecord& slice : record->slices)
      for (const EndpointRecord& endpoint : slice.endpoints)
        for (const EndpointSlicePort& slice_port : slice.ports)
          if (endpoint.ready && slice_port.name == port.name)
            endpoints += (endpoints.empty() ? "" : ",") + endpoint.address.to_string() + ":" + std::to_string(slice_port.port);
    text += "Endpoints:                " + (endpoints.empty() ? std::string("<none>") : endpoints) + "\n";
  }
  text += std::string("Session Affinity:         ") + (spec.session_affinity_client_ip ? "ClientIP" : "None") + "\n";
  if (spec.type == k8s::ServiceType::NodePort)
    text += std::string("External Traffic Policy:  ") + (spec.external_traffic_policy == k8s::TrafficPolicy::Local ? "Local" : "Cluster") + "\n";
  text += "Events:                   <none>\n";
  context.print(text);
  return true;
}

bool expose(Context& context, const std::vector<std::string>& args) {
  auto parsed = Options::parse(args, {{"-n", "--namespace"}, {"--port"}, {"--target-port"}, {"--type"}, {"--name"}, {"--protocol"}}, {});
  if (!parsed) return context.fail(parsed.error().message);
  const auto& positional = parsed->positional();
  std::string kind, name;
  if (!positional.empty() && positional[0].find('/') != std::string::npos) {
    kind = positional[0].substr(0, positional[0].find('/'));
    name = positional[0].substr(positional[0].find('/') + 1);
  } else if (positional.size() >= 2) {
    kind = positional[0];
    name = positional[1];
  }
  if (name.empty()) return context.fail("error: usage: kubectl expose (deployment|pod|service) NAME --port=PORT [--target-port=N] [--type=NodePort] [--name=SVC]");
  const std::string ns = parsed->value("--namespace").value_or("default");
  World& world = context.world;
  // The selector comes from what is exposed: a Deployment's selector, a pod's labels.
  k8s::Labels selector;
  std::vector<k8s::ContainerPort> container_ports;
  if (kind == "deployment" || kind == "deploy" || kind == "deployments" || kind == "rs" || kind == "replicaset") {
    const auto wanted = kind.starts_with("deploy") ? WorkloadRecord::Kind::Deployment : WorkloadRecord::Kind::ReplicaSet;
    const WorkloadRecord* workload = nullptr;
    for (const WorkloadRecord& record : world.workloads)
      if (record.kind == wanted && record.namespace_name == ns && record.name == name) workload = &record;
    if (!workload) return context.fail("Error from server (NotFound): deployments.apps \"" + name + "\" not found");
    selector = workload->selector.match_labels;
    for (const auto& container : workload->pod_template.spec.containers)
      container_ports.insert(container_ports.end(), container.ports.begin(), container.ports.end());
  } else if (kind == "pod" || kind == "pods" || kind == "po") {
    bool found = false;
    world.pods.for_each([&](PodId, const PodRecord& pod) {
      if (pod.pod.metadata.namespace_name != ns || pod.pod.metadata.name != name) return;
      found = true;
      selector = pod.pod.metadata.labels;
      for (const auto& container : pod.pod.spec.containers)
        container_ports.insert(container_ports.end(), container.ports.begin(), container.ports.end());
    });
    if (!found) return context.fail("Error from server (NotFound): pods \"" + name + "\" not found");
    if (selector.empty()) return context.fail("error: couldn't retrieve selectors via --selector flag or introspection: the pod has no labels");
  } else {
    return context.fail("error: cannot expose a " + kind + " (this lab exposes deployments, replicasets and pods)");
  }
  k8s::Service service;
  service.metadata.name = parsed->value("--name").value_or(name);
  service.metadata.namespace_name = ns;
  service.spec.selector = selector;
  const std::string type = parsed->value("--type").value_or("ClusterIP");
  if (type == "NodePort") service.spec.type = k8s::ServiceType::NodePort;
  else if (type != "ClusterIP") return context.fail("error: --type is ClusterIP or NodePort in this lab");
  k8s::ServicePort port;
  if (auto value = parsed->value("--port")) {
    port.port = value->size() > 5 ? 0 : std::atoi(value->c_str());  // longer: out of range, and atoi would overflow
  } else if (!container_ports.empty()) {
    port.port = container_ports.front().container_port;
  } else {
    return context.fail("error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples");
  }
  if (port.port < 1 || port.port > 65535) return context.fail("error: --port must be between 1 and 65535");
  if (auto target = parsed->value("--target-port")) {
    if (!target->empty() && std::all_of(target->begin(), target->end(), ::isdigit)) {
      // Checked before atoi, which cannot say a number is too large.
      if (target->size() > 5 || std::atoi(target->c_str()) < 1 || std::atoi(target->c_str()) > 65535)
        return context.fail("The Service \"" + service.metadata.name + "\" is invalid: spec.ports[0].targetPort: Invalid value: " +
                            *target + ": must be between 1 and 65535, inclusive");
      port.target_port.number = std::atoi(target->c_str());
    } else {
      port.target_port.name = *target;
    }
  } else {
    port.target_port.number = port.port;
  }
  service.spec.ports.push_back(port);
  if (k8s::find_service(world, ns, service.metadata.name))
    return context.fail("Error from server (AlreadyExists): services \"" + service.metadata.name + "\" already exists");
  auto applied = k8s::apply_service(world, service);
  if (!applied) return context.fail("The Service \"" + service.metadata.name + "\" is invalid: " + applied.error().message);
  k8s::reconcile(world);
  context.print("service/" + service.metadata.name + " exposed\n");
  return true;
}

}  // namespace podlab::lab
