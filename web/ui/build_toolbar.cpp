// The build toolbar, in the menu bar after the menus: New cluster, Add (node, namespace, pod,
// Service, and for the manual datapath tunnels and routes), Delete (any pod, Service, node or
// namespace by name) and the datapath switch. Each opens a form (web/ui/*_form_panel.cpp) or runs
// its console line directly; either way the line shows in the console.
#include <imgui.h>

#include <cstdio>
#include <string>

#include "core/k8s/cluster.h"
#include "web/ui/panels.h"

namespace podlab::web {

namespace {

void add_item(AppState& state, Text label, const char* id, BuildForm form) {
  if (labelled_menu_item(state, label, id)) open_build_form(state.build, form, state.session);
}

// One row per object; the row's label is what the learner reads, the id its kind.
void delete_row(AppState& state, Intents& intents, const char* id, const std::string& label, std::string line, int index) {
  ImGui::PushID(index);
  if (ImGui::MenuItem(label.c_str())) intents.console_line = std::move(line);
  publish_last_item(state, id, "", index);
  ImGui::PopID();
}

void delete_menu(AppState& state, Intents& intents) {
  const World& world = state.session.world();
  if (labelled_menu(state, Text::DeletePods, "toolbar.delete.pods")) {
    int index = 0;
    for (PodId id : world.pods.ids()) {
      const PodRecord& pod = world.pods.at(id);
      const std::string& ns = pod.pod.metadata.namespace_name;
      if (ns == "kube-system") continue;
      delete_row(state, intents, "toolbar.delete.pod", ns + "/" + pod.pod.metadata.name,
                 delete_pod_line(ns, pod.pod.metadata.name), index++);
    }
    ImGui::EndMenu();
  }
  if (labelled_menu(state, Text::DeleteServices, "toolbar.delete.services")) {
    int index = 0;
    for (const ServiceRecord& service : world.services) {
      const std::string& ns = service.service.metadata.namespace_name;
      if (ns == "kube-system" || (ns == "default" && service.service.metadata.name == "kubernetes")) continue;
      delete_row(state, intents, "toolbar.delete.service", ns + "/" + service.service.metadata.name,
                 delete_service_line(ns, service.service.metadata.name), index++);
    }
    ImGui::EndMenu();
  }
  if (labelled_menu(state, Text::DeleteNodes, "toolbar.delete.nodes")) {
    int index = 0;
    for (NodeId id : world.nodes.ids())
      delete_row(state, intents, "toolbar.delete.node", world.nodes.at(id).name, delete_node_line(world.nodes.at(id).name), index++);
    ImGui::EndMenu();
  }
  if (labelled_menu(state, Text::DeleteNamespaces, "toolbar.delete.namespaces")) {
    int index = 0;
    for (const NamespaceRecord& record : world.namespaces) {
      // The namespaces every cluster starts with cannot be deleted (the API server refuses).
      if (record.name == "default" || record.name.starts_with("kube-")) continue;
      delete_row(state, intents, "toolbar.delete.namespace", record.name, delete_namespace_line(record.name), index++);
    }
    ImGui::EndMenu();
  }
}

}  // namespace

void draw_build_toolbar(AppState& state, Intents& intents) {
  ImGui::Separator();
  add_item(state, Text::ToolbarNewCluster, "toolbar.new-cluster", BuildForm::Cluster);

  const k8s::Datapath datapath = state.session.world().cluster.datapath;
  if (labelled_menu(state, Text::ToolbarAdd, "toolbar.add")) {
    add_item(state, Text::AddNode, "toolbar.add.node", BuildForm::Node);
    add_item(state, Text::AddNamespace, "toolbar.add.namespace", BuildForm::Namespace);
    add_item(state, Text::AddPod, "toolbar.add.pod", BuildForm::Pod);
    add_item(state, Text::AddService, "toolbar.add.service", BuildForm::Service);
    if (datapath == k8s::Datapath::Manual) {
      ImGui::Separator();
      add_item(state, Text::AddTunnel, "toolbar.add.tunnel", BuildForm::Tunnel);
      add_item(state, Text::AddRoute, "toolbar.add.route", BuildForm::Route);
    }
    ImGui::EndMenu();
  }
  if (labelled_menu(state, Text::ToolbarDelete, "toolbar.delete")) {
    delete_menu(state, intents);
    ImGui::EndMenu();
  }

  size_t current = 0;
  for (size_t i = 0; i < datapath_choices.size(); ++i)
    if (k8s::datapath_name(datapath) == std::string_view(datapath_choices[i].name)) current = i;
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, "%s: %s###toolbar.datapath", state.text(Text::ToolbarDatapath), datapath_choices[current].label);
  const bool open = ImGui::BeginMenu(buffer);
  publish_last_item(state, "toolbar.datapath", state.text(Text::ToolbarDatapath));
  if (open) {
    ImGui::TextDisabled("%s", state.text(Text::DatapathRebuilds));
    for (size_t i = 0; i < datapath_choices.size(); ++i) {
      if (ImGui::MenuItem(datapath_choices[i].label, nullptr, i == current) && i != current) intents.console_line = datapath_line(i);
      publish_last_item(state, "toolbar.datapath.item", datapath_choices[i].label, static_cast<int>(i));
    }
    ImGui::EndMenu();
  }
}

}  // namespace podlab::web
