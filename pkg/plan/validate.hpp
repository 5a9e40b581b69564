// Judges a whole plan: every rule a plan must keep, as a list of problems.
#pragma once

#include <string>
#include <vector>

#include "plan/model.hpp"

namespace anvil::plan {

struct Problem {
  std::string id;       // stable: "address-duplicate", "address-outside-network", ...
  std::string subject;  // what it is about: "an-node01.bcn", "network ifn", "vm3"
  std::string message;  // one line, with what to do
  auto operator<=>(const Problem&) const = default;
};

std::vector<Problem> validate(const Cluster& c);

// The problems `after` has that `before` did not: a mutation is refused when
// it introduces one, even if the stored plan already had others.
std::vector<Problem> new_problems(const Cluster& before, const Cluster& after);

}  // namespace anvil::plan
