#include "vm/virsh_text.hpp"

#include <cstdlib>
#include <map>

#include "core/error.hpp"
#include "core/text.hpp"

namespace anvil::vm {
namespace {

// "Key:   value" lines into a map; the value trimmed.
std::map<std::string, std::string> fields(const std::string& text) {
  std::map<std::string, std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    auto line = text.substr(start, end - start);
    start = end + 1;
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    out[text::trim(line.substr(0, colon))] = text::trim(line.substr(colon + 1));
  }
  return out;
}

std::int64_t leading_int(const std::string& text) { return std::strtoll(text.c_str(), nullptr, 10); }

}  // namespace

std::vector<std::pair<std::string, std::string>> parse_virsh_list(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  bool table = false;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    auto line = text.substr(start, end - start);
    start = end + 1;
    if (!table) {
      table = line.find("----") != std::string::npos;
      continue;
    }
    auto words = text::tokens(line);
    if (words.size() < 3) continue;
    // Id, Name, then the state, which may be two words ("shut off").
    std::string state;
    for (std::size_t i = 2; i < words.size(); ++i) state += (state.empty() ? "" : " ") + words[i];
    out.emplace_back(words[1], state);
  }
  if (!table) throw failure("virsh list printed no table: " + text.substr(0, text.find('\n')));
  return out;
}

DomainInfo parse_dominfo(const std::string& text) {
  auto f = fields(text);
  if (!f.count("Name") || !f.count("State")) throw failure("virsh dominfo printed no Name and State: " + text.substr(0, text.find('\n')));
  DomainInfo d;
  d.name = f["Name"];
  d.state = f["State"];
  d.uuid = f["UUID"];
  d.persistent = f["Persistent"] == "yes";
  d.vcpus = static_cast<int>(leading_int(f["CPU(s)"]));
  d.max_memory_kib = leading_int(f["Max memory"]);
  return d;
}

std::int64_t parse_virsh_size(const std::string& text) {
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  std::string unit = text::trim(end ? std::string(end) : std::string());
  double factor = unit == "KiB" ? 1024.0 : unit == "MiB" ? 1024.0 * 1024 : unit == "GiB" ? 1024.0 * 1024 * 1024
                : unit == "TiB" ? 1024.0 * 1024 * 1024 * 1024 : 1.0;
  return static_cast<std::int64_t>(value * factor);
}

JobProgress parse_domjobinfo(const std::string& text) {
  auto f = fields(text);
  if (!f.count("Job type")) throw failure("virsh domjobinfo printed no job type: " + text.substr(0, text.find('\n')));
  JobProgress p;
  p.active = f["Job type"] != "None" && f["Job type"] != "Completed" && f["Job type"] != "Failed" && f["Job type"] != "Cancelled";
  p.operation = f["Operation"];
  p.elapsed_ms = leading_int(f["Time elapsed"]);
  p.data_total = parse_virsh_size(f["Data total"]);
  p.data_processed = parse_virsh_size(f["Data processed"]);
  p.data_remaining = parse_virsh_size(f["Data remaining"]);
  return p;
}

}  // namespace anvil::vm
