// anvil: parse, run the selected command, turn the outcome into an exit code.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstring>
#include <iostream>

#include "app.hpp"
#include "complete.hpp"
#include "core/error.hpp"
#include "core/exit_code.hpp"
#include "output.hpp"

namespace {

const char* kind_name(anvil::ErrorKind kind) {
  switch (kind) {
    case anvil::ErrorKind::failed: return "failed";
    case anvil::ErrorKind::usage: return "usage";
    case anvil::ErrorKind::partial: return "partial";
    case anvil::ErrorKind::unreachable: return "unreachable";
    case anvil::ErrorKind::locked: return "locked";
  }
  return "failed";
}

// CLI11 reports a mistyped command as "A subcommand is required"; name the
// word instead, as git does.
std::string parse_error_text(CLI::App& root, const CLI::ParseError& e, int argc, char** argv, std::string& path) {
  CLI::App* app = &root;
  path = "anvil";
  for (int i = 1; i < argc; ++i) {
    std::string word = argv[i];
    if (word.rfind("-", 0) == 0) {
      auto* opt = word.find('=') == std::string::npos ? app->get_option_no_throw(word) : nullptr;
      if (!opt && app != &root) opt = root.get_option_no_throw(word);
      if (opt && opt->get_expected_min() > 0) ++i;  // skip the option's value
      continue;
    }
    auto subs = app->get_subcommands([](CLI::App* s) { return !s->get_group().empty(); });
    if (subs.empty()) break;  // a positional argument of a leaf command
    auto match = std::find_if(subs.begin(), subs.end(), [&](CLI::App* s) { return s->check_name(word); });
    if (match == subs.end()) {
      std::string names;
      for (auto* sub : subs) names += (names.empty() ? "" : ", ") + sub->get_name();
      auto typed = path == "anvil" ? word : path.substr(6) + " " + word;
      return "unknown command '" + typed + "'; `" + path + "` has: " + names;
    }
    app = *match;
    path += " " + word;
  }
  return std::string(e.what()) + "; see `" + path + " --help`";
}

bool asked_for_json(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (std::strncmp(argv[i], "--json", 6) == 0 && (argv[i][6] == 0 || argv[i][6] == '=')) return true;
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace anvil;
  using namespace anvil::cli;

  // Completion answers before anything else is built: it must take a few ms.
  if (argc >= 2 && std::strcmp(argv[1], "__complete") == 0)
    return run_complete(std::vector<std::string>(argv + 2, argv + argc), std::cout);

  GlobalOptions globals;
  Selected selected;
  auto app = make_app(globals, selected);
  Context ctx(globals, std::vector<std::string>(argv, argv + argc), std::cout, std::cerr);
  // Everything after "--" is a command line for the nodes (`node exec`), as
  // with ssh(1); CLI11 never sees it.
  int parsed = argc;
  for (int i = 1; i < argc; ++i)
    if (std::strcmp(argv[i], "--") == 0) {
      ctx.after_dashes.assign(argv + i + 1, argv + argc);
      parsed = i;
      break;
    }
  bool json = asked_for_json(parsed, argv);
  try {
    app->parse(parsed, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app->exit(e);  // --help, --version
    std::string path;
    auto message = parse_error_text(*app, e, parsed, argv, path);
    print_error(std::cerr, message, "usage", json, ctx.color_stderr());
    if (!is_check_command(path.size() > 6 ? path.substr(6) : "")) return exit_usage;
    if (!json) std::cout << "UNKNOWN: " << message << '\n';
    return check_unknown;
  }
  if (parsed != argc && !selected.takes_command) {
    std::string message = "`anvil " + selected.command + "` takes no command after --";
    print_error(std::cerr, message, "usage", json, ctx.color_stderr());
    if (!selected.check_style) return exit_usage;
    if (!json) std::cout << "UNKNOWN: " << message << '\n';
    return check_unknown;
  }
  try {
    return selected.run(ctx);
  } catch (const Error& e) {
    print_error(std::cerr, e.what(), kind_name(e.kind()), globals.json, ctx.color_stderr());
    // A check that could not check says UNKNOWN, on stdout too, where monitoring reads it.
    if (selected.check_style) {
      if (!globals.json) std::cout << "UNKNOWN: " << e.what() << '\n';
      return check_unknown;
    }
    return exit_code_for(e.kind());
  } catch (const std::exception& e) {
    print_error(std::cerr, std::string("internal error: ") + e.what() + "; please report it", "failed", globals.json,
                ctx.color_stderr());
    return exit_failed;
  }
}
