// Runs a shell command for the end-to-end tests: stdout and stderr together,
// and the exit status.
#pragma once

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
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

// Starts `cmd` (through /bin/sh, which execs it) with its output discarded and
// kills it with SIGKILL after `delay` (a crash at a chosen point; it may have
// finished by then). True when the kill ended it.
inline bool run_killed_after(const std::string& cmd, std::chrono::microseconds delay) {
  const std::string line = "exec " + cmd + " >/dev/null 2>&1";
  const char* argv[] = {"/bin/sh", "-c", line.c_str(), nullptr};
  pid_t pid = 0;
  if (posix_spawn(&pid, "/bin/sh", nullptr, nullptr, const_cast<char**>(argv), environ) != 0)
    return false;
  std::this_thread::sleep_for(delay);  // the crash point, not a wait for a condition
  kill(pid, SIGKILL);
  int st = 0;
  waitpid(pid, &st, 0);
  return WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL;
}

}  // namespace vardavtal::testing
