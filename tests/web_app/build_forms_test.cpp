// The forms that build a lab by hand: what each field's problem is, the console line each form runs,
// and that the line does what the form said when the console runs it.
#include <doctest/doctest.h>

#include <cstring>

#include "core/k8s/cluster.h"
#include "core/k8s/services.h"
#include "tests/core/lab_fixtures.h"
#include "web/app/build_forms.h"

using namespace podlab;
using namespace podlab::testing;
using namespace podlab::web;

namespace {

void type(TextField& field, const char* text) {
  field.fill('\0');
  std::strncpy(field.data(), text, field.size() - 1);
}

FormCheck check(BuildForms& forms, const lab::Session& session) {
  forms.dirty = true;
  refresh_build_form(forms, session);
  return forms.check;
}

// Runs the form's line through the console as Create does, and settles the form.
lab::CommandResult create(BuildForms& forms, ConsoleModel& console, lab::Session& session) {
  note_build_form_submitted(forms, console);
  lab::CommandResult result = console.submit(session, forms.check.line);
  settle_build_form(forms, console);
  return result;
}

}  // namespace

TEST_CASE("new cluster: the line is lab cluster init with kubeadm's flags; bad CIDRs are explained") {
  lab::Session session(1);
  BuildForms forms;
  open_build_form(forms, BuildForm::Cluster, session);
  FormCheck result = check(forms, session);
  CHECK(result.valid());
  CHECK(result.line ==
        "lab cluster init --nodes 2 --datapath flannel-vxlan --pod-network-cidr 10.244.0.0/16 --service-cidr 10.96.0.0/12");
  forms.cluster.datapath = 1;
  forms.cluster.nodes = 4;
  type(forms.cluster.pod_cidr, "10.50.3.0/16");  // written canonically, as the cluster will hold it
  CHECK(check(forms, session).line ==
        "lab cluster init --nodes 4 --datapath calico-ipip --pod-network-cidr 10.50.0.0/16 --service-cidr 10.96.0.0/12");

  type(forms.cluster.pod_cidr, "10.244.0.0");
  result = check(forms, session);
  CHECK_FALSE(result.valid());
  CHECK(result.line.empty());
  REQUIRE(result.problem("pod-cidr"));
  CHECK(result.problem("pod-cidr")->text == Text::ProblemCidr);
  type(forms.cluster.pod_cidr, "10.0.0.0/8");
  result = check(forms, session);
  REQUIRE(result.problem("service-cidr"));
  CHECK(result.problem("service-cidr")->text == Text::ProblemCidrOverlap);
  forms.cluster.nodes = 0;
  CHECK(check(forms, session).problem("nodes")->text == Text::ProblemNodeCount);
}

TEST_CASE("pods: kubectl run when kubectl can say it, a manifest when the pod is pinned or has several containers") {
  lab::Session session(1);
  ConsoleModel console;
  BuildForms forms;
  open_build_form(forms, BuildForm::Pod, session);
  FormCheck result = check(forms, session);
  REQUIRE(result.problem("name"));
  CHECK(result.problem("name")->text == Text::ProblemRequired);

  type(forms.pod.name, "Web_1");
  result = check(forms, session);
  REQUIRE(result.problem("name"));
  CHECK(result.problem("name")->text == Text::ProblemInvalidName);
  CHECK(result.problem("name")->detail.starts_with("a lowercase RFC 1123 subdomain"));

  type(forms.pod.name, "web");
  type(forms.pod.labels, "app=web, tier=front");
  type(forms.pod.containers[0].port, "80");
  result = check(forms, session);
  CHECK(result.valid());
  CHECK(result.line == "kubectl run web --image=nginx --port=80 --labels=app=web,tier=front");

  type(forms.pod.labels, "app");
  result = check(forms, session);
  REQUIRE(result.problem("labels"));
  CHECK(result.problem("labels")->detail == "\"app\" is not key=value");
  type(forms.pod.labels, "app=web");
  type(forms.pod.containers[0].port, "70000");
  CHECK(check(forms, session).problem("port.0")->text == Text::ProblemPort);
  type(forms.pod.containers[0].port, "80");

  // Pinned to a node: the scheduler is bypassed with spec.nodeName, which kubectl run cannot set.
  forms.pod.node = "node-1";
  result = check(forms, session);
  REQUIRE(result.valid());
  CHECK(result.line ==
        "kubectl apply -f - <<EOF\n"
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: web\n"
        "spec:\n  nodeName: node-1\n  containers:\n  - name: web\n    image: nginx\n    ports:\n    - containerPort: 80\n"
        "EOF");
  const lab::CommandResult created = create(forms, console, session);
  CHECK(created.ok);
  CHECK(created.output == "pod/web created\n");
  CHECK(forms.open == BuildForm::None);  // done: the form closes
  CHECK(pod_record(session, "web").node == k8s::find_node(session.world(), "node-1"));
  CHECK(pod_record(session, "web").pod.metadata.labels.at("app") == "web");

  // The same name again is caught before the console sees it.
  open_build_form(forms, BuildForm::Pod, session, "node-2");
  CHECK(forms.pod.node == "node-2");
  type(forms.pod.name, "web");
  CHECK(check(forms, session).problem("name")->text == Text::ProblemDuplicate);

  // Two containers, the second named and with its own port; a duplicate container name is refused.
  type(forms.pod.name, "shop");
  forms.pod.containers.push_back(ContainerFields{});
  type(forms.pod.containers[1].name, "shop");
  CHECK(check(forms, session).problem("container.1")->text == Text::ProblemDuplicate);
  type(forms.pod.containers[1].name, "sidecar");
  type(forms.pod.containers[1].image, "busybox");
  type(forms.pod.containers[1].port, "9090");
  result = check(forms, session);
  REQUIRE(result.valid());
  CHECK(result.line.find("  - name: shop\n    image: nginx\n  - name: sidecar\n    image: busybox\n    ports:\n"
                         "    - containerPort: 9090\n") != std::string::npos);
  CHECK(create(forms, console, session).ok);
  CHECK(pod_record(session, "shop").containers.size() == 2);
}

TEST_CASE("a line the lab refuses keeps the form open with the console's error, and changes nothing") {
  lab::Session session(1);
  ConsoleModel console;
  BuildForms forms;
  open_build_form(forms, BuildForm::Pod, session);
  type(forms.pod.name, "web");
  forms.pod.node = "node-9";  // the form offers only existing nodes; a node deleted meanwhile is caught
  FormCheck result = check(forms, session);
  REQUIRE(result.problem("node"));
  CHECK(result.problem("node")->text == Text::ProblemNoNode);
  CHECK(result.problem("node")->detail == "node-9");

  // A line that was valid when Create was pressed, refused because the lab changed under it: the
  // console says why, the form stays open with that message, and the lab is as it was.
  forms.pod.node.clear();
  result = check(forms, session);
  REQUIRE(result.valid());
  CHECK(result.line == "kubectl run web --image=nginx");
  run_ok(session, "kubectl run web --image=busybox");
  const size_t pods = session.world().pods.size();
  forms.check = result;  // what the learner saw when pressing Create
  const lab::CommandResult refused = create(forms, console, session);
  CHECK_FALSE(refused.ok);
  CHECK(refused.output == "Error from server (AlreadyExists): pods \"web\" already exists\n");
  CHECK(forms.open == BuildForm::Pod);
  CHECK(forms.refused == refused.output);
  CHECK(session.world().pods.size() == pods);
  CHECK(pod_record(session, "web").pod.spec.containers[0].image == "busybox");
  // Fixing the field and creating again clears the message and closes the form.
  type(forms.pod.name, "web-2");
  check(forms, session);
  CHECK(create(forms, console, session).ok);
  CHECK(forms.open == BuildForm::None);
}

TEST_CASE("Services: a manifest with type, selector and ports; the form shows which pods it selects") {
  lab::Session session(1);
  ConsoleModel console;
  apply_manifest(session, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n"
                          "  nodeName: node-2\n  containers:\n  - name: web\n    image: nginx\n    ports:\n    - containerPort: 8080\n");
  BuildForms forms;
  open_build_form(forms, BuildForm::Service, session);
  FormCheck result = check(forms, session);
  CHECK(result.problem("name")->text == Text::ProblemRequired);
  CHECK(result.problem("selector")->text == Text::ProblemRequired);
  type(forms.service.name, "web");
  type(forms.service.selector, "app=web");
  type(forms.service.port, "0");
  result = check(forms, session);
  CHECK(result.problem("port")->text == Text::ProblemPort);
  CHECK(result.selected == "web");
  type(forms.service.port, "80");
  type(forms.service.target_port, "8080");
  forms.service.node_port = true;
  result = check(forms, session);
  REQUIRE(result.valid());
  CHECK(result.line ==
        "kubectl apply -f - <<EOF\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n"
        "  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: 8080\nEOF");
  CHECK(create(forms, console, session).ok);
  const ServiceRecord* service = k8s::find_service(session.world(), "default", "web");
  REQUIRE(service);
  CHECK(service->service.spec.type == k8s::ServiceType::NodePort);
  CHECK(service->slices.size() == 1);

  open_build_form(forms, BuildForm::Service, session);
  type(forms.service.name, "other");
  type(forms.service.selector, "app=nothing");
  CHECK(check(forms, session).selected.empty());
  type(forms.service.target_port, "Not A Port");
  CHECK(check(forms, session).problem("target-port")->text == Text::ProblemInvalidName);
}

TEST_CASE("nodes, namespaces, tunnels and routes") {
  lab::Session session(1);
  ConsoleModel console;
  BuildForms forms;
  open_build_form(forms, BuildForm::Node, session);
  CHECK(check(forms, session).line == "lab node add node-4");  // the next free name is offered
  type(forms.node.name, "node-2");
  CHECK(check(forms, session).problem("name")->text == Text::ProblemDuplicate);
  type(forms.node.name, "edge");
  type(forms.node.ip, "192.168.56.300");
  CHECK(check(forms, session).problem("ip")->text == Text::ProblemIp);
  type(forms.node.ip, "192.168.56.40");
  CHECK(check(forms, session).line == "lab node add edge --ip 192.168.56.40");
  CHECK(create(forms, console, session).ok);
  CHECK(k8s::find_node(session.world(), "edge").valid());

  open_build_form(forms, BuildForm::Namespace, session);
  type(forms.namespace_fields.name, "kube-system");
  CHECK(check(forms, session).problem("name")->text == Text::ProblemDuplicate);
  type(forms.namespace_fields.name, "shop.eu");  // a label, not a subdomain
  CHECK(check(forms, session).problem("name")->text == Text::ProblemInvalidName);
  type(forms.namespace_fields.name, "shop");
  CHECK(check(forms, session).line == "kubectl create namespace shop");
  CHECK(create(forms, console, session).ok);

  run_ok(session, "lab datapath manual");
  open_build_form(forms, BuildForm::Tunnel, session, "node-2");
  CHECK(forms.tunnel.from == "node-2");
  CHECK(forms.tunnel.to == "node-1");
  forms.tunnel.to = "node-2";
  CHECK(check(forms, session).problem("to")->text == Text::ProblemSameNode);
  forms.tunnel.to = "node-3";
  type(forms.tunnel.name, "a-name-longer-than-15");
  CHECK(check(forms, session).problem("name")->text == Text::ProblemDeviceName);
  type(forms.tunnel.name, "tunl1");
  CHECK(check(forms, session).line == "lab tunnel add tunl1 --from node-2 --to node-3");
  CHECK(create(forms, console, session).ok);

  open_build_form(forms, BuildForm::Route, session, "node-2");
  const std::string node3_cidr = session.world().nodes.at(k8s::find_node(session.world(), "node-3")).pod_cidr.to_string();
  type(forms.route.destination, node3_cidr.c_str());
  forms.route.via_gateway = false;
  type(forms.route.device, "tunl9");
  CHECK(check(forms, session).problem("device")->text == Text::ProblemNoDevice);
  type(forms.route.device, "tunl1");
  CHECK(check(forms, session).line == "lab route add node-2 " + node3_cidr + " dev tunl1");
  forms.route.via_gateway = true;
  type(forms.route.gateway, "10.0.0");
  CHECK(check(forms, session).problem("gateway")->text == Text::ProblemIp);
  forms.route.via_gateway = false;
  CHECK(create(forms, console, session).ok);
}

TEST_CASE("lines for the menus: delete, restart, datapath") {
  CHECK(delete_pod_line("default", "web") == "kubectl delete pod web");
  CHECK(delete_pod_line("shop", "cart") == "kubectl delete pod cart -n shop");
  CHECK(delete_service_line("shop", "cart") == "kubectl delete service cart -n shop");
  CHECK(delete_node_line("node-3") == "lab node delete node-3");
  CHECK(delete_namespace_line("shop") == "kubectl delete namespace shop");
  CHECK(restart_container_line("default", "web", "web") == "lab container restart web -c web");
  CHECK(datapath_line(0) == "lab datapath flannel-vxlan");
  CHECK(datapath_line(3) == "lab datapath manual");
  lab::Session session(1);
  for (size_t i = 0; i < datapath_choices.size(); ++i) run_ok(session, datapath_line(i));
}

TEST_CASE("a closed form, or an unchanged one, is not checked again") {
  lab::Session session(1);
  BuildForms forms;
  refresh_build_form(forms, session);
  CHECK(forms.check.line.empty());
  open_build_form(forms, BuildForm::Namespace, session);
  type(forms.namespace_fields.name, "shop");
  forms.dirty = true;
  refresh_build_form(forms, session);
  CHECK(forms.check.line == "kubectl create namespace shop");
  type(forms.namespace_fields.name, "other");  // typed, but the panel did not mark it changed
  refresh_build_form(forms, session);
  CHECK(forms.check.line == "kubectl create namespace shop");
}

TEST_CASE("a wrong pod name is explained once, not again for the container named after it") {
  lab::Session session(1);
  BuildForms forms;
  open_build_form(forms, BuildForm::Pod, session);
  type(forms.pod.name, "Client_1");
  const FormCheck result = check(forms, session);
  REQUIRE(result.problems.size() == 1);
  CHECK(std::string(result.problems[0].field) == "name");
  type(forms.pod.name, "web.v1");  // a valid pod name, but not a valid container name
  REQUIRE(check(forms, session).problem("container.0"));
  CHECK(check(forms, session).problem("container.0")->text == Text::ProblemInvalidName);
}

TEST_CASE("a field keeps the room its problem took, so the form holds still while the learner types") {
  lab::Session session(1);
  BuildForms forms;
  open_build_form(forms, BuildForm::Pod, session);
  constexpr float line = 17;
  // Every field has a line under it before any problem shows.
  CHECK(reserve_problem_slot(forms, "name", line, 0) == line);
  CHECK(reserve_problem_slot(forms, "labels", line, 0) == line);
  // "Web": the API server's long message wraps to three lines; the slot grows once...
  type(forms.pod.name, "Web");
  FormCheck problems = check(forms, session);
  REQUIRE(problems.problem("name") != nullptr);
  CHECK(reserve_problem_slot(forms, "name", line, 3 * line) == 3 * line);
  // ...and keeps that height when the name is fixed, or the problem gets shorter, so nothing moves.
  type(forms.pod.name, "web");
  problems = check(forms, session);
  CHECK(problems.problem("name") == nullptr);
  CHECK(reserve_problem_slot(forms, "name", line, 0) == 3 * line);
  CHECK(reserve_problem_slot(forms, "name", line, line) == 3 * line);
  CHECK(reserve_problem_slot(forms, "labels", line, 0) == line);  // other fields keep their own
  // A form opened afresh starts with one line per field again.
  open_build_form(forms, BuildForm::Pod, session);
  CHECK(reserve_problem_slot(forms, "name", line, 0) == line);
}
