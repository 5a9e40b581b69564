// Runs a program with arguments, environment additions and stdin, and
// collects its exit status, stdout and stderr: how the CLI tests drive the
// built anvil binary, exactly as a user's shell would.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace anvil::test {

struct Result {
  int status = -1;  // exit status, or 128 + signal
  std::string out;
  std::string err;
};

struct RunOptions {
  std::map<std::string, std::string> env;  // added to (or replacing in) the environment
  std::vector<std::string> unset;          // removed from the environment
  std::string input;
};

Result run_process(const std::vector<std::string>& argv, const RunOptions& options = {});

// Starts a program in the background (output discarded, stdin from
// `input_file` or /dev/null); wait_process() reaps it and returns its status.
int start_process(const std::vector<std::string>& argv, const RunOptions& options, const std::string& input_file = "");
int wait_process(int pid);

}  // namespace anvil::test
