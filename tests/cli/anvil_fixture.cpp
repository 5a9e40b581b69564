#include "cli/anvil_fixture.hpp"

#include <catch2/catch.hpp>

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <regex>
#include <sstream>

namespace anvil::test {

std::string anvil_bin() {
  const char* bin = std::getenv("ANVIL_BIN");
  return bin && *bin ? bin : ANVIL_BIN_BUILT;
}

bool static_build() { return ANVIL_BUILD_STATIC == 1; }

Anvil::Anvil() : ledger_(dir_.file("state/ledger.db")) {}

RunOptions Anvil::environment() const {
  RunOptions options;
  options.env.emplace("ANVIL_LEDGER", ledger_);
  for (const char* name : {"ANVIL_CLUSTER", "NO_COLOR", "ANVIL_LEDGER_TIMEOUT_MS"}) options.unset.push_back(name);
  return options;
}

Result Anvil::run(const std::vector<std::string>& args, RunOptions options) const {
  std::vector<std::string> argv = {anvil_bin()};
  argv.insert(argv.end(), args.begin(), args.end());
  options.env.emplace("ANVIL_LEDGER", ledger_);
  for (const char* name : {"ANVIL_CLUSTER", "NO_COLOR", "ANVIL_LEDGER_TIMEOUT_MS"})
    if (!options.env.count(name)) options.unset.push_back(name);
  return run_process(argv, options);
}

Result Anvil::run_ok(const std::vector<std::string>& args) const {
  auto r = run(args);
  INFO("anvil stderr: " << r.err);
  REQUIRE(r.status == 0);
  return r;
}

nlohmann::json Anvil::json(const std::vector<std::string>& args) const {
  auto with_json = args;
  with_json.push_back("--json");
  auto r = run_ok(with_json);
  return nlohmann::json::parse(r.out);
}

nlohmann::ordered_json Anvil::document(const std::vector<std::string>& args, int status, RunOptions options) const {
  std::vector<std::string> with_json = {"--json"};
  with_json.insert(with_json.end(), args.begin(), args.end());
  auto r = run(with_json, std::move(options));
  INFO("anvil --json " << [&] {
    std::string joined;
    for (auto& a : args) joined += a + " ";
    return joined;
  }() << "\nstdout: " << r.out << "\nstderr: " << r.err);
  REQUIRE(r.status == status);
  CHECK(r.err.empty());
  REQUIRE(nlohmann::ordered_json::accept(r.out));
  return nlohmann::ordered_json::parse(r.out);
}

namespace {

std::string this_user() {
  if (auto* pw = ::getpwuid(::geteuid())) return pw->pw_name;
  return {};
}

std::string this_host() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return {};
  return name;
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

void replace_all(std::string& s, const std::string& what, const std::string& with) {
  if (what.empty()) return;
  for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + with.size())) s.replace(at, what.size(), with);
}

struct Normalizer {
  std::string dir, src, user, host;

  void string_value(std::string& s) const {
    replace_all(s, dir, "<dir>");
    replace_all(s, src, "<src>");
  }

  void walk(nlohmann::ordered_json& j) const {
    if (j.is_string()) {
      auto s = j.get<std::string>();
      string_value(s);
      j = s;
    } else if (j.is_array()) {
      for (auto& item : j) walk(item);
    } else if (j.is_object()) {
      // A perfdata entry with a measured time.
      if (j.size() == 3 && j.contains("label") && j.contains("value") && j.contains("unit") && j["unit"] == "s" &&
          j["label"].is_string() && !ends_with(j["label"].get<std::string>(), "_sync_left") && j["value"].is_number())
        j["value"] = 0;
      for (auto& [key, value] : j.items()) member(key, value);
      // A fence finding's message says how long the agent took.
      if (j.contains("id") && j["id"].is_string() && j["id"].get<std::string>().rfind("fence.", 0) == 0 && j.contains("message") &&
          j["message"].is_string())
        j["message"] = std::regex_replace(j["message"].get<std::string>(), std::regex(R"(\b[0-9]+(\.[0-9]+)? s\b)"), "<n> s");
    }
  }

  void member(const std::string& key, nlohmann::ordered_json& value) const {
    if ((key == "at" || ends_with(key, "_at")) && value.is_string()) {
      value = "<time>";
    } else if ((key == "took_ms" || key == "waited_s" || key == "elapsed" || ends_with(key, "_ms")) && value.is_number()) {
      value = 0;
    } else if (key == "seconds" && value.is_number_float()) {
      value = 0;
    } else if (key == "user" && value.is_string() && value == user) {
      value = "<user>";
    } else if (key == "host" && value.is_string() && value == host) {
      value = "<host>";
    } else if (key == "pid" && !value.is_null()) {
      value = "<pid>";
    } else if (key == "argv" && value.is_array() && !value.empty()) {
      value[0] = "anvil";
      walk(value);
    } else {
      walk(value);
    }
  }
};

}  // namespace

nlohmann::ordered_json normalized(nlohmann::ordered_json doc, const std::string& dir) {
  Normalizer n{dir, ANVIL_SOURCE_DIR, this_user(), this_host()};
  n.walk(doc);
  return doc;
}

void check_golden_json(const std::string& name, const nlohmann::ordered_json& doc, const Anvil& fixture) {
  INFO("document " << name);
  REQUIRE(doc.is_object());
  REQUIRE_FALSE(doc.empty());
  CHECK(doc.begin().key() == "schema_version");
  CHECK(doc.begin().value() == 1);
  auto text = normalized(doc, fixture.dir().path()).dump(2) + "\n";
  auto file = "json/" + name + ".json";
  if (const char* accept = std::getenv("ANVIL_TEST_ACCEPT"); accept && std::string(accept) == "1")
    std::filesystem::create_directories(std::string(ANVIL_SOURCE_DIR) + "/tests/golden/json");
  check_golden(file, text);
}

void check_golden(const std::string& name, const std::string& actual) {
  auto path = std::string(ANVIL_SOURCE_DIR) + "/tests/golden/" + name;
  const char* accept = std::getenv("ANVIL_TEST_ACCEPT");
  if (accept && std::string(accept) == "1") {
    write_file(path, actual);
    return;
  }
  INFO("golden file " << path << " (ANVIL_TEST_ACCEPT=1 rewrites it)");
  REQUIRE(std::filesystem::exists(path));
  CHECK(read_file(path) == actual);
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace anvil::test
