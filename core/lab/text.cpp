#include "core/lab/text.h"

#include <algorithm>
#include <cstdio>

namespace podlab::lab {

Result<std::vector<std::string>> split_words(const std::string& line) {
  std::vector<std::string> words;
  std::string current;
  bool in_word = false;
  char quote = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote) {
      if (c == quote) {
        quote = 0;
      } else if (c == '\\' && quote == '"' && i + 1 < line.size()) {
        current += line[++i];
      } else {
        current += c;
      }
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == '\\' && i + 1 < line.size()) {
      current += line[++i];
      in_word = true;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_word) words.push_back(current);
      current.clear();
      in_word = false;
    } else {
      current += c;
      in_word = true;
    }
  }
  if (quote)
    return Diagnostic{"console.unbalanced-quote", std::string("unexpected end of line: the quote ") + quote + " is not closed",
                      {"", 1, static_cast<int>(line.rfind(quote)) + 1}};
  if (in_word) words.push_back(current);
  return words;
}

std::string Table::to_string() const {
  std::vector<size_t> widths;
  for (const auto& row : rows_) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  std::string text;
  for (const auto& row : rows_) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 3, ' ');
    }
    text += line + "\n";
  }
  return text;
}

std::string format_age(SimTime age) {
  const int64_t seconds = std::max<int64_t>(0, age.ns / 1000000000);
  if (seconds < 120) return std::to_string(seconds) + "s";
  const int64_t minutes = seconds / 60;
  if (minutes < 10) return std::to_string(minutes) + "m" + std::to_string(seconds % 60) + "s";
  if (minutes < 180) return std::to_string(minutes) + "m";
  const int64_t hours = minutes / 60;
  if (hours < 48) return std::to_string(hours) + "h";
  return std::to_string(hours / 24) + "d" + std::to_string(hours % 24) + "h";
}

std::string rfc3339_timestamp(SimTime time) {
  const int64_t seconds = time.ns / 1000000000;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "2026-01-01T%02d:%02d:%02dZ", static_cast<int>(seconds / 3600 % 24),
                static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60));
  return buffer;
}

std::string format_ms(SimTime duration) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", static_cast<double>(duration.ns) / 1e6);
  return buffer;
}

}  // namespace podlab::lab
