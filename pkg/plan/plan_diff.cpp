#include "plan/plan_diff.hpp"

#include <algorithm>

#include "plan/mutate.hpp"

namespace anvil::plan {

std::vector<KeyChange> plan_diff(const Cluster& before, const Cluster& after) {
  auto old_keys = settable_keys(before);
  auto new_keys = settable_keys(after);
  std::vector<KeyChange> out;
  for (auto& key : new_keys) {
    auto now = current_value(after, key);
    bool existed = std::find(old_keys.begin(), old_keys.end(), key) != old_keys.end();
    auto was = existed ? current_value(before, key) : std::string();
    if (!existed || was != now) out.push_back({key, was, now});
  }
  for (auto& key : old_keys)
    if (std::find(new_keys.begin(), new_keys.end(), key) == new_keys.end())
      out.push_back({key, current_value(before, key), ""});
  return out;
}

std::string describe(const KeyChange& c) {
  if (c.before.empty()) return "+ " + c.key + " " + c.after;
  if (c.after.empty()) return "- " + c.key + " " + c.before;
  return "~ " + c.key + " " + c.before + " -> " + c.after;
}

}  // namespace anvil::plan
