// "Create a Service": name, namespace, type (ClusterIP or NodePort), the selector, port and target
// port; shows which pods the selector picks now. Runs `kubectl apply -f -` with the manifest.
#include <imgui.h>

#include "web/ui/build_form_widgets.h"

namespace podlab::web {

void draw_service_form(AppState& state, Intents& intents) {
  ServiceFields& fields = state.build.service;
  if (begin_form_window(state, Text::FormTitleService, "form.service")) {
    form_text_field(state, Text::InputName, "form.name", fields.name, "name", "web");
    form_name_choice(state, Text::InputNamespace, "form.namespace", fields.namespace_name, state.build.choices.namespaces,
                     "namespace");
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(state.text(Text::InputServiceType));
    ImGui::SameLine(form_label_width());
    int type = fields.node_port ? 1 : 0;
    if (ImGui::RadioButton("ClusterIP", &type, 0)) state.build.dirty = true;
    publish_last_item(state, "form.cluster-ip", "ClusterIP");
    ImGui::SameLine();
    if (ImGui::RadioButton("NodePort", &type, 1)) state.build.dirty = true;
    publish_last_item(state, "form.node-port", "NodePort");
    fields.node_port = type == 1;
    form_text_field(state, Text::InputSelector, "form.selector", fields.selector, "selector", state.text(Text::HintLabels));
    form_text_field(state, Text::InputServicePort, "form.port", fields.port, "port", "80");
    form_text_field(state, Text::InputTargetPort, "form.target-port", fields.target_port, "target-port",
                    state.text(Text::HintSameAsPort));
    form_footer(state, intents);
  }
  end_form_window();
}

}  // namespace podlab::web
