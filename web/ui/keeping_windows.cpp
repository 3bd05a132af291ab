// The windows about keeping work: a lab being opened (its progress, when it takes a while), a lab
// that did not open (what is wrong and where, and what became of the learner's lab), and the share
// link just made (copied, or to copy by hand).
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "web/app/fill_text.h"
#include "web/ui/panels.h"

namespace podlab::web {

namespace {

// Frames a replay runs before its progress is shown: a short lab opens without a flash.
constexpr uint64_t progress_after_frames = 4;

void centre_next_window(float width) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(width, viewport->WorkSize.x - 24), 0), ImGuiCond_Always);
}

void draw_replay_progress(AppState& state) {
  const LabKeeping& keeping = state.keeping;
  // One modal at a time: a notice (a damaged link, while the autosave replays) comes first.
  const bool show = keeping.replay && !keeping.notice && state.frame >= keeping.replay_started_frame + progress_after_frames;
  char title[96];
  std::snprintf(title, sizeof title, "%s###keeping.replay", state.text(Text::KeepReplayTitle));
  if (show && !ImGui::IsPopupOpen("###keeping.replay")) ImGui::OpenPopup(title);
  centre_next_window(420);
  if (!ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove)) return;
  if (!show) {
    ImGui::CloseCurrentPopup();
  } else {
    const size_t done = keeping.replay->lines_done();
    const size_t total = keeping.replay->line_count();
    char done_text[24], total_text[24];
    std::snprintf(done_text, sizeof done_text, "%zu", done);
    std::snprintf(total_text, sizeof total_text, "%zu", total);
    ImGui::TextUnformatted(fill_text(state.text(Text::KeepReplayProgress), {done_text, total_text}).c_str());
    ImGui::ProgressBar(total ? static_cast<float>(done) / static_cast<float>(total) : 1.0f, ImVec2(-1, 0));
  }
  ImGui::EndPopup();
}

void draw_notice(AppState& state, Intents& intents) {
  LabKeeping& keeping = state.keeping;
  char title[96];
  std::snprintf(title, sizeof title, "%s###keeping.notice", state.text(Text::KeepNoticeTitle));
  if (keeping.notice && !ImGui::IsPopupOpen("###keeping.notice")) ImGui::OpenPopup(title);
  centre_next_window(560);
  if (!ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_NoSavedSettings)) return;
  if (!keeping.notice) {
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return;
  }
  const std::string& text = notice_text(state);
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  publish_last_item(state, "keeping.notice.text", text.c_str());
  ImGui::Spacing();
  if (!keeping.notice->kept_text.empty()) {
    if (labelled_button(state, Text::KeepDownloadKept, "keeping.notice.download")) intents.download_kept_lab = true;
    ImGui::SameLine();
  }
  if (labelled_button(state, Text::KeepNoticeClose, "keeping.notice.close") || ImGui::IsKeyPressed(ImGuiKey_Escape)) {
    keeping.notice.reset();
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

void draw_share_link(AppState& state) {
  LabKeeping& keeping = state.keeping;
  char title[96];
  std::snprintf(title, sizeof title, "%s###keeping.share", state.text(Text::ShareTitle));
  if (keeping.share_open && !ImGui::IsPopupOpen("###keeping.share")) ImGui::OpenPopup(title);
  centre_next_window(600);
  if (!ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_NoSavedSettings)) return;
  ImGui::TextWrapped("%s", state.text(keeping.share_copied ? Text::ShareCopied : Text::ShareNotCopied));
  ImGui::PushFont(monospace_font());
  ImGui::SetNextItemWidth(-1);
  ImGui::InputText("###keeping.share.link", keeping.share_link.data(), keeping.share_link.size() + 1,
                   ImGuiInputTextFlags_ReadOnly | ImGuiInputTextFlags_AutoSelectAll);
  publish_last_item(state, "keeping.share.link", keeping.share_link.c_str());
  ImGui::PopFont();
  if (labelled_button(state, Text::KeepNoticeClose, "keeping.share.close") || ImGui::IsKeyPressed(ImGuiKey_Escape)) {
    keeping.share_open = false;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace

void draw_keeping_windows(AppState& state, Intents& intents) {
  draw_replay_progress(state);
  draw_notice(state, intents);
  draw_share_link(state);
}

}  // namespace podlab::web
