// The bonds' link-failure counts as `anvil net check` last saw them. The
// kernel only ever counts up (until the bonding driver reloads), so a count
// higher than the last one means a link flapped in between, even when
// everything looks healthy now.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>

#include "ledger/sqlite.hpp"

namespace anvil::ledger {

struct LinkKey {
  std::string bond;
  std::string slave;
  auto operator<=>(const LinkKey&) const = default;
};

struct LinkCount {
  std::int64_t count = 0;
  std::string seen_at;  // UTC, ISO 8601
};

std::map<LinkKey, LinkCount> load_link_failures(Db& db, const std::string& cluster, const std::string& node);

// Replaces the node's counts with these, in one transaction.
void store_link_failures(Db& db, const std::string& cluster, const std::string& node,
                         const std::map<LinkKey, std::int64_t>& counts);

}  // namespace anvil::ledger
