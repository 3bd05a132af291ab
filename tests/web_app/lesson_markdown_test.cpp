// Lesson text: the Markdown subset parsed into styled runs, and wrapped to a width.
#include <doctest/doctest.h>

#include "web/app/lesson_markdown.h"

using namespace podlab::web;

namespace {

// Every character 10 wide, as a monospace font would be.
TextMetrics fixed_metrics() {
  return {.measure = [](std::string_view text, RunStyle) { return 10.0f * static_cast<float>(text.size()); },
          .line_height = 20,
          .paragraph_gap = 8,
          .list_indent = 20,
          .code_padding = 5};
}

}  // namespace

TEST_CASE("paragraphs, emphasis, strong and code become styled runs") {
  const auto blocks = parse_lesson_markdown(
      "Kubernetes does not say *how* to connect pods,\nonly **what** must hold.\n\nList them with `kubectl get pods -o wide`.\n");
  REQUIRE(blocks.size() == 2);
  CHECK(blocks[0].kind == BlockKind::Paragraph);
  REQUIRE(blocks[0].runs.size() == 5);
  CHECK(blocks[0].runs[0].text == "Kubernetes does not say ");
  CHECK(blocks[0].runs[1].text == "how");
  CHECK(blocks[0].runs[1].style == RunStyle::Emphasis);
  CHECK(blocks[0].runs[2].text == " to connect pods, only ");  // the line break is a space
  CHECK(blocks[0].runs[3].text == "what");
  CHECK(blocks[0].runs[3].style == RunStyle::Strong);
  REQUIRE(blocks[1].runs.size() == 3);
  CHECK(blocks[1].runs[1].text == "kubectl get pods -o wide");
  CHECK(blocks[1].runs[1].style == RunStyle::Code);
}

TEST_CASE("lists and fenced code blocks; markup inside code stays text") {
  const auto blocks = parse_lesson_markdown(
      "The rules:\n\n- every pod reaches every pod, **without NAT**;\n- the receiver sees\n  the sender's IP.\n\n"
      "```\nkubectl exec a -- ping -c 1 10.244.1.3\n# a *comment*\n```\nAfter `*x*` and a lone * star.");
  REQUIRE(blocks.size() == 5);
  CHECK(blocks[1].kind == BlockKind::ListItem);
  CHECK(blocks[1].runs[1].style == RunStyle::Strong);
  CHECK(blocks[2].kind == BlockKind::ListItem);
  CHECK(blocks[2].runs[0].text == "the receiver sees the sender's IP.");
  CHECK(blocks[3].kind == BlockKind::CodeBlock);
  REQUIRE(blocks[3].runs.size() == 2);
  CHECK(blocks[3].runs[0].text == "kubectl exec a -- ping -c 1 10.244.1.3");
  CHECK(blocks[3].runs[1].text == "# a *comment*");
  CHECK(blocks[4].runs[1].text == "*x*");
  CHECK(blocks[4].runs[1].style == RunStyle::Code);
  CHECK(blocks[4].runs[2].text == " and a lone * star.");
  CHECK(blocks[4].runs[2].style == RunStyle::Plain);
}

TEST_CASE("a console line is code whose first word is a program the console runs") {
  CHECK(is_console_line("kubectl get pods -o wide"));
  CHECK(is_console_line("k get svc"));
  CHECK(is_console_line("lab run"));
  CHECK(is_console_line("node node-1 ip route"));
  CHECK_FALSE(is_console_line("cni0"));
  CHECK_FALSE(is_console_line("kubectl"));  // a word, not a line
  CHECK_FALSE(is_console_line("eth0 of pod a"));
}

TEST_CASE("text wraps at spaces to the width, and keeps its clickable lines") {
  const auto blocks = parse_lesson_markdown("From pod a, run `kubectl exec a -- ping -c 1 10.244.0.4` and watch.");
  const WrappedText wrapped = wrap_lesson_text(blocks, 200, fixed_metrics());  // 20 characters a line
  REQUIRE(wrapped.lines.size() == 1);
  CHECK(wrapped.lines[0] == "kubectl exec a -- ping -c 1 10.244.0.4");
  float previous_y = -1;
  int line_count = 0;
  for (const PlacedRun& piece : wrapped.pieces) {
    CHECK(piece.position.x + piece.width <= 200 + 10);  // a trailing space may hang over
    CHECK(piece.text.front() != ' ');                    // no line starts with a space
    if (piece.position.y != previous_y) ++line_count;
    previous_y = piece.position.y;
    CHECK((piece.line_of == 0) == (piece.style == RunStyle::Code));
  }
  CHECK(line_count == 4);
  CHECK(wrapped.height == doctest::Approx(4 * 20));

  const WrappedText wide = wrap_lesson_text(blocks, 2000, fixed_metrics());
  CHECK(wide.height == doctest::Approx(20));
  CHECK(wide.pieces.size() == 3);
}

TEST_CASE("list items are indented under a bullet; code blocks get a background") {
  const auto blocks = parse_lesson_markdown("Intro\n\n- one\n- two\n\n```\nlab run\n```");
  const WrappedText wrapped = wrap_lesson_text(blocks, 300, fixed_metrics());
  REQUIRE(wrapped.bullets.size() == 2);
  CHECK(wrapped.bullets[1].y > wrapped.bullets[0].y);
  REQUIRE(wrapped.code_blocks.size() == 1);
  CHECK(wrapped.code_blocks[0].width() == 300);
  CHECK(wrapped.code_blocks[0].min.y > wrapped.bullets[1].y);
  const PlacedRun& item = wrapped.pieces[1];
  CHECK(item.text == "one");
  CHECK(item.position.x == 20);
  REQUIRE(wrapped.lines.size() == 1);
  CHECK(wrapped.lines[0] == "lab run");
  CHECK(wrapped.pieces.back().in_code_block);
  CHECK(wrapped.height == doctest::Approx(wrapped.code_blocks[0].max.y));
}
