// The search-list walk of glibc and musl, kept close to their source so that the query lists
// match what tcpdump shows on a real pod.
#include "core/k8s/resolver.h"

#include <algorithm>

namespace podlab::k8s {

using net::DnsRcode;
using net::DnsType;

namespace {

// Both libraries clamp ndots to 15 (glibc RES_MAXNDOTS; musl's conf parser).
constexpr int max_ndots = 15;

std::vector<std::string_view> words(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

// glibc's h_errno values after one candidate, from res_queryN's switch on the answer rcodes.
enum class HostError { None, HostNotFound, TryAgain, NoRecovery, NoData };

struct Candidate {
  HostError error = HostError::None;
  bool servfail = false;  // TRY_AGAIN because of SERVFAIL (glibc checks hp->rcode for this)
};

std::vector<DnsType> query_types(AddressFamily family) {
  switch (family) {
    case AddressFamily::Inet: return {DnsType::A};
    case AddressFamily::Inet6: return {DnsType::AAAA};
    case AddressFamily::Unspec: return {DnsType::A, DnsType::AAAA};
  }
  return {DnsType::A};
}

class Walk {
 public:
  Walk(AddressFamily family, const BatchAnswerFunction& answer, ResolverResult& result)
      : types_(query_types(family)), answer_(answer), result_(result) {}

  // Sends one query per type for `name`; returns the answers in send order.
  std::vector<QueryAnswer> ask(const std::string& name) {
    std::vector<QueryAnswer> answers = answer_(name, types_);
    PODLAB_ASSERT(answers.size() == types_.size());
    for (size_t i = 0; i < types_.size(); ++i)
      result_.queries.push_back(
          SentQuery{name, types_[i], answers[i].rcode, answers[i].has_records, answers[i].timed_out});
    return answers;
  }

  // glibc: res_queryN with one or two answers. Success if any had records; otherwise the first
  // answer's rcode decides, unless it is NOERROR, in which case the second one's does.
  Candidate glibc_candidate(const std::string& name) {
    const auto answers = ask(name);
    for (const auto& reply : answers)
      if (reply.rcode == DnsRcode::NoError && reply.has_records) {
        result_.answered_name = name;
        return {};
      }
    // No reply at all: res_send gives up with ETIMEDOUT, which is TRY_AGAIN without a SERVFAIL.
    if (std::any_of(answers.begin(), answers.end(), [](const QueryAnswer& a) { return a.timed_out; }))
      return {HostError::TryAgain, false};
    const DnsRcode rcode =
        (answers[0].rcode == DnsRcode::NoError && answers.size() > 1) ? answers[1].rcode : answers[0].rcode;
    switch (rcode) {
      case DnsRcode::NxDomain: return {HostError::HostNotFound, false};
      case DnsRcode::ServFail: return {HostError::TryAgain, true};
      case DnsRcode::NoError: return {HostError::NoData, false};
      default: return {HostError::NoRecovery, false};
    }
  }

 private:
  std::vector<DnsType> types_;
  const BatchAnswerFunction& answer_;
  ResolverResult& result_;
};

ResolverOutcome outcome_of(HostError error) {
  switch (error) {
    case HostError::None: return ResolverOutcome::Found;
    case HostError::HostNotFound: return ResolverOutcome::NoName;
    case HostError::TryAgain: return ResolverOutcome::TryAgain;
    case HostError::NoData: return ResolverOutcome::NoData;
    case HostError::NoRecovery: return ResolverOutcome::Fail;
  }
  return ResolverOutcome::Fail;
}

std::string join(const std::string& name, std::string_view domain) {
  return name + "." + net::dns_strip_final_dot(domain);
}

// __res_context_search.
void glibc_search(const std::string& name, bool trailing_dot, int dots, const ResolverConfig& config, Walk& walk,
                  ResolverResult& result) {
  HostError saved = HostError::None;
  bool tried_as_is = false, root_on_list = false, got_nodata = false, got_servfail = false;
  HostError last = HostError::HostNotFound;
  if (dots >= config.ndots || trailing_dot) {
    const Candidate as_is = walk.glibc_candidate(name);
    if (as_is.error == HostError::None || trailing_dot) {
      result.outcome = outcome_of(as_is.error);
      return;
    }
    saved = last = as_is.error;
    tried_as_is = true;
  }
  // RES_DEFNAMES and RES_DNSRCH are on by default, so any name without a trailing dot searches.
  for (const auto& domain : config.searches) {
    const std::string_view trimmed = domain == "." ? std::string_view{} : std::string_view{domain};
    // A root entry ("." in the list) makes the candidate the name itself.
    if (trimmed.empty()) root_on_list = true;
    const Candidate candidate = walk.glibc_candidate(trimmed.empty() ? name : join(name, trimmed));
    if (candidate.error == HostError::None) {
      result.outcome = ResolverOutcome::Found;
      return;
    }
    last = candidate.error;
    if (candidate.error == HostError::NoData) got_nodata = true;
    if (candidate.error == HostError::NoData || candidate.error == HostError::HostNotFound) continue;
    if (candidate.servfail) {
      got_servfail = true;
      continue;
    }
    break;  // any other error ends the search list (the as-is try below still happens)
  }
  // RES_NOTLDQUERY is off by default, so the bare name is always the last resort.
  if (!tried_as_is && !root_on_list) {
    const Candidate as_is = walk.glibc_candidate(name);
    if (as_is.error == HostError::None) {
      result.outcome = ResolverOutcome::Found;
      return;
    }
    last = as_is.error;
  }
  // Which error the program sees: the first as-is try's, else NODATA if any, else SERVFAIL's.
  if (saved != HostError::None) last = saved;
  else if (got_nodata) last = HostError::NoData;
  else if (got_servfail) last = HostError::TryAgain;
  result.outcome = outcome_of(last);
}

// name_from_dns: A and AAAA answers checked in send order. SERVFAIL is EAI_AGAIN and NXDOMAIN
// means "try the next candidate" (0); any other failure is EAI_FAIL; NOERROR without records ends
// the search with EAI_NODATA.
enum class MuslStep { Found, Continue, Stop };

MuslStep musl_candidate(const std::string& name, Walk& walk, ResolverResult& result) {
  const auto answers = walk.ask(name);
  for (const auto& reply : answers) {
    if (reply.timed_out || reply.rcode == DnsRcode::ServFail) {
      result.outcome = ResolverOutcome::TryAgain;
      return MuslStep::Stop;
    }
    if (reply.rcode == DnsRcode::NxDomain) {
      result.outcome = ResolverOutcome::NoName;
      return MuslStep::Continue;
    }
    if (reply.rcode != DnsRcode::NoError) {
      result.outcome = ResolverOutcome::Fail;
      return MuslStep::Stop;
    }
  }
  if (std::any_of(answers.begin(), answers.end(), [](const QueryAnswer& a) { return a.has_records; })) {
    result.outcome = ResolverOutcome::Found;
    result.answered_name = name;
    return MuslStep::Found;
  }
  result.outcome = ResolverOutcome::NoData;
  return MuslStep::Stop;
}

void musl_search(const std::string& name, bool trailing_dot, int dots, const ResolverConfig& config, Walk& walk,
                 ResolverResult& result) {
  if (dots < config.ndots && !trailing_dot) {
    for (const auto& domain : config.searches) {
      const std::string trimmed = net::dns_strip_final_dot(domain);
      if (trimmed.empty()) continue;
      if (musl_candidate(join(name, trimmed), walk, result) != MuslStep::Continue) return;
    }
  }
  musl_candidate(name, walk, result);
}

}  // namespace

const char* resolver_outcome_name(ResolverOutcome outcome) {
  switch (outcome) {
    case ResolverOutcome::Found: return "Found";
    case ResolverOutcome::NoName: return "EAI_NONAME";
    case ResolverOutcome::NoData: return "EAI_NODATA";
    case ResolverOutcome::TryAgain: return "EAI_AGAIN";
    case ResolverOutcome::Fail: return "EAI_FAIL";
  }
  return "?";
}

Result<ResolverConfig> parse_resolver_config(std::string_view text) {
  ResolverConfig config;
  int line_number = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (const size_t comment = line.find_first_of("#;"); comment != std::string_view::npos)
      line = line.substr(0, comment);
    const auto parts = words(line);
    if (parts.empty()) continue;
    if (parts[0] == "nameserver" && parts.size() > 1) {
      config.nameservers.emplace_back(parts[1]);
    } else if (parts[0] == "search" || parts[0] == "domain") {
      config.searches.clear();  // the last search or domain line wins
      for (size_t i = 1; i < parts.size(); ++i) config.searches.emplace_back(parts[i]);
    } else if (parts[0] == "options") {
      for (size_t i = 1; i < parts.size(); ++i) {
        const std::string_view option = parts[i];
        const size_t colon = option.find(':');
        const std::string_view key = option.substr(0, colon);
        if (key != "ndots" && key != "timeout" && key != "attempts") {
          config.other_options.emplace_back(option);
          continue;
        }
        const std::string_view digits = colon == std::string_view::npos ? "" : option.substr(colon + 1);
        int value = 0;
        bool valid = !digits.empty() && digits.size() <= 4;
        for (char c : digits) {
          if (c < '0' || c > '9') valid = false;
          else value = value * 10 + (c - '0');
        }
        if (!valid)
          return Diagnostic{"resolv.bad-option", "options " + std::string(option) + ": expected " + std::string(key) +
                                                     ":<number>",
                            {"/etc/resolv.conf", line_number, static_cast<int>(option.data() - line.data()) + 1}};
        if (key == "ndots") config.ndots = std::min(value, max_ndots);
        else if (key == "timeout") config.timeout = value;
        else config.attempts = value;
      }
    }
    if (end == text.size()) break;
  }
  return config;
}

ResolverResult resolve_name(std::string_view name, const ResolverConfig& config, ResolverFlavour flavour,
                            AddressFamily family, const AnswerFunction& answer) {
  const BatchAnswerFunction one_by_one = [&](const std::string& candidate, const std::vector<DnsType>& types) {
    std::vector<QueryAnswer> answers;
    for (DnsType type : types) answers.push_back(answer(candidate, type));
    return answers;
  };
  return resolve_name_batched(name, config, flavour, family, one_by_one);
}

std::vector<std::string> search_candidates(std::string_view name, const ResolverConfig& config) {
  std::vector<std::string> candidates;
  const bool trailing_dot = !name.empty() && name.back() == '.';
  const std::string bare = net::dns_strip_final_dot(name);
  if (bare.empty()) return candidates;
  if (trailing_dot) return {bare};
  const int dots = static_cast<int>(std::count(bare.begin(), bare.end(), '.'));
  if (dots >= config.ndots) candidates.push_back(bare);
  for (const auto& domain : config.searches) {
    const std::string trimmed = net::dns_strip_final_dot(domain);
    const std::string candidate = trimmed.empty() ? bare : join(bare, trimmed);
    if (std::find(candidates.begin(), candidates.end(), candidate) == candidates.end()) candidates.push_back(candidate);
  }
  if (std::find(candidates.begin(), candidates.end(), bare) == candidates.end()) candidates.push_back(bare);
  return candidates;
}

ResolverResult resolve_name_batched(std::string_view name, const ResolverConfig& config, ResolverFlavour flavour,
                                    AddressFamily family, const BatchAnswerFunction& answer) {
  ResolverResult result;
  const bool trailing_dot = !name.empty() && name.back() == '.';
  const std::string bare = net::dns_strip_final_dot(name);
  // An empty name, or one ending in two dots, is rejected before any query (both libraries).
  if (bare.empty() || bare.back() == '.') {
    result.outcome = ResolverOutcome::NoName;
    return result;
  }
  const int dots = static_cast<int>(std::count(bare.begin(), bare.end(), '.'));
  Walk walk(family, answer, result);
  if (flavour == ResolverFlavour::Glibc) glibc_search(bare, trailing_dot, dots, config, walk, result);
  else musl_search(bare, trailing_dot, dots, config, walk, result);
  return result;
}

}  // namespace podlab::k8s
