#include "tests/fuzz/targets.h"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/k8s/coredns.h"
#include "core/lab/catalog.h"
#include "core/lab/exercise_report.h"
#include "core/lab/folder_check.h"
#include "core/lab/json_text.h"
#include "core/lab/session.h"
#include "core/net/dns_message.h"
#include "core/net/netfilter.h"
#include "core/net/packet.h"
#include "core/sim/fingerprint.h"
#include "web/app/app_state.h"
#include "web/app/lab_keeping.h"
#include "web/app/saved_lab.h"

namespace podlab::fuzz {

namespace {

std::string text_of(const uint8_t* data, size_t size) { return std::string(reinterpret_cast<const char*>(data), size); }

// Lines a fuzzer writes run in a lab as a learner's would; a line the lab refuses must say why.
lab::CommandResult run_line(lab::Session& session, const std::string& line) {
  lab::CommandResult result = session.run(line);
  fuzz_expect(result.ok || !result.output.empty(), "a refused console line printed no error");
  return result;
}

// At most this many lines of one input run: enough for any lesson, few enough that one input
// cannot stand for minutes of work.
constexpr size_t max_lines = 64;

}  // namespace

void fuzz_expect(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

void console_line(const uint8_t* data, size_t size) {
  lab::Session session;
  run_line(session, text_of(data, size));
}

void console_lines(const uint8_t* data, size_t size) {
  lab::Session session;
  const std::string text = text_of(data, size);
  size_t at = 0, count = 0;
  auto next_line = [&]() {
    const size_t end = std::min(text.find('\n', at), text.size());
    std::string line = text.substr(at, end - at);
    at = end + 1;
    return line;
  };
  while (at < text.size() && count++ < max_lines) {
    std::string line = next_line();
    // "CMD <<EOF": the following lines up to "EOF" go with it, as in a script (the Session reads
    // the here-document's input and terminator itself).
    const size_t marker = line.find("<<");
    if (marker != std::string::npos) {
      std::string terminator = line.substr(marker + 2);
      std::erase_if(terminator, [](char c) { return c == ' ' || c == '\'' || c == '"' || c == '-'; });
      while (at < text.size()) {
        const std::string body = next_line();
        line += "\n" + body;
        if (body == terminator) break;
      }
    }
    run_line(session, line);
  }
}

void manifest(const uint8_t* data, size_t size) {
  lab::Session session;
  const uint64_t before = fingerprint(session.world());
  const lab::CommandResult result = run_line(session, "kubectl apply -f -\n" + text_of(data, size));
  if (!result.ok) fuzz_expect(fingerprint(session.world()) == before, "a refused manifest changed the lab");
}

void saved_lab(const uint8_t* data, size_t size) {
  const std::string text = text_of(data, size);
  for (const web::LabOrigin origin : {web::LabOrigin::File, web::LabOrigin::ShareLink}) {
    web::AppState state;
    const uint64_t before = fingerprint(state.session.world());
    web::open_saved_lab(state, text, origin, "fuzz.podlab.json");
    while (state.keeping.replay) web::advance_replay(state, 16);
    if (state.keeping.notice) {
      fuzz_expect(fingerprint(state.session.world()) == before, "a lab that did not open changed the lab on screen");
      // The notice as the page draws it, in each language, then what window.podlab.state() returns.
      for (const web::Language language : {web::Language::Vietnamese, web::Language::English}) {
        state.language = language;
        fuzz_expect(!web::notice_text(state).empty(), "a lab that did not open has no message");
      }
    }
    web::state_json(state);
    // Only the first origin replays the lines; the share link differs only in its message.
    if (!state.keeping.notice) break;
  }
}

void dns_message(const uint8_t* data, size_t size) {
  const auto decoded = net::decode_dns_message(std::vector<uint8_t>(data, data + size));
  if (!decoded.ok()) return;
  for (const auto* section : {&decoded->answers, &decoded->authority, &decoded->additional})
    for (const net::DnsRecord& record : *section) net::dns_rdata_text(record);
  const auto encoded = net::encode_dns_message(*decoded);
  if (!encoded.ok()) return;
  const auto again = net::decode_dns_message(*encoded);
  fuzz_expect(again.ok(), "a decoded DNS message, encoded again, does not decode");
  fuzz_expect(*again == *decoded, "a DNS message changed through encode and decode");
}

void packet(const uint8_t* data, size_t size) {
  const auto parsed = net::parse_frame(std::vector<uint8_t>(data, data + size));
  if (!parsed.ok()) return;
  net::summarize(*parsed);
  const auto again = net::parse_frame(net::serialize(*parsed));
  fuzz_expect(again.ok(), "a parsed frame, serialised again, does not parse");
  fuzz_expect(*again == *parsed, "a frame changed through serialise and parse");
}

void iptables_save(const uint8_t* data, size_t size) {
  const auto rules = net::parse_iptables_save(text_of(data, size), "fuzz.rules");
  if (!rules.ok()) return;
  Rng rng(1);
  net::RecentLists recent;
  net::NetfilterContext context{rng, SimTime{}, recent, [](Ipv4Address address) { return address == Ipv4Address::from_octets(10, 0, 0, 1); }};
  for (const net::Hook hook : {net::Hook::Prerouting, net::Hook::Input, net::Hook::Forward, net::Hook::Output, net::Hook::Postrouting}) {
    net::NetfilterPacket tcp;
    tcp.ip.source = Ipv4Address::from_octets(10, 244, 1, 2);
    tcp.ip.destination = Ipv4Address::from_octets(10, 96, 0, 1);
    tcp.ip.protocol = net::IpProtocol::Tcp;
    net::TcpHeader header;
    header.source_port = 40000;
    header.destination_port = 443;
    tcp.transport = header;
    tcp.in_interface = "cni0";
    tcp.out_interface = "eth0";
    net::evaluate_hook(*rules, hook, tcp, context);
    net::NetfilterPacket udp = tcp;
    net::UdpHeader datagram;
    datagram.source_port = 53000;
    datagram.destination_port = 53;
    udp.transport = datagram;
    udp.ip.protocol = net::IpProtocol::Udp;
    net::evaluate_hook(*rules, hook, udp, context);
  }
}

void corefile(const uint8_t* data, size_t size) { k8s::parse_corefile(text_of(data, size)); }

void lesson(const uint8_t* data, size_t size) {
  const std::string text = text_of(data, size);
  lab::check_lesson_folder("fuzz", {{"lesson.yaml", text}});
  lab::check_exercise_folder("fuzz", {{"exercise.yaml", text}});
}

void exercise_report(const uint8_t* data, size_t size) {
  const lab::ReportVerdict verdict = lab::verify_exercise_report(text_of(data, size), lab::shipped_catalog());
  fuzz_expect(verdict.genuine || !verdict.differences.empty(), "a report found not genuine says nothing about why");
}

void json_output(const uint8_t* data, size_t size) {
  lab::Session session;
  const lab::CommandResult result = run_line(session, text_of(data, size));
  lab::json_text(result.to_json(session.world()));  // as the CLI prints it
}

std::span<const Target> all_targets() {
  static constexpr std::array<Target, 11> targets = {{
      {"console-line", console_line},
      {"console-lines", console_lines},
      {"manifest", manifest},
      {"saved-lab", saved_lab},
      {"dns-message", dns_message},
      {"packet", packet},
      {"iptables-save", iptables_save},
      {"corefile", corefile},
      {"lesson", lesson},
      {"exercise-report", exercise_report},
      {"json-output", json_output},
  }};
  return targets;
}

const Target* find_target(std::string_view name) {
  for (const Target& target : all_targets())
    if (target.name == name) return &target;
  return nullptr;
}

}  // namespace podlab::fuzz
