#include "billing/server/pending_reads.h"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

namespace vardavtal {

namespace {

// One read a line: at, who, what, then the patients, split by the unit
// separator (no field holds a control character: who and what are cleaned,
// patient ids are printable).
constexpr char kSep = '\x1f';

std::string clean(std::string s) {
  for (char& c : s)
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  return s;
}

std::string line_of(const PatientRead& r) {
  std::string line = clean(r.at) + kSep + clean(r.who) + kSep + clean(r.what);
  for (const std::string& p : r.patients) line += kSep + clean(p);
  return line + "\n";
}

std::optional<PatientRead> read_of(const std::string& line) {
  std::vector<std::string> f(1);
  for (char c : line)
    if (c == kSep)
      f.emplace_back();
    else
      f.back() += c;
  if (f.size() < 4) return std::nullopt;  // a line cut short by a crash: nothing to log
  return PatientRead{f[0], f[1], f[2], std::vector<std::string>(f.begin() + 3, f.end())};
}

// The spool beside a SQLite file, as the run lock's `<db>.lock`; none on
// PostgreSQL. The store knows which engine a path or URL names.
std::string spool_path_of(const std::string& db) {
  Store store(db, OpenMode::existing);
  return store.is_sqlite() ? store.sqlite_path() + ".reads" : "";
}

}  // namespace

PendingReads::PendingReads(std::string db) : db_(std::move(db)), spool_path_(spool_path_of(db_)) {
  if (spool_path_.empty()) return;
  std::ifstream in(spool_path_);
  for (std::string line; std::getline(in, line);)
    if (auto r = read_of(line)) queue_.push_back(std::move(*r));
}

PendingReads::~PendingReads() {
  stop();
}

size_t PendingReads::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (flusher_.joinable()) flusher_.join();
  return pending();
}

void PendingReads::log(Store& store, const PatientRead& read) {
  if (read.patients.empty()) return;
  if (spool_path_.empty()) {  // PostgreSQL: its writers hold the trail only while committing
    append_patient_reads(store, {read});
    return;
  }
  {
    // Behind reads already spooled: they go first.
    std::lock_guard<std::mutex> lock(mutex_);
    if (!queue_.empty()) {
      spool(read);
      wake_.notify_all();
      return;
    }
  }
  if (try_log_patient_read(store, read)) return;
  std::lock_guard<std::mutex> lock(mutex_);
  spool(read);
  wake_.notify_all();
}

void PendingReads::spool(const PatientRead& read) {
  const int fd = ::open(spool_path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot write the access log spool " + spool_path_);
  const std::string line = line_of(read);
  const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ::close(fd);
  if (!ok) throw std::runtime_error("cannot write the access log spool " + spool_path_);
  queue_.push_back(read);
}

void PendingReads::rewrite_spool() {
  if (queue_.empty()) {
    std::remove(spool_path_.c_str());
    return;
  }
  const std::string tmp = spool_path_ + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_TRUNC | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return;  // the old spool stays: its reads are appended again (a repeat, never a loss)
  std::string all;
  for (const PatientRead& r : queue_) all += line_of(r);
  const bool ok = ::write(fd, all.data(), all.size()) == static_cast<ssize_t>(all.size());
  ::close(fd);
  if (ok) std::rename(tmp.c_str(), spool_path_.c_str());
}

bool PendingReads::flush(Store& store) {
  std::lock_guard<std::mutex> one_at_a_time(flush_mutex_);
  std::vector<PatientRead> batch;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    batch.assign(queue_.begin(), queue_.end());
  }
  if (batch.empty()) return true;
  try {
    append_patient_reads(store, batch);
  } catch (const std::exception&) {
    return false;  // busy beyond the timeout, or gone: the flusher tries again
  }
  std::lock_guard<std::mutex> lock(mutex_);
  queue_.erase(queue_.begin(), queue_.begin() + static_cast<long>(batch.size()));
  rewrite_spool();
  return true;
}

size_t PendingReads::pending() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return queue_.size();
}

void PendingReads::start() {
  flusher_ = std::thread([this] { run(); });
}

void PendingReads::run() {
  std::unique_ptr<Store> store;
  for (;;) {
    bool stopping = false;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait_for(lock, std::chrono::milliseconds(200),
                     [&] { return stop_ || !queue_.empty(); });
      stopping = stop_;
      if (queue_.empty() && stopping) return;
      if (queue_.empty()) continue;
    }
    try {
      if (!store) store = std::make_unique<Store>(db_, OpenMode::existing);
      if (!flush(*store) && !stopping) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    } catch (const std::exception&) {
      store.reset();  // reopened on the next round; the spool keeps the reads
    }
    if (stopping) return;  // one last flush; what remains stays in the spool
  }
}

}  // namespace vardavtal
