// Walking a packet through a table: as ipt_do_table does, the header fields first, then the
// matches in order (a statistic draw or a recent --set happens only if everything before it held),
// then the target. Jumps push a return point; RETURN or the end of a user chain pops it; the end of
// a built-in chain applies its policy.
#include "core/net/netfilter.h"

namespace podlab::net {

namespace {

constexpr int max_jump_depth = 64;  // iptables-restore refuses loops; this guards hand-made rulesets

bool interface_matches(const InterfaceMatch& match, const std::string& name) {
  bool equal;
  if (!match.name.empty() && match.name.back() == '+')
    equal = name.compare(0, match.name.size() - 1, match.name, 0, match.name.size() - 1) == 0;
  else
    equal = name == match.name;
  return equal != match.negated;
}

std::optional<std::pair<uint16_t, uint16_t>> ports_of(const NetfilterPacket& packet) {
  if (auto* tcp = std::get_if<TcpHeader>(&packet.transport)) return std::pair{tcp->source_port, tcp->destination_port};
  if (auto* udp = std::get_if<UdpHeader>(&packet.transport)) return std::pair{udp->source_port, udp->destination_port};
  return std::nullopt;
}

bool header_matches(const Rule& rule, const NetfilterPacket& packet) {
  if (rule.source && rule.source->contains(packet.ip.source) == rule.source_negated) return false;
  if (rule.destination && rule.destination->contains(packet.ip.destination) == rule.destination_negated) return false;
  if (rule.protocol && (*rule.protocol == packet.ip.protocol) == rule.protocol_negated) return false;
  if (rule.in_interface && !interface_matches(*rule.in_interface, packet.in_interface)) return false;
  if (rule.out_interface && !interface_matches(*rule.out_interface, packet.out_interface)) return false;
  return true;
}

bool recent_matches(const Match& match, const NetfilterPacket& packet, NetfilterContext& context) {
  auto& list = context.recent.lists[match.text];
  const Ipv4Address client = packet.ip.source;  // --rsource, the default
  const SimTime window = SimTime::from_seconds(match.seconds);
  if (match.reap && match.seconds > 0)  // forget clients not seen within the window
    for (auto it = list.begin(); it != list.end();)
      it = context.now - it->second > window ? list.erase(it) : std::next(it);
  auto found = list.find(client);
  switch (match.recent_mode) {
    case RecentMode::Set:
      list[client] = context.now;
      return true;
    case RecentMode::Remove:
      if (found == list.end()) return false;
      list.erase(found);
      return true;
    case RecentMode::Check:
    case RecentMode::Update: {
      const bool hit = found != list.end() && (match.seconds == 0 || context.now - found->second <= window);
      if (hit && match.recent_mode == RecentMode::Update) found->second = context.now;
      return hit;
    }
  }
  return false;
}

bool match_holds(const Match& match, const NetfilterPacket& packet, NetfilterContext& context) {
  bool result = true;
  switch (match.kind) {
    case MatchKind::Comment:
    case MatchKind::Nfacct:
      return true;
    case MatchKind::DestinationPort:
    case MatchKind::SourcePort: {
      auto ports = ports_of(packet);
      if (!ports) return false;  // -m tcp on a non-TCP packet never matches, even negated
      const uint16_t port = match.kind == MatchKind::DestinationPort ? ports->second : ports->first;
      result = port >= match.port_low && port <= match.port_high;
      break;
    }
    case MatchKind::Statistic:
      result = context.rng.unit() < match.probability;
      break;
    case MatchKind::Recent:
      return recent_matches(match, packet, context) != match.negated;
    case MatchKind::AddrType: {
      const Ipv4Address address = match.source_type ? packet.ip.source : packet.ip.destination;
      result = context.is_local_address && context.is_local_address(address);
      break;
    }
    case MatchKind::Mark:
      result = (packet.mark & match.mask) == match.value;
      break;
    case MatchKind::ConnState:
      result = (packet.conntrack_state & match.value) != 0;
      break;
  }
  return result != match.negated;
}

uint32_t apply_mark(const Target& target, uint32_t mark) {
  switch (target.mark_operation) {
    case MarkOperation::SetXmark: return (mark & ~target.mark_mask) ^ target.mark_value;
    case MarkOperation::Or: return mark | target.mark_value;
    case MarkOperation::Xor: return mark ^ target.mark_value;
    case MarkOperation::And: return mark & target.mark_value;
  }
  return mark;
}

std::string builtin_chain(Hook hook) { return hook_name(hook); }

}  // namespace

std::string hook_name(Hook hook) {
  switch (hook) {
    case Hook::Prerouting: return "PREROUTING";
    case Hook::Input: return "INPUT";
    case Hook::Forward: return "FORWARD";
    case Hook::Output: return "OUTPUT";
    case Hook::Postrouting: return "POSTROUTING";
  }
  return "";
}

Verdict evaluate_table(const Ruleset& rules, NetfilterTable table, Hook hook, NetfilterPacket& packet,
                       NetfilterContext& context) {
  Verdict verdict;
  const auto& chains = rules.table(table);
  auto start = chains.find(builtin_chain(hook));
  if (start == chains.end()) {
    verdict.mark = packet.mark;
    return verdict;
  }
  struct Frame {
    const Chain* chain;
    size_t next;
  };
  std::vector<Frame> stack{{&start->second, 0}};
  auto finish = [&](Disposition disposition) {
    verdict.disposition = disposition;
    verdict.mark = packet.mark;
    return verdict;
  };
  while (!stack.empty()) {
    Frame& frame = stack.back();
    if (frame.next >= frame.chain->rules.size()) {
      if (frame.chain->builtin)
        return finish(frame.chain->policy == TargetKind::Drop ? Disposition::Drop : Disposition::Accept);
      stack.pop_back();  // falling off a user chain returns to the caller
      continue;
    }
    const Rule& rule = frame.chain->rules[frame.next++];
    if (!header_matches(rule, packet)) continue;
    bool all = true;
    for (const auto& match : rule.matches)
      if (!match_holds(match, packet, context)) {
        all = false;
        break;
      }
    if (!all) continue;
    verdict.matched.push_back({table, frame.chain->name, rule.text});
    const Target& target = rule.target;
    switch (target.kind) {
      case TargetKind::None:
        break;
      case TargetKind::Mark:
        packet.mark = apply_mark(target, packet.mark);
        break;
      case TargetKind::Jump: {
        if (stack.size() >= max_jump_depth) return finish(Disposition::Drop);
        auto next = chains.find(target.chain);
        if (next != chains.end()) stack.push_back({&next->second, 0});
        break;
      }
      case TargetKind::Return:
        if (frame.chain->builtin)
          return finish(frame.chain->policy == TargetKind::Drop ? Disposition::Drop : Disposition::Accept);
        stack.pop_back();
        break;
      case TargetKind::Accept:
        return finish(Disposition::Accept);
      case TargetKind::Drop:
        return finish(Disposition::Drop);
      case TargetKind::Reject:
        verdict.reject_with = target.reject_with.empty() ? "icmp-port-unreachable" : target.reject_with;
        return finish(Disposition::Reject);
      case TargetKind::Dnat:
        verdict.nat = NatAction{NatAction::Kind::Dnat, target.nat_address, target.nat_port, false};
        return finish(Disposition::Accept);
      case TargetKind::Snat:
        verdict.nat = NatAction{NatAction::Kind::Snat, target.nat_address, target.nat_port, target.random_fully};
        return finish(Disposition::Accept);
      case TargetKind::Masquerade:
        verdict.nat = NatAction{NatAction::Kind::Masquerade, {}, 0, target.random_fully};
        return finish(Disposition::Accept);
    }
  }
  return finish(Disposition::Accept);
}

Verdict evaluate_hook(const Ruleset& rules, Hook hook, NetfilterPacket& packet, NetfilterContext& context) {
  const bool new_connection = !packet.conntrack_confirmed;
  const bool nat_hook = hook == Hook::Prerouting || hook == Hook::Output || hook == Hook::Postrouting;
  Verdict combined;
  combined.mark = packet.mark;
  NetfilterPacket seen_by_filter = packet;
  if (nat_hook && new_connection) {
    combined = evaluate_table(rules, NetfilterTable::Nat, hook, packet, context);
    if (combined.disposition != Disposition::Accept) return combined;
    // Locally generated: the filter OUTPUT chain runs after nat OUTPUT and sees the translated
    // destination. The caller's packet is left as it was: conntrack applies the translation.
    seen_by_filter = packet;
    if (combined.nat && combined.nat->kind == NatAction::Kind::Dnat) {
      seen_by_filter.ip.destination = combined.nat->address;
      if (combined.nat->port != 0) {
        if (auto* tcp = std::get_if<TcpHeader>(&seen_by_filter.transport)) tcp->destination_port = combined.nat->port;
        if (auto* udp = std::get_if<UdpHeader>(&seen_by_filter.transport)) udp->destination_port = combined.nat->port;
      }
      seen_by_filter.conntrack_state |= ct_state::dnat;
    }
  }
  if (hook == Hook::Input || hook == Hook::Forward || hook == Hook::Output) {
    Verdict filter = evaluate_table(rules, NetfilterTable::Filter, hook, seen_by_filter, context);
    combined.matched.insert(combined.matched.end(), filter.matched.begin(), filter.matched.end());
    combined.disposition = filter.disposition;
    combined.reject_with = filter.reject_with;
    combined.mark = packet.mark = filter.mark;
  }
  return combined;
}

}  // namespace podlab::net
