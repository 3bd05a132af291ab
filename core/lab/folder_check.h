// `podlab lesson check DIR` and `podlab exercise check DIR` without the file system: a folder is
// loaded (every text in both languages), its start is run, no goal may be met at the start, and
// each step's (task's) solution must meet its goals. One line per finding; any failure fails it.
#pragma once

#include <string>
#include <vector>

#include "core/lab/lesson_format.h"

namespace podlab::lab {

struct FolderCheck {
  bool ok = true;
  std::vector<std::string> lines;  // "ok   …" and "FAIL …", in order
};

FolderCheck check_lesson_folder(const std::string& folder_id, const FolderFiles& files);
FolderCheck check_exercise_folder(const std::string& folder_id, const FolderFiles& files);

}  // namespace podlab::lab
