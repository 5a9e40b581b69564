#include "cluster/status_text.hpp"

#include <algorithm>
#include <cctype>

#include "core/error.hpp"

namespace anvil::cluster::detail {


// cman_tool's membership_state() and flags; rgmanager's rg_strings.c, in code order from 110.
const Words membership_states = {"Joining", "Cluster-Member", "Not-in-Cluster", "Leaving"};
const Words cman_flags = {"2node", "Shutdown", "Error", "DisallowedNodes", "DisallowedEnabled", "HaveState", "Dirty"};
const Words rg_states = {"stopped", "starting",   "started",    "stopping", "failed",   "uninitialized",
                         "checking", "recoverable", "recovering", "disabled", "migrating"};
// The keys of cman_tool status (3.x, and 2.x's "Multicast address"), in print order.
const Words status_keys = {"Version",          "Config Version",      "Cluster Name",     "Cluster Id",
                           "Cluster Member",   "Cluster Generation",  "Membership state", "Nodes",
                           "Expected votes",   "Quorum device votes", "Total votes",      "Node votes",
                           "Quorum",           "Active subsystems",   "Flags",            "Ports Bound",
                           "Node name",        "Node ID",             "Multicast addresses", "Multicast address",
                           "Node addresses",   "Disallowed nodes"};
// What clustat prints to stdout before (or instead of) its XML when rgmanager or cman do not answer.
const Words clustat_notes = {"Service states unavailable: ", "Member states unavailable: ",
                             "Timed out waiting for a response from Resource Group Manager",
                             "Failed to receive service data: ", "Could not connect to CMAN",
                             "Could not connect to cluster service", "Error: Malformed message", "Error: no message?!"};
const char* nodes_header = "Node  Sts   Inc   Joined               Name";


bool one_of(std::string_view w, const Words& words) { return std::find(words.begin(), words.end(), w) != words.end(); }

Lines lines_of(const std::string& text) {
  Lines out;
  std::size_t at = 0;
  while (at < text.size()) {
    auto nl = text.find('\n', at);
    if (nl == std::string::npos) nl = text.size();
    auto line = text.substr(at, nl - at);
    line.erase(std::remove(line.begin(), line.end(), '\r'), line.end());
    out.push_back(line);
    at = nl + 1;
  }
  return out;
}

[[noreturn]] void bad(int line, const std::string& what) {
  throw failure("line " + std::to_string(line) + " of the cluster state: " + what);
}

int count(const std::string& text, const std::string& what, int line) {
  int v = integer<int>(text, what, line);
  if (v < 0) bad(line, what + " " + text::quoted(text) + " is negative");
  return v;
}

bool digits_at(const std::string& s, std::initializer_list<std::size_t> at) {
  return std::all_of(at.begin(), at.end(), [&](std::size_t i) { return i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); });
}

}  // namespace anvil::cluster::detail
