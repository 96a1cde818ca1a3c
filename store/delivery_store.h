// The deliveries of fakturaunderlag to the national platform (docs/delivery.md):
// one row per attempt and its answer. All SQL of deliveries lives here. Not
// thread-safe per Store.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/period.h"
#include "store/store.h"

namespace vardavtal {

struct DeliveryAttempt {
  int64_t id = 0;
  std::string seller, invoice, spec_id, buyer, logical_address, endpoint;
  int64_t attempt = 0;
  std::string outcome;  // sending (before the request) | ok | error | technical
  std::string result_code, comment;
  std::string sent_at, sent_by;
  Period period;  // the invoice's month (read with the list)
};

struct DeliveryFilter {
  std::optional<std::string> seller, buyer;
  std::optional<Period> period;
};

class DeliveryStore {
 public:
  explicit DeliveryStore(Store& store) : store_(store) {}
  // Appends one attempt in the caller's WriteTransaction; returns its id.
  int64_t append(DeliveryAttempt a);
  // The seller's invoices with an attempt answered OK.
  std::set<std::string> delivered(const std::string& seller);
  // The seller's invoices whose last row is a request without its answer (a
  // run ended between sending and recording): sent, perhaps received.
  std::set<std::string> unconfirmed(const std::string& seller);
  // Every attempt in the filter, in the order sent; a "sending" row only when
  // no answer followed it.
  std::vector<DeliveryAttempt> list(const DeliveryFilter& f);

 private:
  Store& store_;
};

}  // namespace vardavtal
