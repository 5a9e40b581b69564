#include "plan/plan_diff.hpp"

#include <algorithm>

#include "plan/mutate.hpp"

namespace anvil::plan {

namespace {

// "pdu1.agent" belongs to device "pdu1": when the device itself comes or
// goes, its line says it all.
bool part_of(const std::string& key, const std::vector<std::string>& heads) {
  for (auto& h : heads)
    if (key.size() > h.size() && key.compare(0, h.size(), h) == 0 && key[h.size()] == '.') return true;
  return false;
}

}  // namespace

std::vector<KeyChange> plan_diff(const Cluster& before, const Cluster& after) {
  auto old_keys = settable_keys(before);
  auto new_keys = settable_keys(after);
  std::vector<std::string> hosts_gone_or_new;
  for (auto& d : after.devices)
    if (!before.device(d.name)) hosts_gone_or_new.push_back(d.name);
  for (auto& d : before.devices)
    if (!after.device(d.name)) hosts_gone_or_new.push_back(d.name);
  // A guest's sub-keys (vm1.ram, ...) likewise come and go with the guest,
  // except when `vm add` fills in a guest the IP plan already had.
  for (auto& v : after.vms)
    if (!before.vm(v.name)) hosts_gone_or_new.push_back(v.name);
  for (auto& v : before.vms)
    if (!after.vm(v.name)) hosts_gone_or_new.push_back(v.name);
  std::vector<KeyChange> out;
  for (auto& key : new_keys) {
    auto now = current_value(after, key);
    bool existed = std::find(old_keys.begin(), old_keys.end(), key) != old_keys.end();
    auto was = existed ? current_value(before, key) : std::string();
    if ((!existed || was != now) && !part_of(key, hosts_gone_or_new)) out.push_back({key, was, now});
  }
  for (auto& key : old_keys)
    if (std::find(new_keys.begin(), new_keys.end(), key) == new_keys.end() && !part_of(key, hosts_gone_or_new))
      out.push_back({key, current_value(before, key), ""});
  return out;
}

std::string describe(const KeyChange& c) {
  if (c.before.empty()) return "+ " + c.key + " " + c.after;
  if (c.after.empty()) return "- " + c.key + " " + c.before;
  return "~ " + c.key + " " + c.before + " -> " + c.after;
}

}  // namespace anvil::plan
