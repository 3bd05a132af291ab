// "New cluster": how many nodes, the datapath, the pod and Service networks. Runs
// `lab cluster init …`, which replaces the lab, as kubeadm init on fresh machines would.
#include <imgui.h>

#include "web/ui/build_form_widgets.h"

namespace podlab::web {

void draw_cluster_form(AppState& state, Intents& intents) {
  ClusterFields& fields = state.build.cluster;
  if (begin_form_window(state, Text::FormTitleCluster, "form.cluster")) {
    ImGui::TextDisabled("%s", state.text(Text::FormReplacesLab));
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(state.text(Text::InputNodes));
    ImGui::SameLine(form_label_width());
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    if (ImGui::InputInt("###form.nodes", &fields.nodes)) state.build.dirty = true;
    publish_last_item(state, "form.nodes", state.text(Text::InputNodes));
    form_problem(state, "nodes");

    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(state.text(Text::ToolbarDatapath));
    for (size_t i = 0; i < datapath_choices.size(); ++i) {
      ImGui::SameLine(i == 0 ? form_label_width() : 0);
      if (ImGui::RadioButton(datapath_choices[i].label, &fields.datapath, static_cast<int>(i))) state.build.dirty = true;
      publish_last_item(state, "form.datapath", datapath_choices[i].label, static_cast<int>(i));
    }
    form_text_field(state, Text::InputPodNetwork, "form.pod-cidr", fields.pod_cidr, "pod-cidr", "10.244.0.0/16");
    form_text_field(state, Text::InputServiceNetwork, "form.service-cidr", fields.service_cidr, "service-cidr", "10.96.0.0/12");
    form_footer(state, intents);
  }
  end_form_window();
}

}  // namespace podlab::web
