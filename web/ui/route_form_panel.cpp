// "Add a route" on a node (the manual datapath): a destination CIDR via a gateway or out of a device,
// as `ip route add` takes it. Runs `lab route add NODE CIDR via IP|dev DEVICE`.
#include <imgui.h>

#include "web/ui/build_form_widgets.h"

namespace podlab::web {

void draw_route_form(AppState& state, Intents& intents) {
  RouteFields& fields = state.build.route;
  if (begin_form_window(state, Text::FormTitleRoute, "form.route")) {
    form_name_choice(state, Text::InputRouteNode, "form.node", fields.node, state.build.choices.nodes, "node");
    form_text_field(state, Text::InputDestination, "form.destination", fields.destination, "destination", "10.244.2.0/24");
    ImGui::SetCursorPosX(form_label_width());
    int mode = fields.via_gateway ? 0 : 1;
    if (ImGui::RadioButton(state.text(Text::InputVia), &mode, 0)) state.build.dirty = true;
    publish_last_item(state, "form.via", state.text(Text::InputVia));
    ImGui::SameLine();
    if (ImGui::RadioButton(state.text(Text::InputDev), &mode, 1)) state.build.dirty = true;
    publish_last_item(state, "form.dev", state.text(Text::InputDev));
    fields.via_gateway = mode == 0;
    if (fields.via_gateway) form_text_field(state, Text::InputGateway, "form.gateway", fields.gateway, "gateway", "192.168.56.12");
    else form_text_field(state, Text::InputDevice, "form.device", fields.device, "device", "tunl1");
    form_footer(state, intents);
  }
  end_form_window();
}

}  // namespace podlab::web
