#include "core/lab/catalog.h"

#include <algorithm>
#include <cstdlib>

namespace podlab::lab {

namespace {

// "01-network-model" sorts by 1, then by name; a folder without a number comes last.
long number_prefix(const std::string& id) {
  if (id.empty() || id[0] < '0' || id[0] > '9') return 1L << 30;
  return std::strtol(id.c_str(), nullptr, 10);
}

}  // namespace

const Lesson* Catalog::lesson(const std::string& id) const {
  for (const Lesson& lesson : lessons)
    if (lesson.id == id) return &lesson;
  return nullptr;
}

const Exercise* Catalog::exercise(const std::string& id) const {
  for (const Exercise& exercise : exercises)
    if (exercise.id == id) return &exercise;
  return nullptr;
}

Catalog make_catalog(const std::map<std::string, std::string>& files) {
  std::map<std::string, FolderFiles> lesson_folders, exercise_folders;
  for (const auto& [path, text] : files) {
    const bool in_exercises = path.starts_with("exercises/");
    const std::string inside = in_exercises ? path.substr(std::string("exercises/").size()) : path;
    const size_t slash = inside.find('/');
    if (slash == std::string::npos) continue;
    auto& folders = in_exercises ? exercise_folders : lesson_folders;
    folders[inside.substr(0, slash)][inside.substr(slash + 1)] = text;
  }
  Catalog catalog;
  auto keep_problems = [&](const std::vector<Diagnostic>& diagnostics) {
    catalog.problems.insert(catalog.problems.end(), diagnostics.begin(), diagnostics.end());
  };
  for (const auto& [id, folder] : lesson_folders) {
    auto lesson = load_lesson(id, folder);
    if (lesson) catalog.lessons.push_back(std::move(*lesson));
    else keep_problems(lesson.diagnostics());
  }
  for (const auto& [id, folder] : exercise_folders) {
    auto exercise = load_exercise(id, folder);
    if (exercise) catalog.exercises.push_back(std::move(*exercise));
    else keep_problems(exercise.diagnostics());
  }
  std::stable_sort(catalog.lessons.begin(), catalog.lessons.end(), [](const Lesson& a, const Lesson& b) {
    return number_prefix(a.id) < number_prefix(b.id);
  });
  return catalog;
}

std::shared_ptr<const Catalog> shipped_catalog() {
  static const std::shared_ptr<const Catalog> catalog = std::make_shared<const Catalog>(make_catalog(shipped_lesson_files()));
  return catalog;
}

}  // namespace podlab::lab
