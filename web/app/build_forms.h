// The forms that build a lab by hand: a new cluster, nodes, namespaces, pods, Services, hand-made
// tunnels and routes. Each form is text fields and choices; checking it against the lab gives, field
// by field, what is wrong (with the API server's own wording for names and labels, from
// core/k8s/validation.h), and the console line it would run, shown live so the learner sees the
// command before pressing Create:
//   lab cluster init --nodes 2 --datapath flannel-vxlan --pod-network-cidr 10.244.0.0/16 …
//   kubectl run web --image=nginx --port=80 --labels=app=web
//   kubectl apply -f - <<EOF            (a pod pinned to a node, several containers, a Service)
//   …manifest…
//   EOF
// The line goes through the console like a typed one; if the lab refuses it, the form stays open
// with the console's error and the lab is unchanged.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/lab/session.h"
#include "web/app/canvas_target.h"
#include "web/app/console_model.h"
#include "web/app/i18n.h"

namespace podlab::web {

enum class BuildForm { None, Cluster, Node, Namespace, Pod, Service, Tunnel, Route };

using TextField = std::array<char, 128>;

struct ClusterFields {
  int nodes = 2;
  int datapath = 0;  // index into datapath_choices
  TextField pod_cidr{"10.244.0.0/16"};
  TextField service_cidr{"10.96.0.0/12"};
};

struct NodeFields {
  TextField name{};
  TextField ip{};  // empty: the next free address on the node network
};

struct NamespaceFields {
  TextField name{};
};

struct ContainerFields {
  TextField name{};  // empty: the pod's name, as kubectl run names it
  TextField image{"nginx"};
  TextField port{};  // empty: no containerPort
};

struct PodFields {
  TextField name{};
  std::string namespace_name = "default";
  std::string node;  // empty: the scheduler picks
  TextField labels{};
  std::vector<ContainerFields> containers{ContainerFields{}};
};
inline constexpr size_t max_containers = 4;

struct ServiceFields {
  TextField name{};
  std::string namespace_name = "default";
  bool node_port = false;  // type NodePort, else ClusterIP
  TextField selector{};
  TextField port{"80"};
  TextField target_port{};  // empty: the same as port
};

struct TunnelFields {
  TextField name{"tunl1"};
  std::string from;
  std::string to;
};

struct RouteFields {
  std::string node;
  TextField destination{};
  bool via_gateway = true;  // "via IP", else "dev DEVICE"
  TextField gateway{};
  TextField device{};
};

// What is wrong with one field: a translated sentence, and the rule's own words or the value.
struct FieldProblem {
  const char* field;  // "name", "namespace", "labels", "image.0", "port.1", "pod-cidr", …
  Text text;
  std::string detail;
};

struct FormCheck {
  std::vector<FieldProblem> problems;
  std::string line;      // what Create runs, here-document included; "" while invalid
  std::string selected;  // Service form: the pods its selector picks now, "web, web-2"
  const FieldProblem* problem(const char* field) const;
  bool valid() const { return problems.empty() && !line.empty(); }
};

// The choices the forms offer, from the lab: namespaces and nodes by name.
struct BuildChoices {
  std::vector<std::string> namespaces;
  std::vector<std::string> nodes;
};

struct BuildForms {
  BuildForm open = BuildForm::None;
  ClusterFields cluster;
  NodeFields node;
  NamespaceFields namespace_fields;
  PodFields pod;
  ServiceFields service;
  TunnelFields tunnel;
  RouteFields route;
  BuildChoices choices;
  FormCheck check;                        // of the open form
  bool dirty = true;                      // a field changed since check was made
  uint64_t checked_revision = UINT64_MAX;  // the session revision check was made against
  uint64_t awaiting_console = UINT64_MAX;  // the console revision Create's line will bring
  std::string submitted;                   // that line
  std::string refused;                     // what the lab said when it refused the last Create
  CanvasTarget context;                    // what the canvas's right-click menu is about
  bool raise = false;                      // the form was just opened: bring its window to the front
  // The room each field's problem line has taken since the form opened, by field name.
  std::vector<std::pair<std::string, float>> problem_slots;
};

// The height under a field for its problem: at least one line, and never less than the problem has
// needed since the form opened, so the fields and buttons under it hold still while the learner
// types (a problem appearing, changing or going away). `problem_height` is 0 without a problem.
// Allocates only the first time a field is seen.
float reserve_problem_slot(BuildForms& forms, std::string_view field, float line_height, float problem_height);

struct DatapathChoice {
  const char* name;   // for `lab datapath NAME` and --datapath
  const char* label;  // what the menu shows
};
inline constexpr std::array<DatapathChoice, 4> datapath_choices{{{"flannel-vxlan", "flannel VXLAN"},
                                                                 {"calico-ipip", "Calico IPIP"},
                                                                 {"routed", "routed"},
                                                                 {"manual", "manual"}}};

// Opens `form` with fresh fields, filled from the lab where a default helps: the pod form on `node`
// when given (a right-click on a node), the tunnel between the first two nodes, the route on the
// first node.
void open_build_form(BuildForms& forms, BuildForm form, const lab::Session& session, const std::string& node = "");
// The Service form for a pod (its right-click menu): named after it, selecting its labels, sending
// to its first port.
void open_service_form_for_pod(BuildForms& forms, const lab::Session& session, const CanvasTarget& pod);
// Re-checks the open form when a field changed or the lab did. Allocates nothing otherwise.
void refresh_build_form(BuildForms& forms, const lab::Session& session);
// Create was pressed: the next console entry is this form's line.
void note_build_form_submitted(BuildForms& forms, const ConsoleModel& console);
// After the console ran it: closes the form on success, keeps it open with the error on refusal.
void settle_build_form(BuildForms& forms, const ConsoleModel& console);

FormCheck check_build_form(const BuildForms& forms, const lab::Session& session);
// The open form as the test API reports it: {form, line, valid, problems: [{field, text, detail}], refused}.
nlohmann::json build_form_json(const BuildForms& forms, Language language);

// Lines for the right-click menus and the toolbar, with -n only outside default.
std::string delete_pod_line(const std::string& namespace_name, const std::string& name);
std::string delete_service_line(const std::string& namespace_name, const std::string& name);
std::string delete_node_line(const std::string& name);
std::string delete_namespace_line(const std::string& name);
std::string restart_container_line(const std::string& namespace_name, const std::string& pod, const std::string& container);
std::string datapath_line(size_t choice);

}  // namespace podlab::web
