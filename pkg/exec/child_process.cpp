#include "exec/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.hpp"

namespace anvil::exec {
namespace {

using Clock = std::chrono::steady_clock;

void make_pipe(FileDescriptor& read_end, FileDescriptor& write_end) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw failure(std::string("cannot create a pipe: ") + std::strerror(errno));
  read_end = FileDescriptor(fds[0]);
  write_end = FileDescriptor(fds[1]);
}

const char* signal_name(int sig) {
  switch (sig) {
    case SIGKILL: return "KILL";
    case SIGTERM: return "TERM";
    case SIGINT: return "INT";
    case SIGHUP: return "HUP";
    case SIGSEGV: return "SEGV";
    case SIGABRT: return "ABRT";
    case SIGPIPE: return "PIPE";
    default: return "?";
  }
}

int remaining_ms(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left < 0 ? 0 : static_cast<int>(std::min<long long>(left, 1000));
}

}  // namespace

void FileDescriptor::reset() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv) {
  FileDescriptor child_in, child_out, child_err;
  make_pipe(child_in, in_);
  make_pipe(out_, child_out);
  make_pipe(err_, child_err);
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_ = ::fork();
  if (pid_ < 0) throw failure(std::string("cannot start ") + argv[0] + ": " + std::strerror(errno));
  if (pid_ == 0) {
    ::setpgid(0, 0);
    ::dup2(child_in.get(), 0);
    ::dup2(child_out.get(), 1);
    ::dup2(child_err.get(), 2);
    ::signal(SIGPIPE, SIG_DFL);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  ::setpgid(pid_, pid_);
  // Non-blocking stdin: a large write must never wait on a child that is
  // itself waiting for us to read its output.
  ::fcntl(in_.get(), F_SETFL, ::fcntl(in_.get(), F_GETFL) | O_NONBLOCK);
  // Writing to a child that exited must be an error, not a signal.
  ::signal(SIGPIPE, SIG_IGN);
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !reaped_) {
    ::kill(-pid_, SIGKILL);
    wait_for_exit();
  }
}

int ChildProcess::wait_for_exit() {
  if (!reaped_) {
    while (::waitpid(pid_, &status_, 0) < 0 && errno == EINTR) {
    }
    reaped_ = true;
  }
  return status_;
}

CommandResult ChildProcess::communicate(const std::string& input, std::chrono::milliseconds deadline_in) {
  CommandResult r;
  const auto deadline = Clock::now() + deadline_in;
  std::size_t sent = 0;
  if (input.empty()) in_.reset();
  char buf[65536];
  while (out_.get() >= 0 || err_.get() >= 0) {
    if (Clock::now() >= deadline) {
      r.timed_out = true;
      ::kill(-pid_, SIGKILL);
      break;
    }
    pollfd fds[3] = {{out_.get(), POLLIN, 0}, {err_.get(), POLLIN, 0}, {in_.get(), POLLOUT, 0}};
    if (::poll(fds, 3, remaining_ms(deadline)) < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      auto n = ::read(fds[i].fd, buf, sizeof buf);
      if (n > 0)
        (i == 0 ? r.out : r.err).append(buf, static_cast<std::size_t>(n));
      else if (n == 0 || errno != EINTR)
        (i == 0 ? out_ : err_).reset();
    }
    if (fds[2].fd >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
      auto n = ::write(in_.get(), input.data() + sent, input.size() - sent);
      if (n > 0) sent += static_cast<std::size_t>(n);
      if ((n < 0 && errno != EAGAIN && errno != EINTR) || sent == input.size()) in_.reset();
    }
  }
  in_.reset();
  int status = wait_for_exit();
  if (r.timed_out) return r;
  if (WIFEXITED(status)) r.exit_status = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = signal_name(WTERMSIG(status));
  return r;
}

std::string ChildProcess::read_until(const std::string& marker, std::chrono::milliseconds deadline_in) {
  const auto deadline = Clock::now() + deadline_in;
  std::string out;
  char buf[4096];
  while (out_.get() >= 0 && out.find(marker) == std::string::npos && Clock::now() < deadline) {
    pollfd fd{out_.get(), POLLIN, 0};
    if (::poll(&fd, 1, remaining_ms(deadline)) <= 0) continue;
    auto n = ::read(out_.get(), buf, sizeof buf);
    if (n > 0)
      out.append(buf, static_cast<std::size_t>(n));
    else
      out_.reset();
  }
  return out;
}

int ChildProcess::finish() {
  in_.reset();
  int status = wait_for_exit();
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace anvil::exec
