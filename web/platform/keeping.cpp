#include "web/platform/keeping.h"

#include <emscripten.h>

#include <string>

#include "web/app/app_state.h"

namespace podlab::web {

namespace {

AppState* keeping_state = nullptr;
// A frame gives a replay this long, so a long lab opens with the page still drawing its progress.
constexpr double replay_budget_ms = 12.0;

EM_JS(void, js_restore_lab, (), { setTimeout(function () { window.podlabKeeping.restore(); }, 0); });
EM_JS(int, js_store_lab, (const char* text), { return window.podlabKeeping.store(UTF8ToString(text)) ? 1 : 0; });
EM_JS(void, js_keep_aside, (const char* text), { window.podlabKeeping.keepAside(UTF8ToString(text)); });
EM_JS(void, js_download, (const char* name, const char* text),
      { window.podlabKeeping.download(UTF8ToString(name), UTF8ToString(text)); });
EM_JS(void, js_pick_file, (const char* purpose), { window.podlabKeeping.pickFile(UTF8ToString(purpose)); });
EM_JS(void, js_share_link, (const char* text), { window.podlabKeeping.shareLink(UTF8ToString(text)); });

LabOrigin origin_from(const std::string& name) {
  if (name == "link") return LabOrigin::ShareLink;
  if (name == "autosave") return LabOrigin::Autosave;
  return LabOrigin::File;
}

}  // namespace

void start_keeping(AppState* state) {
  keeping_state = state;
  js_restore_lab();
}

void store_lab_if_due(AppState& state) {
  if (auto text = autosave_due(state)) note_autosave_result(state, js_store_lab(text->c_str()) != 0);
}

void keep_work(AppState& state, const Intents& intents) {
  if (state.keeping.replay) {
    const double start = emscripten_get_now();
    while (state.keeping.replay && emscripten_get_now() - start < replay_budget_ms) {
      if (auto kept = advance_replay(state, 1)) js_keep_aside(kept->c_str());
    }
  }
  store_lab_if_due(state);
  if (intents.save_lab) {
    const std::string text = saved_lab_json(saved_lab_of(state.session));
    js_download(saved_lab_file_name(state.session).c_str(), text.c_str());
  }
  if (intents.download_kept_lab && state.keeping.notice && !state.keeping.notice->kept_text.empty())
    js_download("kept-aside.podlab.json", state.keeping.notice->kept_text.c_str());
  if (intents.open_lab) js_pick_file("lab");
  if (intents.load_yaml_file) js_pick_file("yaml");
  if (intents.copy_share_link) js_share_link(saved_lab_json(saved_lab_of(state.session)).c_str());
}

}  // namespace podlab::web

extern "C" {

EMSCRIPTEN_KEEPALIVE void podlab_open_lab(const char* text, const char* origin, const char* name) {
  using namespace podlab::web;
  if (!keeping_state) return;
  const LabOrigin from = origin_from(origin);
  // A text that is no lab, or one over the limits, is refused at once; a lab asks before it takes the place of the learner's.
  if (from == LabOrigin::Autosave || !parse_lab_to_open(text).lab) open_saved_lab(*keeping_state, text, from, name);
  else request_replacement(*keeping_state, Replacement{.kind = Replacement::Kind::OpenLab, .text = text, .origin = from, .source_name = name});
}

EMSCRIPTEN_KEEPALIVE void podlab_link_damaged(const char* reason, int position) {
  using namespace podlab::web;
  if (!keeping_state) return;
  const bool base64 = std::string(reason) == "base64";
  report_damaged_link(*keeping_state, LabProblem{.kind = base64 ? LabProblemKind::LinkNotBase64 : LabProblemKind::LinkDamaged,
                                                 .column = position});
}

EMSCRIPTEN_KEEPALIVE void podlab_share_link(const char* url, int copied) {
  using namespace podlab::web;
  if (!keeping_state) return;
  keeping_state->keeping.share_link = url;
  keeping_state->keeping.share_copied = copied != 0;
  keeping_state->keeping.share_open = true;
}

EMSCRIPTEN_KEEPALIVE void podlab_yaml_loaded(const char* text, const char*) {
  using namespace podlab::web;
  if (!keeping_state) return;
  set_yaml_text(keeping_state->yaml, text);
  keeping_state->yaml.open = true;
}

}  // extern "C"
