#include "core/lab/markdown.h"

#include <string>

namespace podlab::lab {

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

void add_run(std::vector<TextRun>& runs, std::string_view text, RunStyle style) {
  if (text.empty()) return;
  if (!runs.empty() && runs.back().style == style) {
    runs.back().text += text;
    return;
  }
  runs.push_back({std::string(text), style});
}

// `code` first (nothing inside it is markup), then **strong**, then *emphasis*; a marker without its
// closing partner is text.
std::vector<TextRun> parse_inline(std::string_view text) {
  std::vector<TextRun> runs;
  size_t plain_start = 0;
  size_t i = 0;
  while (i < text.size()) {
    const bool strong = text.compare(i, 2, "**") == 0;
    const char mark = text[i];
    if (mark != '`' && mark != '*') {
      ++i;
      continue;
    }
    const std::string_view marker = mark == '`' ? "`" : strong ? "**" : "*";
    const size_t inner = i + marker.size();
    const size_t close = text.find(marker, inner);
    if (close == std::string_view::npos || close == inner || (mark == '*' && text[inner] == ' ')) {
      i += marker.size();
      continue;
    }
    add_run(runs, text.substr(plain_start, i - plain_start), RunStyle::Plain);
    const RunStyle style = mark == '`' ? RunStyle::Code : strong ? RunStyle::Strong : RunStyle::Emphasis;
    add_run(runs, text.substr(inner, close - inner), style);
    i = close + marker.size();
    plain_start = i;
  }
  add_run(runs, text.substr(plain_start), RunStyle::Plain);
  return runs;
}

}  // namespace

std::vector<TextBlock> parse_markdown(std::string_view text) {
  std::vector<TextBlock> blocks;
  std::string pending;  // the paragraph or list item being gathered, joined with spaces
  BlockKind pending_kind = BlockKind::Paragraph;
  bool gathering = false;
  auto flush = [&] {
    if (gathering) blocks.push_back({pending_kind, parse_inline(pending)});
    pending.clear();
    gathering = false;
  };
  bool in_fence = false;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    const std::string_view raw = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    const std::string_view line = trim(raw);
    if (line.starts_with("```")) {
      flush();
      in_fence = !in_fence;
      if (in_fence) blocks.push_back({BlockKind::CodeBlock, {}});
      continue;
    }
    if (in_fence) {
      std::string_view code = raw;
      while (!code.empty() && code.back() == '\r') code.remove_suffix(1);
      blocks.back().runs.push_back({std::string(code), RunStyle::Code});
      continue;
    }
    if (line.empty()) {
      flush();
      continue;
    }
    if (line.starts_with("- ") || line.starts_with("* ")) {
      flush();
      pending_kind = BlockKind::ListItem;
      pending = trim(line.substr(2));
      gathering = true;
      continue;
    }
    if (!gathering) {
      pending_kind = BlockKind::Paragraph;
      gathering = true;
    } else {
      pending += ' ';
    }
    pending += line;
  }
  flush();
  return blocks;
}

namespace {

size_t columns_of(std::string_view text) {  // UTF-8 code points
  size_t count = 0;
  for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return count;
}

// Words of `text` wrapped to `columns`, the first line after `first`, the others after `rest`.
std::string wrapped(const std::string& text, size_t columns, const std::string& first, const std::string& rest) {
  std::string out = first;
  size_t used = columns_of(first);
  bool line_empty = true;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string_view word(text.data() + start, end - start);
    start = end + 1;
    if (word.empty()) continue;
    const size_t width = columns_of(word);
    if (!line_empty && used + 1 + width > columns) {
      out += "\n" + rest;
      used = columns_of(rest);
      line_empty = true;
    }
    if (!line_empty) {
      out += ' ';
      ++used;
    }
    out += word;
    used += width;
    line_empty = false;
  }
  return out + "\n";
}

}  // namespace

std::string plain_text(std::string_view markdown, size_t columns) {
  std::string out;
  for (const TextBlock& block : parse_markdown(markdown)) {
    if (!out.empty() && block.kind != BlockKind::ListItem) out += '\n';
    if (block.kind == BlockKind::CodeBlock) {
      for (const TextRun& line : block.runs) out += (line.text.empty() ? "" : "    ") + line.text + "\n";
      continue;
    }
    std::string text;
    for (const TextRun& run : block.runs) text += run.text;
    out += block.kind == BlockKind::ListItem ? wrapped(text, columns, "- ", "  ") : wrapped(text, columns, "", "");
  }
  return out;
}

}  // namespace podlab::lab
