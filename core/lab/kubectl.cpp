// kubectl: apply, get, describe, delete, run, exec, with kubectl's output shapes.
#include <algorithm>

#include "core/k8s/api.h"
#include "core/k8s/cluster.h"
#include "core/k8s/kubelet.h"
#include "core/k8s/object_json.h"
#include "core/k8s/validation.h"
#include "core/k8s/yaml_emit.h"
#include "core/lab/commands.h"
#include "core/lab/json_text.h"
#include "core/lab/text.h"

namespace podlab::lab {

namespace {

constexpr const char* kubernetes_version = "v1.31.2";

const std::vector<std::vector<std::string>> namespace_options = {{"-n", "--namespace"}};

std::string namespace_option(const Options& options) { return options.value("--namespace").value_or("default"); }

// The resource names kubectl accepts, singular, plural and short, to one canonical name.
std::string canonical_resource(const std::string& word) {
  static const std::vector<std::pair<std::vector<std::string>, std::string>> names = {
      {{"pod", "pods", "po"}, "pod"},
      {{"node", "nodes", "no"}, "node"},
      {{"namespace", "namespaces", "ns"}, "namespace"},
      {{"deployment", "deployments", "deploy", "deployment.apps", "deployments.apps"}, "deployment"},
      {{"replicaset", "replicasets", "rs", "replicaset.apps", "replicasets.apps"}, "replicaset"},
      {{"service", "services", "svc"}, "service"},
      {{"configmap", "configmaps", "cm"}, "configmap"},
      {{"endpoints", "ep"}, "endpoints"},
      {{"endpointslice", "endpointslices", "endpointslice.discovery.k8s.io", "endpointslices.discovery.k8s.io"}, "endpointslice"},
  };
  for (const auto& [aliases, name] : names)
    if (std::find(aliases.begin(), aliases.end(), word) != aliases.end()) return name;
  return "";
}

// "pod/web" or "pod web".
bool split_kind_name(const std::vector<std::string>& positional, std::string* kind, std::string* name) {
  if (positional.empty()) return false;
  if (const size_t slash = positional[0].find('/'); slash != std::string::npos) {
    *kind = canonical_resource(positional[0].substr(0, slash));
    *name = positional[0].substr(slash + 1);
    return true;
  }
  *kind = canonical_resource(positional[0]);
  if (positional.size() > 1) *name = positional[1];
  return true;
}

std::string print_as(const nlohmann::json& object, const std::string& format) {
  if (format == "json") return json_text(object, 4) + "\n";
  return k8s::to_yaml(object);
}

nlohmann::json list_of(nlohmann::json items) {
  return {{"apiVersion", "v1"}, {"kind", "List"}, {"items", std::move(items)}, {"metadata", {{"resourceVersion", ""}}}};
}

// [SECTION] get

bool get(Context& context, const std::vector<std::string>& args) {
  auto parsed = Options::parse(args, {{"-n", "--namespace"}, {"-l", "--selector"}, {"-o", "--output"}},
                               {{"-A", "--all-namespaces"}, {"--show-labels"}});
  if (!parsed) return context.fail(parsed.error().message);
  const Options& options = *parsed;
  if (options.positional().empty())
    return context.fail("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.");
  std::string kind, name;
  split_kind_name(options.positional(), &kind, &name);
  if (kind.empty())
    return context.fail("error: the server doesn't have a resource type \"" + options.positional()[0] + "\"");
  const std::string format = options.value("--output").value_or("");
  if (!format.empty() && format != "wide" && format != "yaml" && format != "json" && format != "name")
    return context.fail("error: unable to match a printer suitable for the output format \"" + format +
                        "\", allowed formats are: json,name,wide,yaml");
  const bool all = options.flag("--all-namespaces");
  const std::string ns = namespace_option(options);
  k8s::LabelSelector selector;
  if (auto text = options.value("--selector")) {
    auto parsed_selector = k8s::parse_label_selector(*text);
    if (!parsed_selector) return context.fail("error: " + parsed_selector.error().message);
    selector = *parsed_selector;
  }
  World& world = context.world;
  nlohmann::json items = nlohmann::json::array();
  const bool wide = format == "wide";

  if (kind == "service" || kind == "endpoints" || kind == "endpointslice")
    return get_service_resources(context, kind, name, ns, all, format, selector);
  if (kind == "configmap") return get_config_maps(context, name, ns, all, format, selector);
  if (kind == "pod") {
    std::vector<PodId> pods;
    world.pods.for_each([&](PodId id, const PodRecord& pod) {
      if (!all && pod.pod.metadata.namespace_name != ns) return;
      if (!name.empty() && pod.pod.metadata.name != name) return;
      if (!selector.matches(pod.pod.metadata.labels)) return;
      pods.push_back(id);
    });
    std::sort(pods.begin(), pods.end(), [&](PodId a, PodId b) {
      const auto& pa = world.pods.at(a).pod.metadata;
      const auto& pb = world.pods.at(b).pod.metadata;
      return std::tie(pa.namespace_name, pa.name) < std::tie(pb.namespace_name, pb.name);
    });
    if (!name.empty() && pods.empty()) return context.fail("Error from server (NotFound): pods \"" + name + "\" not found");
    if (format == "yaml" || format == "json") {
      for (PodId pod : pods) items.push_back(pod_json(world, pod));
      context.print(print_as(name.empty() ? list_of(items) : items[0], format));
      return true;
    }
    std::vector<std::string> header = {"NAME", "READY", "STATUS", "RESTARTS", "AGE"};
    if (all) header.insert(header.begin(), "NAMESPACE");
    if (wide) header.insert(header.end(), {"IP", "NODE", "NOMINATED NODE", "READINESS GATES"});
    if (options.flag("--show-labels")) header.push_back("LABELS");
    Table table(header);
    for (PodId id : pods) {
      const PodRecord& pod = world.pods.at(id);
      // RESTARTS: the sum over the containers, and how long ago the latest one ended.
      int restarts = 0;
      std::optional<SimTime> latest;
      for (const ContainerStatus& status : pod.containers) {
        restarts += k8s::restart_count(status, world.now);
        if (const auto ended = k8s::last_restart(status, world.now); ended && (!latest || *latest < *ended)) latest = ended;
      }
      std::string restarts_text = std::to_string(restarts);
      if (latest) restarts_text += " (" + format_age(world.now - *latest) + " ago)";
      std::vector<std::string> row = {pod.pod.metadata.name, k8s::pod_ready_text(pod), k8s::pod_status_text(pod),
                                      restarts_text, format_age(world.now - pod.created_at)};
      if (all) row.insert(row.begin(), pod.pod.metadata.namespace_name);
      if (wide) {
        const Node* node = world.nodes.get(pod.node);
        row.insert(row.end(), {pod.ip.is_unspecified() ? "<none>" : pod.ip.to_string(), node ? node->name : "<none>",
                               "<none>", "<none>"});
      }
      if (options.flag("--show-labels")) {
        std::string labels;
        for (const auto& [key, value] : pod.pod.metadata.labels) labels += (labels.empty() ? "" : ",") + key + "=" + value;
        row.push_back(labels.empty() ? "<none>" : labels);
      }
      table.add(row);
    }
    if (table.row_count() == 0) {
      context.print(all ? "No resources found\n" : "No resources found in " + ns + " namespace.\n");
      return true;
    }
    context.print(table.to_string());
    return true;
  }
  if (kind == "node") {
    std::vector<NodeId> nodes;
    world.nodes.for_each([&](NodeId id, const Node& node) {
      if ((name.empty() || node.name == name) && selector.matches(node.labels)) nodes.push_back(id);
    });
    if (!name.empty() && nodes.empty()) return context.fail("Error from server (NotFound): nodes \"" + name + "\" not found");
    if (format == "yaml" || format == "json") {
      for (NodeId node : nodes) items.push_back(node_json(world, node));
      context.print(print_as(name.empty() ? list_of(items) : items[0], format));
      return true;
    }
    std::vector<std::string> header = {"NAME", "STATUS", "ROLES", "AGE", "VERSION"};
    if (wide) header.insert(header.end(), {"INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"});
    Table table(header);
    for (NodeId id : nodes) {
      const Node& node = world.nodes.at(id);
      std::vector<std::string> row = {node.name, "Ready", node.role == k8s::NodeRole::ControlPlane ? "control-plane" : "<none>",
                                      format_age(world.now - node.created_at), kubernetes_version};
      if (wide)
        row.insert(row.end(), {node.internal_ip.to_string(), "<none>", "Debian GNU/Linux 12 (bookworm)", "6.1.0-28-amd64",
                               "containerd://1.7.24"});
      table.add(row);
    }
    context.print(table.to_string());
    return true;
  }
  if (kind == "namespace") {
    Table table({"NAME", "STATUS", "AGE"});
    std::vector<const NamespaceRecord*> records;
    for (const NamespaceRecord& record : world.namespaces)
      if ((name.empty() || record.name == name) && selector.matches(record.labels)) records.push_back(&record);
    std::sort(records.begin(), records.end(), [](auto* a, auto* b) { return a->name < b->name; });
    if (!name.empty() && records.empty())
      return context.fail("Error from server (NotFound): namespaces \"" + name + "\" not found");
    if (format == "yaml" || format == "json") {
      for (const NamespaceRecord* record : records) items.push_back(namespace_json(world, *record));
      context.print(print_as(name.empty() ? list_of(items) : items[0], format));
      return true;
    }
    for (const NamespaceRecord* record : records) table.add({record->name, "Active", format_age(world.now - record->created_at)});
    context.print(table.to_string());
    return true;
  }
  // Deployments and ReplicaSets
  const auto workload_kind = kind == "deployment" ? WorkloadRecord::Kind::Deployment : WorkloadRecord::Kind::ReplicaSet;
  std::vector<const WorkloadRecord*> records;
  for (const WorkloadRecord& record : world.workloads)
    if (record.kind == workload_kind && (all || record.namespace_name == ns) && (name.empty() || record.name == name))
      records.push_back(&record);
  if (!name.empty() && records.empty())
    return context.fail("Error from server (NotFound): " + kind + "s.apps \"" + name + "\" not found");
  if (format == "yaml" || format == "json") {
    for (const WorkloadRecord* record : records) items.push_back(workload_json(*record));
    context.print(print_as(name.empty() ? list_of(items) : items[0], format));
    return true;
  }
  if (records.empty()) {
    context.print(all ? "No resources found\n" : "No resources found in " + ns + " namespace.\n");
    return true;
  }
  auto ready_pods = [&](const WorkloadRecord& record) {
    int ready = 0, total = 0;
    world.pods.for_each([&](PodId, const PodRecord& pod) {
      if (pod.pod.metadata.namespace_name != record.namespace_name) return;
      for (const auto& reference : pod.pod.metadata.owner_references) {
        const bool owned = reference.name == record.name ||
                           (record.kind == WorkloadRecord::Kind::Deployment && reference.name.rfind(record.name + "-", 0) == 0);
        if (!owned) continue;
        ++total;
        if (k8s::pod_ready_text(pod) == std::to_string(pod.containers.size()) + "/" + std::to_string(pod.containers.size()))
          ++ready;
      }
    });
    return std::pair{ready, total};
  };
  std::vector<std::string> header = workload_kind == WorkloadRecord::Kind::Deployment
                                        ? std::vector<std::string>{"NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"}
                                        : std::vector<std::string>{"NAME", "DESIRED", "CURRENT", "READY", "AGE"};
  if (all) header.insert(header.begin(), "NAMESPACE");
  Table table(header);
  for (const WorkloadRecord* record : records) {
    const auto [ready, total] = ready_pods(*record);
    std::vector<std::string> row;
    if (workload_kind == WorkloadRecord::Kind::Deployment)
      row = {record->name, std::to_string(ready) + "/" + std::to_string(record->replicas), std::to_string(total),
             std::to_string(ready), format_age(world.now - record->created_at)};
    else
      row = {record->name, std::to_string(record->replicas), std::to_string(total), std::to_string(ready),
             format_age(world.now - record->created_at)};
    if (all) row.insert(row.begin(), record->namespace_name);
    table.add(row);
  }
  context.print(table.to_string());
  return true;
}

// [SECTION] describe

bool describe(Context& context, const std::vector<std::string>& args) {
  auto parsed = Options::parse(args, namespace_options, {});
  if (!parsed) return context.fail(parsed.error().message);
  std::string kind, name;
  split_kind_name(parsed->positional(), &kind, &name);
  if (kind.empty() || name.empty()) return context.fail("error: usage: kubectl describe (pod|node|service) NAME [-n NAMESPACE]");
  World& world = context.world;
  if (kind == "service") return describe_service(context, name, namespace_option(*parsed));
  if (kind == "configmap") return describe_config_map(context, name, namespace_option(*parsed));
  if (kind == "pod") {
    const PodId id = k8s::find_pod(world, namespace_option(*parsed), name);
    if (!id.valid()) return context.fail("Error from server (NotFound): pods \"" + name + "\" not found");
    const PodRecord& pod = world.pods.at(id);
    const Node* node = world.nodes.get(pod.node);
    std::string text = "Name:             " + pod.pod.metadata.name + "\nNamespace:        " + pod.pod.metadata.namespace_name +
                       "\nNode:             " + (node ? node->name + "/" + node->internal_ip.to_string() : "<none>") +
                       "\nLabels:           ";
    if (pod.pod.metadata.labels.empty()) text += "<none>\n";
    bool first = true;
    for (const auto& [key, value] : pod.pod.metadata.labels) {
      text += (first ? "" : "                  ") + key + "=" + value + "\n";
      first = false;
    }
    text += "Status:           " + k8s::pod_status_text(pod) + "\nIP:               " +
            (pod.ip.is_unspecified() ? "" : pod.ip.to_string()) + "\nIPs:\n  IP:           " +
            (pod.ip.is_unspecified() ? "" : pod.ip.to_string()) + "\nContainers:\n";
    for (size_t i = 0; i < pod.containers.size(); ++i) {
      const ContainerStatus& status = pod.containers[i];
      const auto& spec = pod.pod.spec.containers[i];
      text += "  " + status.name + ":\n    Container ID:   " + status.container_id + "\n    Image:          " + status.image + "\n";
      for (const auto& port : spec.ports)
        text += "    Port:           " + std::to_string(port.container_port) + "/" + k8s::protocol_name(port.protocol) + "\n";
      text += std::string("    State:          ") + (status.running ? "Running" : "Waiting") + "\n";
      if (!status.reason.empty()) text += "      Reason:       " + status.reason + "\n      Message:      " + status.message + "\n";
      text += "    Ready:          " + std::string(status.running ? "True" : "False") + "\n    Restart Count:  " +
              std::to_string(k8s::restart_count(status, world.now)) + "\n";
    }
    text += std::string("DNS Policy:       ") + k8s::dns_policy_name(pod.pod.spec.dns_policy) + "\nEvents:\n";
    const std::string object = "pod/" + pod.pod.metadata.namespace_name + "/" + pod.pod.metadata.name;
    Table events({"  Type", "Reason", "Age", "From", "Message"});
    for (const LogEntry& entry : world.log.entries)
      if (entry.object == object) events.add({"  Normal", entry.kind, format_age(world.now - entry.time), "kubelet", entry.message});
    if (!pod.status_message.empty()) events.add({"  Warning", "FailedScheduling", "0s", "default-scheduler", pod.status_message});
    text += events.to_string();
    context.print(text);
    return true;
  }
  if (kind == "node") {
    const NodeId id = k8s::find_node(world, name);
    if (!id.valid()) return context.fail("Error from server (NotFound): nodes \"" + name + "\" not found");
    const Node& node = world.nodes.at(id);
    std::string text = "Name:               " + node.name + "\nRoles:              " +
                       (node.role == k8s::NodeRole::ControlPlane ? "control-plane" : "<none>") + "\nLabels:             ";
    bool first = true;
    for (const auto& [key, value] : node.labels) {
      text += (first ? "" : "                    ") + key + "=" + value + "\n";
      first = false;
    }
    if (node.role == k8s::NodeRole::ControlPlane) text += "Taints:             node-role.kubernetes.io/control-plane:NoSchedule\n";
    else text += "Taints:             <none>\n";
    text += "Addresses:\n  InternalIP:  " + node.internal_ip.to_string() + "\n  Hostname:    " + node.name +
            "\nPodCIDR:                      " + node.pod_cidr.to_string() + "\nPodCIDRs:                     " +
            node.pod_cidr.to_string() + "\nNon-terminated Pods:\n";
    Table pods({"  Namespace", "Name", "IP"});
    world.pods.for_each([&](PodId, const PodRecord& pod) {
      if (pod.node == id) pods.add({"  " + pod.pod.metadata.namespace_name, pod.pod.metadata.name, pod.ip.to_string()});
    });
    text += pods.to_string();
    context.print(text);
    return true;
  }
  return context.fail("error: describe knows pods, nodes, services and configmaps in this lab");
}

// [SECTION] apply, delete, run, exec

bool apply(Context& context, const std::vector<std::string>& args) {
  auto parsed = Options::parse(args, {{"-n", "--namespace"}, {"-f", "--filename"}}, {});
  if (!parsed) return context.fail(parsed.error().message);
  const auto file = parsed->value("--filename");
  if (!file) return context.fail("error: must specify one of -f and -k");
  std::string text;
  if (*file == "-") {
    text = context.stdin_text;
    if (text.empty()) return context.fail("error: no objects passed to apply (paste the manifest after the command line)");
  } else {
    const auto found = context.files.find(*file);
    if (found == context.files.end())
      return context.fail("error: the path \"" + *file + "\" does not exist");
    text = found->second;
  }
  auto objects = k8s::parse_manifests(text, *file == "-" ? "STDIN" : *file);
  if (!objects) {
    std::string message;
    for (const Diagnostic& diagnostic : objects.diagnostics()) message += "error: " + diagnostic.to_string() + "\n";
    return context.fail(message);
  }
  auto applied = k8s::apply_objects(context.world, *objects, namespace_option(*parsed));
  if (!applied) {
    std::string message;
    for (const Diagnostic& diagnostic : applied.diagnostics())
      message += "Error from server: " + diagnostic.to_string() + "\n";
    return context.fail(message);
  }
  context.print_warnings(applied.warnings());
  for (const std::string& line : *applied) context.print(line + "\n");
  return true;
}

bool remove(Context& context, const std::vector<std::string>& args) {
  auto parsed = Options::parse(args, namespace_options, {});
  if (!parsed) return context.fail(parsed.error().message);
  std::string kind, name;
  split_kind_name(parsed->positional(), &kind, &name);
  if (kind.empty() || name.empty()) return context.fail("error: usage: kubectl delete (pod|deployment|replicaset|service|configmap|namespace) NAME");
  auto deleted = k8s::delete_object(context.world, kind, name, namespace_option(*parsed));
  if (!deleted) return context.fail("Error from server (NotFound): " + deleted.error().message);
  context.print(*deleted + "\n");
  return true;
}

// An int32 flag as kubectl's flag library reads it (strconv.ParseInt(text, 0, 32)), or its error.
Result<int> int32_flag(const std::string& flag, const std::string& text) {
  const auto refused = [&](const char* why) {
    return Diagnostic{"console.bad-flag", "error: invalid argument \"" + text + "\" for \"" + flag +
                                              "\" flag: strconv.ParseInt: parsing \"" + text + "\": " + why, {}};
  };
  const size_t first = !text.empty() && (text[0] == '-' || text[0] == '+') ? 1 : 0;
  if (first == text.size() || text.find_first_not_of("0123456789", first) != std::string::npos)
    return refused("invalid syntax");
  long long value = 0;
  for (size_t i = first; i < text.size(); ++i) {
    value = value * 10 + (text[i] - '0');
    if (value > 2147483648LL) return refused("value out of range");  // stops before any overflow
  }
  if (text[0] == '-') value = -value;
  if (value > 2147483647LL) return refused("value out of range");
  return static_cast<int>(value);
}

// --port of kubectl run / create deployment: an int32, which the API server then checks as a
// containerPort. `object` names what would be invalid: `The Pod "web"`.
Result<int> container_port_flag(const std::string& text, const std::string& object, const std::string& field) {
  auto port = int32_flag("--port", text);
  if (port && (*port < 1 || *port > 65535))
    return Diagnostic{"console.bad-flag", object + " is invalid: " + field + ".containerPort: Invalid value: " +
                                              std::to_string(*port) + ": must be between 1 and 65535, inclusive", {}};
  return port;
}

bool run(Context& context, const std::vector<std::string>& args) {
  auto parsed = Options::parse(args, {{"-n", "--namespace"}, {"--image"}, {"--port"}, {"-l", "--labels"}}, {});
  if (!parsed) return context.fail(parsed.error().message);
  if (parsed->positional().empty()) return context.fail("error: NAME is required for run");
  const auto image = parsed->value("--image");
  if (!image) return context.fail("error: required flag(s) \"image\" not set");
  k8s::Pod pod;
  pod.metadata.name = parsed->positional()[0];
  pod.metadata.namespace_name = namespace_option(*parsed);
  if (auto labels = parsed->value("--labels")) {
    // As kubectl run: --labels replaces the default run=NAME.
    if (auto reason = k8s::parse_label_list(*labels, pod.metadata.labels))
      return context.fail("error: invalid label spec: " + *reason);
  } else {
    pod.metadata.labels["run"] = pod.metadata.name;
  }
  k8s::Container container;
  container.name = pod.metadata.name;
  container.image = *image;
  if (auto port_text = parsed->value("--port")) {
    const auto port = container_port_flag(*port_text, "The Pod \"" + pod.metadata.name + "\"", "spec.containers[0].ports[0]");
    if (!port) return context.fail(port.error().message);
    container.ports.push_back({"", *port, k8s::Protocol::TCP, 0});
  }
  container.args = parsed->after_dashes();
  pod.spec.containers.push_back(container);
  if (k8s::find_pod(context.world, pod.metadata.namespace_name, pod.metadata.name).valid())
    return context.fail("Error from server (AlreadyExists): pods \"" + pod.metadata.name + "\" already exists");
  auto applied = k8s::apply_objects(context.world, {k8s::ManifestObject{pod, {}}}, pod.metadata.namespace_name);
  if (!applied) return context.fail("Error from server: " + applied.error().message);
  context.print_warnings(applied.warnings());
  context.print("pod/" + pod.metadata.name + " created\n");
  return true;
}

bool exec(Context& context, const std::vector<std::string>& args) {
  auto parsed = Options::parse(args, {{"-n", "--namespace"}, {"-c", "--container"}}, {{"-i", "--stdin"}, {"-t", "--tty"}, {"-it"}});
  if (!parsed) return context.fail(parsed.error().message);
  if (parsed->positional().empty()) return context.fail("error: expected 'exec POD_NAME COMMAND [ARG1] [ARG2] ... [ARGN]'.\nPOD_NAME and COMMAND are required arguments for the exec command");
  std::string name = parsed->positional()[0];
  if (name.rfind("pod/", 0) == 0) name = name.substr(4);
  const std::string ns = namespace_option(*parsed);
  const PodId id = k8s::find_pod(context.world, ns, name);
  if (!id.valid()) return context.fail("Error from server (NotFound): pods \"" + name + "\" not found");
  const PodRecord& pod = context.world.pods.at(id);
  if (auto container = parsed->value("--container")) {
    const bool known = std::any_of(pod.containers.begin(), pod.containers.end(),
                                   [&](const ContainerStatus& status) { return status.name == *container; });
    if (!known) return context.fail("error: unable to upgrade connection: container not found (\"" + *container + "\")");
  }
  if (pod.phase != PodPhase::Running || !context.world.namespaces_net.get(pod.netns))
    return context.fail("error: unable to upgrade connection: pod does not exist or is not running (" + k8s::pod_status_text(pod) + ")");
  if (parsed->after_dashes().empty())
    return context.fail("error: you must specify at least one command for the container (after --)");
  return run_in_namespace(context, pod.netns, id, parsed->after_dashes());
}

bool create_deployment(Context& context, const std::vector<std::string>& args) {
  auto parsed = Options::parse(args, {{"-n", "--namespace"}, {"--image"}, {"-r", "--replicas"}, {"--port"}}, {});
  if (!parsed) return context.fail(parsed.error().message);
  if (parsed->positional().empty()) return context.fail("error: exactly one NAME is required, got 0");
  const auto image = parsed->value("--image");
  if (!image) return context.fail("error: required flag(s) \"image\" not set");
  const std::string name = parsed->positional()[0];
  const std::string ns = namespace_option(*parsed);
  for (const WorkloadRecord& record : context.world.workloads)
    if (record.kind == WorkloadRecord::Kind::Deployment && record.namespace_name == ns && record.name == name)
      return context.fail("error: failed to create deployment: deployments.apps \"" + name + "\" already exists");
  k8s::Deployment deployment;
  deployment.metadata.name = name;
  deployment.metadata.namespace_name = ns;
  deployment.metadata.labels["app"] = name;
  const auto replicas = int32_flag("-r, --replicas", parsed->value("--replicas").value_or("1"));
  if (!replicas) return context.fail(replicas.error().message);
  deployment.replicas = *replicas;
  if (deployment.replicas < 0) return context.fail("error: --replicas must be 0 or more");
  deployment.selector.match_labels["app"] = name;
  deployment.pod_template.metadata.labels["app"] = name;
  k8s::Container container;
  // kubectl names the container after the image: "nginx" for nginx:1.27, "agnhost" for registry.k8s.io/e2e-test-images/agnhost:2.39
  std::string base = image->substr(0, image->find(':'));
  container.name = base.substr(base.rfind('/') == std::string::npos ? 0 : base.rfind('/') + 1);
  container.image = *image;
  if (auto port_text = parsed->value("--port")) {
    const auto port = container_port_flag(*port_text, "error: failed to create deployment: Deployment.apps \"" + name + "\"",
                                          "spec.template.spec.containers[0].ports[0]");
    if (!port) return context.fail(port.error().message);
    container.ports.push_back({"", *port, k8s::Protocol::TCP, 0});
  }
  deployment.pod_template.spec.containers.push_back(container);
  auto applied = k8s::apply_objects(context.world, {k8s::ManifestObject{deployment, {}}}, ns);
  if (!applied) return context.fail("error: failed to create deployment: " + applied.error().message);
  context.print_warnings(applied.warnings());
  context.print("deployment.apps/" + name + " created\n");
  for (const std::string& line : *applied)
    if (line.rfind("Warning: ", 0) == 0) context.print(line + "\n");
  return true;
}

bool scale(Context& context, const std::vector<std::string>& args) {
  auto parsed = Options::parse(args, {{"-n", "--namespace"}, {"--replicas"}}, {});
  if (!parsed) return context.fail(parsed.error().message);
  std::string kind, name;
  split_kind_name(parsed->positional(), &kind, &name);
  const auto replicas = parsed->value("--replicas");
  if ((kind != "deployment" && kind != "replicaset") || name.empty() || !replicas)
    return context.fail("error: usage: kubectl scale deployment NAME --replicas=N");
  const auto parsed_count = int32_flag("--replicas", *replicas);
  if (!parsed_count) return context.fail(parsed_count.error().message);
  const int count = *parsed_count;
  if (count < 0) return context.fail("error: --replicas must be 0 or more");
  const auto workload_kind = kind == "deployment" ? WorkloadRecord::Kind::Deployment : WorkloadRecord::Kind::ReplicaSet;
  for (WorkloadRecord& record : context.world.workloads) {
    if (record.kind != workload_kind || record.namespace_name != namespace_option(*parsed) || record.name != name) continue;
    record.replicas = count;
    const std::vector<k8s::ShortReplicaSet> short_sets = k8s::reconcile(context.world);
    context.print(kind + ".apps/" + name + " scaled\n");
    for (const k8s::ShortReplicaSet& set : short_sets)
      if (set.concerns(namespace_option(*parsed), name)) context.print(set.warning + "\n");
    return true;
  }
  return context.fail("Error from server (NotFound): " + kind + "s.apps \"" + name + "\" not found");
}

}  // namespace

bool run_kubectl(Context& context, const std::vector<std::string>& given) {
  // Global flags may come before the verb (`kubectl -n kube-system edit cm coredns`): move them to
  // the end of the command's own words (before any `--` and the command line it introduces).
  std::vector<std::string> words = {given[0]};
  std::vector<std::string> leading;
  size_t i = 1;
  while (i < given.size() && given[i].size() > 1 && given[i][0] == '-') {
    const bool takes_value = given[i] == "-n" || given[i] == "--namespace";
    const bool known = takes_value || given[i].starts_with("--namespace=") || given[i] == "-A" ||
                       given[i] == "--all-namespaces";
    if (!known) break;
    leading.push_back(given[i++]);
    if (takes_value && i < given.size()) leading.push_back(given[i++]);
  }
  words.insert(words.end(), given.begin() + static_cast<long>(i), given.end());
  const auto dashes = std::find(words.begin(), words.end(), "--");
  words.insert(dashes, leading.begin(), leading.end());
  if (words.size() < 2) return context.fail("kubectl controls the Kubernetes cluster manager.\nUse: kubectl apply|get|describe|delete|run|exec");
  const std::string& verb = words[1];
  const std::vector<std::string> args(words.begin() + 2, words.end());
  if (verb == "get") return get(context, args);
  if (verb == "describe") return describe(context, args);
  if (verb == "create" && !args.empty() && (args[0] == "namespace" || args[0] == "ns")) {
    if (args.size() < 2) return context.fail("error: exactly one NAME is required, got 0");
    if (k8s::namespace_exists(context.world, args[1]))
      return context.fail("Error from server (AlreadyExists): namespaces \"" + args[1] + "\" already exists");
    k8s::Namespace ns;
    ns.metadata.name = args[1];
    auto applied = k8s::apply_objects(context.world, {k8s::ManifestObject{ns, {}}}, "default");
    if (!applied) return context.fail("Error from server: " + applied.error().message);
    context.print("namespace/" + args[1] + " created\n");
    return true;
  }
  if (verb == "create" && !args.empty() && (args[0] == "deployment" || args[0] == "deploy"))
    return create_deployment(context, {args.begin() + 1, args.end()});
  if (verb == "scale") return scale(context, args);
  if (verb == "label") return label(context, args);
  if (verb == "patch") return patch(context, args);
  if (verb == "expose") return expose(context, args);
  if (verb == "apply" || verb == "create") return apply(context, args);
  if (verb == "delete") return remove(context, args);
  if (verb == "edit") {
    auto parsed = Options::parse(args, namespace_options, {});
    if (!parsed) return context.fail(parsed.error().message);
    std::string kind, name;
    split_kind_name(parsed->positional(), &kind, &name);
    return edit(context, kind, name, namespace_option(*parsed));
  }
  if (verb == "run") return run(context, args);
  if (verb == "exec") return exec(context, args);
  if (verb == "version") {
    context.print(std::string("Client Version: ") + kubernetes_version + "\nServer Version: " + kubernetes_version + "\n");
    return true;
  }
  return context.fail("error: unknown command \"" + verb + "\" for \"kubectl\"\nThis lab's kubectl knows: apply, create, get, describe, edit, patch, label, delete, run, exec, scale, expose, version");
}

}  // namespace podlab::lab
