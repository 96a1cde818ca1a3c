// Runs a shell command for the end-to-end tests: stdout and stderr together,
// and the exit status.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <string>

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

}  // namespace vardavtal::testing
