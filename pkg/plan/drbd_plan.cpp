#include "plan/drbd_plan.hpp"

#include <algorithm>
#include <set>

#include "core/error.hpp"

namespace anvil::plan {
namespace {

struct Setting {
  std::string key;
  std::string DrbdSettings::*field;           // the text settings
  std::vector<std::string> allowed;           // empty: checked by `check`
  bool (*check)(const std::string&) = nullptr;
  const char* expected = "";
};

bool is_rate(const std::string& v) {
  if (v.empty()) return false;
  std::size_t digits = 0;
  while (digits < v.size() && v[digits] >= '0' && v[digits] <= '9') ++digits;
  if (digits == 0 || digits > 7) return false;
  return digits == v.size() || (digits + 1 == v.size() && std::string("kKMG").find(v.back()) != std::string::npos);
}

bool is_handler_path(const std::string& v) {
  return v.size() > 1 && v.front() == '/' && v.find_first_of(" \t\n\"'\\;") == std::string::npos;
}

const std::vector<Setting>& text_settings() {
  static const std::vector<Setting> all = {
      {"protocol", &DrbdSettings::protocol, {"A", "B", "C"}},
      {"fencing", &DrbdSettings::fencing, {"dont-care", "resource-only", "resource-and-stonith"}},
      {"fence-peer", &DrbdSettings::fence_peer, {}, is_handler_path, "an absolute path to the fence-peer handler"},
      {"after-sb-0pri", &DrbdSettings::after_sb_0pri,
       {"disconnect", "discard-younger-primary", "discard-older-primary", "discard-zero-changes", "discard-least-changes",
        "discard-local", "discard-remote"}},
      {"after-sb-1pri", &DrbdSettings::after_sb_1pri,
       {"disconnect", "consensus", "violently-as0p", "discard-secondary", "call-pri-lost-after-sb"}},
      {"after-sb-2pri", &DrbdSettings::after_sb_2pri, {"disconnect", "violently-as0p", "call-pri-lost-after-sb"}},
      {"rate", &DrbdSettings::rate, {}, is_rate, "a rate in bytes per second with an optional K, M or G, e.g. 40M"},
  };
  return all;
}

std::string joined(const std::vector<std::string>& items, const std::string& sep = ", ") {
  std::string out;
  for (auto& i : items) out += (out.empty() ? "" : sep) + i;
  return out;
}

bool valid_resource_name(const std::string& n) {
  if (n.empty() || n.size() > 32) return false;
  if (!std::isalnum(static_cast<unsigned char>(n[0]))) return false;
  return std::all_of(n.begin(), n.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
  });
}

void require_disk(const std::string& what, const std::string& disk) {
  if (disk.rfind("/dev/", 0) != 0 || disk.size() <= 5 || disk.find_first_of(" \t\n\"'\\;{}#") != std::string::npos)
    throw usage_error("invalid disk '" + disk + "' for " + what + ": give the backing block device, e.g. /dev/sda5");
}

int whole_number(const std::string& what, const std::string& text, int lo, int hi) {
  std::size_t used = 0;
  int v = 0;
  try {
    v = std::stoi(text, &used);
  } catch (...) {
    used = 0;
  }
  if (used == 0 || used != text.size() || v < lo || v > hi)
    throw usage_error("invalid " + what + " '" + text + "': give a whole number from " + std::to_string(lo) + " to " +
                      std::to_string(hi));
  return v;
}

DrbdResource& resource_of(Cluster& c, const std::string& name) {
  for (auto& r : c.drbd)
    if (r.name == name) return r;
  throw failure("no DRBD resource '" + name + "' in cluster " + c.name + "; `anvil drbd list` shows them");
}

void set_disk(Cluster& c, DrbdResource& r, const std::string& node, const std::string& disk) {
  if (!c.node(node))
    throw usage_error("no node '" + node + "' in cluster " + c.name + " for the disk of DRBD resource " + r.name);
  require_disk(r.name + " on " + node, disk);
  for (auto& d : r.disks)
    if (d.node == node) {
      d.disk = disk;
      return;
    }
  r.disks.push_back({node, disk});
  // In the plan's node order, so renders and listings are stable.
  std::sort(r.disks.begin(), r.disks.end(), [&](auto& a, auto& b) { return c.node(a.node)->number < c.node(b.node)->number; });
}

}  // namespace

const std::vector<std::string>& drbd_setting_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> k = {"dual-primary"};
    for (auto& s : text_settings()) k.push_back(s.key);
    std::sort(k.begin(), k.end());
    return k;
  }();
  return keys;
}

std::string drbd_setting(const DrbdSettings& s, const std::string& key) {
  if (key == "dual-primary") return s.dual_primary ? "yes" : "no";
  for (auto& t : text_settings())
    if (t.key == key) return s.*(t.field);
  throw usage_error("unknown DRBD setting '" + key + "'; the settings are " + joined(drbd_setting_keys()));
}

void set_drbd_setting(DrbdSettings& s, const std::string& key, const std::string& value) {
  if (key == "dual-primary") {
    if (value != "yes" && value != "no")
      throw usage_error("invalid drbd.dual-primary '" + value + "': give yes (live migration needs both nodes Primary) or no");
    s.dual_primary = value == "yes";
    return;
  }
  for (auto& t : text_settings()) {
    if (t.key != key) continue;
    bool ok = t.check ? t.check(value) : std::find(t.allowed.begin(), t.allowed.end(), value) != t.allowed.end();
    if (!ok)
      throw usage_error("invalid drbd." + key + " '" + value + "': give " +
                        (t.check ? std::string(t.expected) : "one of " + joined(t.allowed)));
    s.*(t.field) = value;
    return;
  }
  throw usage_error("unknown DRBD setting '" + key + "'; the settings are " + joined(drbd_setting_keys()));
}

std::vector<std::pair<std::string, std::string>> drbd_setting_rows(const DrbdSettings& s) {
  const DrbdSettings seed;
  std::vector<std::pair<std::string, std::string>> rows;
  for (auto& key : drbd_setting_keys())
    if (drbd_setting(s, key) != drbd_setting(seed, key)) rows.emplace_back(key, drbd_setting(s, key));
  return rows;
}

Cluster add_drbd_resource(Cluster c, const std::string& name, const std::vector<std::string>& disks,
                          std::optional<int> port, std::optional<int> minor) {
  if (!valid_resource_name(name))
    throw usage_error("invalid DRBD resource name '" + name + "': use lower-case letters, digits, '-' and '_' (at most 32), e.g. r0");
  if (c.drbd_resource(name)) throw failure("DRBD resource '" + name + "' is already planned; `anvil drbd list` shows it");
  std::set<int> ports, minors;
  for (auto& r : c.drbd) {
    ports.insert(r.port);
    minors.insert(r.minor);
  }
  DrbdResource r;
  r.name = name;
  r.port = port.value_or(7788);
  if (!port)
    while (ports.count(r.port)) ++r.port;
  r.minor = minor.value_or(0);
  if (!minor)
    while (minors.count(r.minor)) ++r.minor;
  if (r.port < 1024 || r.port > 65535) throw usage_error("invalid port " + std::to_string(r.port) + " for " + name + ": give 1024 to 65535");
  if (r.minor < 0 || r.minor > 1048575) throw usage_error("invalid minor " + std::to_string(r.minor) + " for " + name);
  for (auto& item : disks) {
    auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0)
      throw usage_error("give --disk NODE=DISK, e.g. --disk an-node01=/dev/sda5, not '" + item + "'");
    set_disk(c, r, item.substr(0, eq), item.substr(eq + 1));
  }
  c.drbd.push_back(r);
  std::sort(c.drbd.begin(), c.drbd.end(), [](auto& a, auto& b) { return a.minor < b.minor; });
  return c;
}

Cluster remove_drbd_resource(Cluster c, const std::string& name) {
  for (auto& v : c.storage_vgs)
    if (v.drbd == name)
      throw failure("DRBD resource " + name + " carries the clustered VG " + v.name + "; remove that first (`anvil storage remove-vg " + v.name + "`)");
  auto& r = resource_of(c, name);
  c.drbd.erase(c.drbd.begin() + (&r - c.drbd.data()));
  return c;
}

void set_drbd_resource_value(Cluster& c, const std::string& resource, const std::string& field, const std::string& value) {
  auto& r = resource_of(c, resource);
  if (field == "port")
    r.port = whole_number("port of " + resource, value, 1024, 65535);
  else if (field == "minor")
    r.minor = whole_number("minor of " + resource, value, 0, 1048575);
  else if (c.node(field))
    set_disk(c, r, field, value);
  else
    throw usage_error("unknown key 'drbd." + resource + "." + field + "': a resource takes port, minor or a node's name (its disk)");
}

std::string drbd_resource_value(const Cluster& c, const std::string& resource, const std::string& field) {
  auto* r = c.drbd_resource(resource);
  if (!r) throw failure("no DRBD resource '" + resource + "' in cluster " + c.name + "; `anvil drbd list` shows them");
  if (field == "port") return std::to_string(r->port);
  if (field == "minor") return std::to_string(r->minor);
  if (auto* d = r->disk_of(field)) return d->disk;
  if (c.node(field)) return "none";
  throw usage_error("unknown key 'drbd." + resource + "." + field + "': a resource takes port, minor or a node's name (its disk)");
}

std::vector<std::string> drbd_keys(const Cluster& c) {
  std::vector<std::string> keys;
  for (auto& k : drbd_setting_keys()) keys.push_back("drbd." + k);
  for (auto& r : c.drbd) {
    keys.push_back("drbd." + r.name + ".port");
    keys.push_back("drbd." + r.name + ".minor");
    for (auto& n : c.nodes) keys.push_back("drbd." + r.name + "." + n.name);
  }
  return keys;
}

}  // namespace anvil::plan
