// Errors in what a person gave us (a manifest, a console line, a lesson file, a share link) are
// values, never exceptions or crashes: a Result holds either a value or Diagnostics, each with a
// stable code, a message a learner understands, and where in the input it was found.
// Broken invariants in our own code are asserts (PODLAB_ASSERT), not Diagnostics.
// A value may come with warnings: what the API server accepted but would tell the user about
// (kubectl prints each as "Warning: …" before its own output).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#define PODLAB_ASSERT(condition)                                                          \
  do {                                                                                    \
    if (!(condition)) {                                                                   \
      std::fprintf(stderr, "%s:%d: assertion failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                       \
    }                                                                                     \
  } while (0)

namespace podlab {

struct SourceLocation {
  std::string file;  // empty for typed input such as a console line
  int line = 0;      // 1-based; 0 when unknown
  int column = 0;    // 1-based; 0 when unknown
};

struct Diagnostic {
  std::string code;     // stable, for tests and lessons: "manifest.unknown-kind", "console.usage"
  std::string message;  // for the learner
  SourceLocation where;

  // "file:line:column: message", the shape compilers and kubectl use.
  std::string to_string() const;
};

template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}
  Result(Diagnostic diagnostic) { diagnostics_.push_back(std::move(diagnostic)); }
  Result(std::vector<Diagnostic> diagnostics) : diagnostics_(std::move(diagnostics)) {
    PODLAB_ASSERT(!diagnostics_.empty());
  }

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }
  T& value() {
    PODLAB_ASSERT(ok());
    return *value_;
  }
  const T& value() const {
    PODLAB_ASSERT(ok());
    return *value_;
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  const Diagnostic& error() const {
    PODLAB_ASSERT(!diagnostics_.empty());
    return diagnostics_.front();
  }
  const std::vector<Diagnostic>& warnings() const { return warnings_; }
  void add_warnings(const std::vector<Diagnostic>& more) { warnings_.insert(warnings_.end(), more.begin(), more.end()); }

 private:
  std::optional<T> value_;
  std::vector<Diagnostic> diagnostics_;
  std::vector<Diagnostic> warnings_;
};

inline std::string Diagnostic::to_string() const {
  std::string text;
  if (!where.file.empty()) text += where.file + ":";
  if (where.line > 0) {
    text += std::to_string(where.line) + ":";
    if (where.column > 0) text += std::to_string(where.column) + ":";
  }
  if (!text.empty()) text += " ";
  return text + message;
}

}  // namespace podlab
