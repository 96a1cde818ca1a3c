// Runs a shell command for the end-to-end tests: stdout and stderr together,
// and the exit status.
#pragma once

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

extern char** environ;

namespace vardavtal::testing {

inline std::string run(const std::string& cmd, int* status = nullptr) {
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int st = pclose(p);
  if (status) *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return out;
}

// Starts `cmd` beside the test (through /bin/sh, which execs it, so that
// `pid` is the command's own) with stdout and stderr to `log_path`; false
// when it could not be started. The caller reaps it.
inline bool spawn_logged(const std::string& cmd, const std::string& log_path, pid_t& pid) {
  const std::string line = "exec " + cmd + " >" + log_path + " 2>&1";
  const char* argv[] = {"/bin/sh", "-c", line.c_str(), nullptr};
  return posix_spawn(&pid, "/bin/sh", nullptr, nullptr, const_cast<char**>(argv), environ) == 0;
}

// Starts `cmd` with its output discarded and kills it with SIGKILL after
// `delay` (a crash at a chosen point; it may have finished by then). True
// when the kill ended it.
inline bool run_killed_after(const std::string& cmd, std::chrono::microseconds delay) {
  pid_t pid = 0;
  if (!spawn_logged(cmd, "/dev/null", pid)) return false;
  std::this_thread::sleep_for(delay);  // the crash point, not a wait for a condition
  kill(pid, SIGKILL);
  int st = 0;
  waitpid(pid, &st, 0);
  return WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL;
}

// Polls `done` every 10 ms until it holds; false when it still does not after
// `bound` (which keeps a broken build from hanging the test: not a timed
// assertion).
template <class Condition>
bool wait_for(Condition done, std::chrono::seconds bound = std::chrono::seconds(30)) {
  const auto end = std::chrono::steady_clock::now() + bound;
  while (!done()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

// A program running beside the test that prints "listening on ADDR:PORT"
// first (`vardavtal respond`), its output in a file; stopped by SIGTERM.
struct Listener {
  pid_t pid = -1;
  unsigned short port = 0;
  std::string log;

  // Starts `cmd` with stdout and stderr to `log_path`; true once it listens.
  bool start(const std::string& cmd, const std::string& log_path) {
    log = log_path;
    std::remove(log_path.c_str());  // no earlier run's "listening on"
    if (!spawn_logged(cmd, log_path, pid)) return false;
    return wait_for([&] {
      const std::string out = output();
      const size_t at = out.find("listening on ");
      const size_t end = out.find('\n', at);
      if (at == std::string::npos || end == std::string::npos) return false;
      port = static_cast<unsigned short>(std::stoi(out.substr(out.rfind(':', end) + 1)));
      return true;
    });
  }
  std::string output() const {
    std::ifstream in(log);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  // SIGTERM and reaped; its exit status (-1 when a signal ended it).
  int stop() {
    if (pid <= 0) return -1;
    kill(pid, SIGTERM);
    int st = 0;
    waitpid(pid, &st, 0);
    pid = -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  }
  ~Listener() { stop(); }
};

}  // namespace vardavtal::testing
