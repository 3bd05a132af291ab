// The Markdown subset lesson and exercise texts are written in (paragraphs, *emphasis*, **strong**,
// `code`, "- " lists, fenced code blocks), parsed into styled runs. The page draws the runs; the
// console prints them as plain text (plain_text), so neither shows the markup itself.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace podlab::lab {

enum class RunStyle { Plain, Emphasis, Strong, Code };

struct TextRun {
  std::string text;
  RunStyle style = RunStyle::Plain;
};

enum class BlockKind { Paragraph, ListItem, CodeBlock };

struct TextBlock {
  BlockKind kind = BlockKind::Paragraph;
  std::vector<TextRun> runs;  // a code block: one Code run per line
};

std::vector<TextBlock> parse_markdown(std::string_view text);

// The text as a terminal shows it: the markup gone, paragraphs and list items wrapped to `columns`
// characters (list items as "- " with their continuation indented), code blocks indented by four
// spaces, a blank line between paragraphs; ends with a newline unless empty.
std::string plain_text(std::string_view markdown, size_t columns = 96);

}  // namespace podlab::lab
