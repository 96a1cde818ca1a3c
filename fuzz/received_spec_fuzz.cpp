// libFuzzer harness: the reconciliation's readers of a received
// specification (`vardavtal reconcile --spec FILE`): the national
// fakturaunderlag (XML) and this product's CSV specification, chosen by
// content. The reader may reject the file with SpecReadError; any other
// exception, crash, leak or undefined behaviour is a finding.
#include <cstddef>
#include <cstdint>

#include "billing/documents/received_spec.h"
#include "mem_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vardavtal;
  static fuzz::MemFile file;
  file.set(data, size);
  try {
    const ReceivedSpec spec = read_received_spec(file.path());
    (void)spec;
  } catch (const SpecReadError&) {
  }
  return 0;
}
