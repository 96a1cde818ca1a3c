// Delivery of fakturaunderlag to the national platform (issue 17 item 2;
// docs/delivery.md) as the CLI and the server share it: which invoices of a
// closed month are to be sent, one SOAP call each with retries of technical
// errors, every attempt and answer recorded, and the list of what was sent.
// Not thread-safe per Store.
#pragma once

#include <chrono>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "billing/delivery/https_client.h"
#include "importers/csv_writer.h"
#include "store/delivery_store.h"

namespace vardavtal {

struct DeliverRequest {
  std::string seller;
  Period period;
  std::string endpoint;  // https://...
  TlsClientFiles tls;
  bool force = false;  // a month not closed
  bool again = false;  // invoices answered OK before too
  int retries = 3;     // further attempts after a technical error
  std::chrono::milliseconds backoff{
      5000};  // before the first retry, doubled for each next (TKB 4.2.1)
  std::chrono::milliseconds time_limit{30000};  // per attempt
  std::string who;
  std::function<void(const DeliveryAttempt&)> attempted;  // after each attempt is recorded
};

struct DeliverResult {
  int64_t to_send = 0;    // care invoices and credit notes with a fakturaunderlag
  int64_t skipped = 0;    // answered OK before (without --again)
  int64_t delivered = 0;  // answered OK now
  int64_t errors = 0;     // answered ERROR (logical): correct, then deliver again
  int64_t technical = 0;  // still a technical error after every retry
  // Sent by an earlier run that ended before recording the answer: not sent
  // again without `again` (they may have been received).
  std::vector<std::string> unconfirmed;
  std::vector<DeliveryAttempt> final_attempts;  // the last attempt of each invoice sent
};

// Sends the fakturaunderlag of each invoice of `seller`'s month that has one
// and no OK answer yet (every one with `again`), to the buying region's
// organisation number as logical address, one at a time under the run lock
// (no second deliver, bill or settle meanwhile). Each request is recorded
// before it is sent and its answer after; a fakturaunderlag that fails the
// national checks or a request over 5 MB is not sent (an error). The month must be billed, and
// closed unless `force`: else MonthEndRefused. An invalid endpoint is a
// UsageError; an unreadable TLS file std::runtime_error before anything is
// sent. The patients sent are logged as a read of patient data.
DeliverResult deliver(Store& store, const DeliverRequest& request);

// `text` with every personnummer or samordningsnummer masked
// ("[personnummer]"): twelve digits, or eight or six digits, '-' or '+', four
// digits. A platform's answer may quote the value its schema refused; it is
// stored and shown with them masked. Other numbers (organisation numbers: ten
// digits) stay.
std::string mask_personal_ids(std::string text);

std::vector<DeliveryAttempt> list_deliveries(Store& store, const DeliveryFilter& filter);
std::string deliveries_table(const std::vector<DeliveryAttempt>& list);  // Swedish
std::string deliveries_json(const std::vector<DeliveryAttempt>& list);
void write_deliveries_csv(const std::vector<DeliveryAttempt>& list, std::FILE* out,
                          CsvDialect dialect);

}  // namespace vardavtal
