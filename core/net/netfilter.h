// Netfilter as the lab runs it: the text `iptables-save` prints (filter and nat tables) parsed into
// chains of rules, and a packet walked through them at a hook the way the kernel does (built-in
// chain, jumps, RETURN, the chain policy). Only the matches and targets kube-proxy, kubelet and the
// CNI plugins write are supported; anything else is a diagnostic with its line, never a guess.
// Pure: the caller passes the clock, the random generator, the `-m recent` lists and a "is this
// address local" predicate, and applies the returned NAT action (see conntrack.h).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/base/ip.h"
#include "core/base/result.h"
#include "core/base/rng.h"
#include "core/base/sim_time.h"
#include "core/net/packet.h"

namespace podlab::net {

enum class NetfilterTable { Filter, Nat };
enum class Hook { Prerouting, Input, Forward, Output, Postrouting };

// Connection tracking states, as `-m conntrack --ctstate` names them (bit set).
namespace ct_state {
inline constexpr uint32_t invalid = 1, established = 2, related = 4, new_connection = 8, untracked = 16,
                          snat = 32, dnat = 64;
}

enum class MatchKind { Comment, DestinationPort, SourcePort, Statistic, Recent, AddrType, Mark, ConnState, Nfacct };
enum class RecentMode { Check, Update, Set, Remove };

// One `-m` option (or implicit protocol option); `negated` is a "!" before it.
struct Match {
  MatchKind kind = MatchKind::Comment;
  bool negated = false;
  std::string text;                 // comment, recent list name, nfacct name
  uint16_t port_low = 0, port_high = 0;
  double probability = 0;           // statistic --mode random
  RecentMode recent_mode = RecentMode::Check;
  int64_t seconds = 0;              // recent --seconds (0: any age)
  bool reap = false;
  bool source_type = false;         // addrtype: --src-type (else --dst-type); only LOCAL is modelled
  uint32_t value = 0, mask = 0xffffffff;  // mark; conntrack state bits in value
};

enum class TargetKind { None, Jump, Return, Accept, Drop, Reject, Mark, Dnat, Snat, Masquerade };
enum class MarkOperation { SetXmark, Or, Xor, And };

struct Target {
  TargetKind kind = TargetKind::None;  // None: "-j" absent, the rule only counts
  std::string chain;                   // Jump
  MarkOperation mark_operation = MarkOperation::SetXmark;
  uint32_t mark_value = 0, mark_mask = 0xffffffff;
  Ipv4Address nat_address;             // DNAT/SNAT --to-destination / --to-source
  uint16_t nat_port = 0;               // 0: keep the port
  bool random_fully = false;
  std::string reject_with;             // empty: icmp-port-unreachable
};

struct InterfaceMatch {
  std::string name;  // a trailing '+' matches any suffix, as in iptables
  bool negated = false;
};

struct Rule {
  std::string chain;
  std::string text;  // the whole "-A CHAIN ..." line, for traces
  int line = 0;
  std::optional<Ipv4Cidr> source, destination;
  bool source_negated = false, destination_negated = false;
  std::optional<IpProtocol> protocol;  // nullopt: all
  bool protocol_negated = false;
  std::optional<InterfaceMatch> in_interface, out_interface;
  std::vector<Match> matches;  // in the order written: statistic draws only if the earlier ones match
  Target target;
};

struct Chain {
  std::string name;
  bool builtin = false;
  TargetKind policy = TargetKind::Accept;  // built-in chains only
  std::vector<Rule> rules;
};

struct Ruleset {
  std::map<std::string, Chain> filter, nat;
  const std::map<std::string, Chain>& table(NetfilterTable which) const { return which == NetfilterTable::Filter ? filter : nat; }
};

// Parses iptables-save text (any number of "*filter"/"*nat" sections). Unknown tables, options,
// matches, targets and jumps to undeclared chains are diagnostics "netfilter.*" with the line.
Result<Ruleset> parse_iptables_save(std::string_view text, const std::string& file_name = "");

// `-m recent` lists: name -> source address -> when last seen. Owned by the caller (the node).
struct RecentLists {
  std::map<std::string, std::map<Ipv4Address, SimTime>> lists;
};

struct NetfilterPacket {
  Ipv4Header ip;
  std::variant<std::monostate, TcpHeader, UdpHeader, IcmpHeader> transport;
  uint32_t mark = 0;
  std::string in_interface, out_interface;  // empty: none (OUTPUT has no in, PREROUTING no out)
  uint32_t conntrack_state = ct_state::new_connection;
  bool conntrack_confirmed = false;  // a later packet of a known flow: the nat table is skipped
};

struct NetfilterContext {
  Rng& rng;
  SimTime now;
  RecentLists& recent;
  std::function<bool(Ipv4Address)> is_local_address;  // addrtype LOCAL; null: nothing is local
};

enum class Disposition { Accept, Drop, Reject };

struct NatAction {
  enum class Kind { Dnat, Snat, Masquerade } kind = Kind::Dnat;
  Ipv4Address address;  // DNAT/SNAT destination or source
  uint16_t port = 0;    // 0: unchanged
  bool random_fully = false;
};

struct MatchedRule {
  NetfilterTable table = NetfilterTable::Nat;
  std::string chain;
  std::string rule;  // as written
};

struct Verdict {
  Disposition disposition = Disposition::Accept;
  std::optional<NatAction> nat;
  uint32_t mark = 0;                  // the packet mark after MARK targets
  std::vector<MatchedRule> matched;   // every rule whose matches all held, in order
  std::string reject_with;            // for Reject
};

// Walks one table's built-in chain for `hook` (e.g. nat/PREROUTING). A table without that chain
// accepts. The verdict's mark is also written back to packet.mark.
Verdict evaluate_table(const Ruleset& rules, NetfilterTable table, Hook hook, NetfilterPacket& packet,
                       NetfilterContext& context);

// The hook as the kernel runs it for IPv4: nat before filter in OUTPUT (filter sees the DNATed
// destination), filter only in INPUT/FORWARD, nat only in PREROUTING/POSTROUTING. The nat table is
// only consulted for the first packet of a flow (!conntrack_confirmed): later packets follow the
// connection's recorded translation instead. The packet's addresses are not rewritten (the
// caller applies verdict.nat through conntrack); its mark is.
Verdict evaluate_hook(const Ruleset& rules, Hook hook, NetfilterPacket& packet, NetfilterContext& context);

std::string hook_name(Hook hook);  // "PREROUTING", ...

// One table as iptables-save prints it when two programs wrote it: `second`'s new chains declared
// after `first`'s, its rules after the last rule of the same chain (new chains' rules at the end).
// Both are one table's text, "*nat" ... "COMMIT".
std::string merge_iptables_table(const std::string& first, const std::string& second);

}  // namespace podlab::net
