// "Create a pod": name, namespace, the node (or the scheduler's choice), labels, and its containers
// with image and port. Runs `kubectl run …` when kubectl can say it, else `kubectl apply -f -` with
// the manifest as a here-document.
#include <imgui.h>

#include <cstdio>

#include "web/ui/build_form_widgets.h"

namespace podlab::web {

void draw_pod_form(AppState& state, Intents& intents) {
  PodFields& fields = state.build.pod;
  if (begin_form_window(state, Text::FormTitlePod, "form.pod")) {
    form_text_field(state, Text::InputName, "form.name", fields.name, "name", "web");
    form_name_choice(state, Text::InputNamespace, "form.namespace", fields.namespace_name, state.build.choices.namespaces,
                     "namespace");
    form_name_choice(state, Text::InputNode, "form.node", fields.node, state.build.choices.nodes, "node",
                     state.text(Text::InputAnyNode));
    form_text_field(state, Text::InputLabels, "form.labels", fields.labels, "labels", state.text(Text::HintLabels));

    ImGui::Separator();
    ImGui::TextDisabled("%s", state.text(Text::InputContainers));
    static constexpr const char* name_fields[] = {"container.0", "container.1", "container.2", "container.3"};
    static constexpr const char* image_fields[] = {"image.0", "image.1", "image.2", "image.3"};
    static constexpr const char* port_fields[] = {"port.0", "port.1", "port.2", "port.3"};
    size_t remove = SIZE_MAX;
    for (size_t i = 0; i < fields.containers.size() && i < max_containers; ++i) {
      ImGui::PushID(static_cast<int>(i));
      ContainerFields& container = fields.containers[i];
      const int index = static_cast<int>(i);
      form_text_field(state, Text::InputContainerName, "form.container", container.name, name_fields[i],
                      i == 0 ? state.text(Text::HintContainerName) : "sidecar", index);
      form_text_field(state, Text::InputImage, "form.image", container.image, image_fields[i], "nginx", index);
      form_text_field(state, Text::InputPort, "form.port", container.port, port_fields[i], state.text(Text::HintNoPort), index);
      if (i > 0) {
        ImGui::SetCursorPosX(form_label_width());
        if (ImGui::SmallButton(state.text(Text::InputRemove))) remove = i;
        publish_last_item(state, "form.remove-container", state.text(Text::InputRemove), index);
      }
      ImGui::PopID();
      ImGui::Spacing();
    }
    if (remove != SIZE_MAX) {
      fields.containers.erase(fields.containers.begin() + static_cast<long>(remove));
      state.build.dirty = true;
    }
    if (fields.containers.size() < max_containers) {
      if (ImGui::SmallButton(state.text(Text::InputAddContainer))) {
        fields.containers.push_back(ContainerFields{});
        state.build.dirty = true;
      }
      publish_last_item(state, "form.add-container", state.text(Text::InputAddContainer));
    }
    form_footer(state, intents);
  }
  end_form_window();
}

}  // namespace podlab::web
