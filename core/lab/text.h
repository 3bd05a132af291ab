// Text helpers for the console: shell-like splitting of a typed line, and the aligned columns that
// kubectl prints (its tabwriter: columns separated by at least three spaces).
#pragma once

#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/base/sim_time.h"

namespace podlab::lab {

// Splits a line as a POSIX shell would for simple commands: whitespace separates words, '…' and
// "…" quote, a backslash escapes the next character. Unbalanced quotes are an error.
Result<std::vector<std::string>> split_words(const std::string& line);

class Table {
 public:
  explicit Table(std::vector<std::string> header) { rows_.push_back(std::move(header)); }
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  size_t row_count() const { return rows_.size() - 1; }
  std::string to_string() const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

// kubectl's AGE: "42s", "5m3s", "2d4h".
std::string format_age(SimTime age);
// The lab's clock as an RFC 3339 time, as the API shows creationTimestamp: the run starts at a
// fixed instant, so output is reproducible.
std::string rfc3339_timestamp(SimTime time);
// A duration in milliseconds with three decimals, as ping and the timeline print it: "0.261".
std::string format_ms(SimTime duration);

}  // namespace podlab::lab
