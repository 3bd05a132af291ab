// What `lab lesson …` and `lab exercise …` print, in the learner's language: the list, where the
// learner is, an answer's feedback, an exercise's score.
#pragma once

#include <string>

#include "core/lab/catalog.h"
#include "core/lab/progress.h"

namespace podlab::lab {

// The English or the Vietnamese of a console message.
inline std::string say(Language language, const char* english, const char* vietnamese) {
  return language == Language::Vietnamese ? vietnamese : english;
}

std::string lesson_list_text(const Catalog& catalog, Language language);
std::string lesson_status_text(const LessonProgress& progress, Language language);
std::string answer_text(const Question& question, int choice, Language language);

std::string exercise_list_text(const Catalog& catalog, Language language);
// Each task met or not with its points, the score; the time taken and left when the host has a clock.
std::string exercise_status_text(const ExerciseProgress& progress, std::optional<int64_t> now_unix_ms, Language language);

}  // namespace podlab::lab
