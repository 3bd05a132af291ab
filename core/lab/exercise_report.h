// The report a submitted exercise produces, and its verification. A report carries what a teacher
// needs to trust it: the exercise (id and a digest of its files), the seed and every console line
// the student ran, each task's result, the score and the World's fingerprint. Replaying the lines
// on the exercise's start must give the same tasks, score and fingerprint. Wall-clock start and
// submit times come from the host and are shown, not verified.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/lab/session.h"

namespace podlab::lab {

// The report of the running exercise, with `lines` the console lines to replay (the history up to
// the submission). Null when no exercise is running.
nlohmann::json exercise_report(const Session& session, const std::vector<std::string>& lines,
                               std::optional<int64_t> submitted_unix_ms);

struct ReportVerdict {
  bool genuine = false;
  std::vector<std::string> differences;  // what the replay found different, in words
};

// Replays `report` on `catalog`'s exercise and compares. `report_text` is the report's JSON.
ReportVerdict verify_exercise_report(const std::string& report_text, std::shared_ptr<const Catalog> catalog);

// "2026-05-04T09:30:00Z" for Unix milliseconds.
std::string utc_time_text(int64_t unix_ms);

}  // namespace podlab::lab
