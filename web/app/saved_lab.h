// A lab kept outside the page (the browser's storage, a .podlab.json file, a share link) is what
// replays it: the seed and every console line run since the lab began, with whether each line
// worked. Opening one replays it into a fresh Session a few lines a frame (LabReplay); the lab on
// screen is swapped only when every line did what it did when the lab was saved.
//
// The saved form is versioned JSON:
//   {"format": "podlab-lab", "version": 1, "seed": 1,
//    "lines": [{"line": "kubectl run web --image=nginx", "ok": true}, …]}
// A line that read input (`kubectl apply -f -` and its manifest) is one string with newlines. A line
// that read the wall clock (`lab exercise start`, `status`, `submit`) carries the time it read,
// "clock": Unix milliseconds, which the replay feeds back: an exercise reopened keeps its start time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/lab/session.h"
#include "web/app/console_model.h"
#include "web/app/i18n.h"

namespace podlab::web {

inline constexpr std::string_view saved_lab_format = "podlab-lab";
inline constexpr int saved_lab_version = 1;

struct SavedLine {
  std::string line;
  bool ok = true;  // the line worked when the lab was saved
  std::optional<int64_t> clock;  // the wall-clock time the line read, if it read one
};

struct SavedLab {
  uint64_t seed = 1;
  std::vector<SavedLine> lines;
};

SavedLab saved_lab_of(const lab::Session& session);
std::string saved_lab_json(const SavedLab& lab);

// Where a lab being opened came from: the messages about it say so, and say what became of the lab.
enum class LabOrigin { Autosave, File, ShareLink, Recent };

enum class LabProblemKind {
  NotJson,        // detail: the parser's words; line, column
  NotALabFile,    // detail: the "format" found (JSON text), empty when there was none
  NewerVersion,   // line: the file's version
  BadField,       // where: the field ("lines[3].ok"); expected: what it must be
  LineFailed,     // line: 1-based; where: the command; detail: the first line it printed
  LineWorked,     // a line that failed when saved works when replayed
  LinkNotBase64,  // column: the first character after "#lab=" that base64url has no place for
  LinkDamaged,    // the link's data does not decompress: cut short or altered
  TooLarge,       // line: the text's size in bytes; column: the limit
  TooManyLines,   // line: the lab's lines; column: the limit
  // Not about opening a lab (the message stands alone): line and column as for TooLarge.
  LinkTooLong,    // a share link was not made: line: its length in characters
  InputTooLarge,  // a manifest file for the YAML panel was not read; where: its name
  AutosaveFull,   // the browser's storage refused the autosave
};

enum class FieldExpectation { Object, String, Boolean, WholeNumber, List };

struct LabProblem {
  LabProblemKind kind = LabProblemKind::NotJson;
  std::string where;
  std::string detail;
  FieldExpectation expected = FieldExpectation::Object;
  long long line = 0;
  long long column = 0;
};

struct ParsedLab {
  std::optional<SavedLab> lab;
  LabProblem problem;  // when there is no lab
};

ParsedLab parse_saved_lab(std::string_view text);

// Replays a saved lab into a fresh Session, a bounded number of lines per call, and stops at the
// first line whose outcome differs from the saved one. The replayed lines land in its own console,
// so the learner's scrollback shows them once the lab is swapped in.
class LabReplay {
 public:
  LabReplay(SavedLab lab, LabOrigin origin, std::string source_name);

  void run(size_t max_lines);
  bool finished() const { return problem_.has_value() || next_ == lab_.lines.size(); }
  bool succeeded() const { return !problem_ && next_ == lab_.lines.size(); }
  size_t lines_done() const { return next_; }
  const std::string* next_line() const { return finished() ? nullptr : &lab_.lines[next_].line; }
  size_t line_count() const { return lab_.lines.size(); }
  const std::optional<LabProblem>& problem() const { return problem_; }
  LabOrigin origin() const { return origin_; }
  const std::string& source_name() const { return source_name_; }
  lab::Session& session() { return session_; }
  ConsoleModel& console() { return console_; }

 private:
  SavedLab lab_;
  LabOrigin origin_;
  std::string source_name_;
  lab::Session session_;
  ConsoleModel console_;
  size_t next_ = 0;
  std::optional<LabProblem> problem_;
};

// What the learner reads when a lab does not open, in their language: where it came from, what is
// wrong and where, and what became of their lab (kept aside, or untouched).
std::string lab_problem_text(Language language, LabOrigin origin, const LabProblem& problem, std::string_view source_name);

// "NAME.podlab.json" for the lab's download: the cluster's name.
std::string saved_lab_file_name(const lab::Session& session);

}  // namespace podlab::web
