// A local child process with pipes on stdin, stdout and stderr. The only
// place in anvil that spawns processes (LocalSession builds on it).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

#include "exec/command.hpp"

namespace anvil::exec {

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd = -1) : fd_(fd) {}
  ~FileDescriptor() { reset(); }
  FileDescriptor(FileDescriptor&& other) noexcept : fd_(other.release()) {}
  FileDescriptor& operator=(FileDescriptor&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = other.release();
    }
    return *this;
  }
  int get() const { return fd_; }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }
  void reset();

 private:
  int fd_;
};

class ChildProcess {
 public:
  // Starts argv[0] (searched in PATH) in its own process group.
  explicit ChildProcess(const std::vector<std::string>& argv);
  // Kills the whole process group if it is still running, and reaps it.
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Feeds `input`, collects output until both streams close or the deadline
  // passes (then the group is killed), and reaps the child.
  CommandResult communicate(const std::string& input, std::chrono::milliseconds deadline);
  // Reads stdout until `marker` appears, the stream closes or the deadline
  // passes; returns what was read.
  std::string read_until(const std::string& marker, std::chrono::milliseconds deadline);
  // Closes stdin, waits for the exit, and returns the status.
  int finish();

 private:
  pid_t pid_ = -1;
  FileDescriptor in_, out_, err_;
  bool reaped_ = false;
  int status_ = 0;
  int wait_for_exit();
};

}  // namespace anvil::exec
