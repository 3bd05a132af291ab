// The canvas's right-click menu, for what is under the mouse: on empty space, what the toolbar adds;
// on a node, a pod on it, a tunnel or route from it, or deleting it; on a pod, a Service for it,
// restarting one of its containers, or deleting it; on a Service, deleting it.
#include <imgui.h>

#include <cstdio>

#include "core/k8s/cluster.h"
#include "web/ui/panels.h"

namespace podlab::web {

namespace {

void open_form(AppState& state, BuildForm form, const std::string& node = "") {
  open_build_form(state.build, form, state.session, node);
}

}  // namespace

void draw_canvas_context_menu(AppState& state, Intents& intents, Vec2 canvas_origin) {
  if (ImGui::IsItemHovered() && ImGui::IsMouseReleased(ImGuiMouseButton_Right)) {
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const Vec2 point = state.view.screen_to_world(Vec2{mouse.x - canvas_origin.x, mouse.y - canvas_origin.y});
    state.build.context = canvas_target_at(state.session.world(), state.topology.layout, point);
    ImGui::OpenPopup("###canvas.context");
  }
  if (!ImGui::BeginPopup("###canvas.context")) return;
  const CanvasTarget& target = state.build.context;
  const bool manual = state.session.world().cluster.datapath == k8s::Datapath::Manual;
  switch (target.kind) {
    case CanvasTargetKind::Empty:
      if (labelled_menu_item(state, Text::ToolbarNewCluster, "context.new-cluster")) open_form(state, BuildForm::Cluster);
      ImGui::Separator();
      if (labelled_menu_item(state, Text::AddNode, "context.add-node")) open_form(state, BuildForm::Node);
      if (labelled_menu_item(state, Text::AddNamespace, "context.add-namespace")) open_form(state, BuildForm::Namespace);
      if (labelled_menu_item(state, Text::AddPod, "context.add-pod")) open_form(state, BuildForm::Pod);
      if (labelled_menu_item(state, Text::AddService, "context.add-service")) open_form(state, BuildForm::Service);
      if (manual && labelled_menu_item(state, Text::AddTunnel, "context.add-tunnel")) open_form(state, BuildForm::Tunnel);
      if (manual && labelled_menu_item(state, Text::AddRoute, "context.add-route")) open_form(state, BuildForm::Route);
      break;
    case CanvasTargetKind::Node:
      ImGui::TextDisabled("node/%s", target.node.c_str());
      if (labelled_menu_item(state, Text::AddPodOnNode, "context.add-pod-on-node")) open_form(state, BuildForm::Pod, target.node);
      if (manual && labelled_menu_item(state, Text::AddTunnelFromNode, "context.add-tunnel-from-node"))
        open_form(state, BuildForm::Tunnel, target.node);
      if (manual && labelled_menu_item(state, Text::AddRouteOnNode, "context.add-route-on-node")) open_form(state, BuildForm::Route, target.node);
      ImGui::Separator();
      if (labelled_menu_item(state, Text::DeleteNode, "context.delete-node")) intents.console_line = delete_node_line(target.node);
      break;
    case CanvasTargetKind::Pod:
      ImGui::TextDisabled("pod/%s", target.name.c_str());
      if (labelled_menu_item(state, Text::ExposePod, "context.expose")) open_service_form_for_pod(state.build, state.session, target);
      if (ImGui::BeginMenu(state.text(Text::RestartContainer))) {
        for (size_t i = 0; i < target.containers.size(); ++i) {
          if (ImGui::MenuItem(target.containers[i].c_str()))
            intents.console_line = restart_container_line(target.namespace_name, target.name, target.containers[i]);
          publish_last_item(state, "context.restart.item", target.containers[i].c_str(), static_cast<int>(i));
        }
        ImGui::EndMenu();
      }
      publish_last_item(state, "context.restart", state.text(Text::RestartContainer));
      ImGui::Separator();
      if (labelled_menu_item(state, Text::DeletePod, "context.delete-pod")) intents.console_line = delete_pod_line(target.namespace_name, target.name);
      break;
    case CanvasTargetKind::Service:
      ImGui::TextDisabled("service/%s", target.name.c_str());
      if (labelled_menu_item(state, Text::DeleteService, "context.delete-service"))
        intents.console_line = delete_service_line(target.namespace_name, target.name);
      break;
  }
  ImGui::EndPopup();
}

}  // namespace podlab::web
