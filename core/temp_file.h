// TempFile: a private temporary file (mkstemp: mode 0600, unique name),
// removed when the object goes out of scope, also on an exception. For the
// libraries that read or write files only (libxlsxwriter, the specification
// readers). Not thread-safe; one owner.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <string_view>

namespace vardavtal {

class TempFile {
 public:
  explicit TempFile(const std::string& prefix) {
    std::string templ = "/tmp/" + prefix + "-XXXXXX";
    const int fd = ::mkstemp(templ.data());
    if (fd < 0) throw std::runtime_error("cannot create a temporary file");
    ::close(fd);
    path_ = std::move(templ);
  }
  ~TempFile() { std::remove(path_.c_str()); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  const std::string& path() const { return path_; }
  void write(std::string_view bytes) const {
    std::ofstream out(path_, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out.flush()) throw std::runtime_error("cannot write a temporary file");
  }
  std::string read() const {
    std::ifstream in(path_, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw std::runtime_error("cannot read a temporary file");
    return bytes;
  }

 private:
  std::string path_;
};

}  // namespace vardavtal
