#include "billing/documents/rivta_schema.h"

#include <libxml/parser.h>
#include <libxml/xmlIO.h>

#include <algorithm>
#include <cstring>
#include <mutex>

namespace vardavtal::rivta {

#ifdef VARDAVTAL_RIVTA_EMBEDDED
// Defined in the rivta_embedded.cpp that rivta/embed.cmake generates.
extern const EmbeddedFile kEmbeddedSchemaFiles[];
extern const size_t kEmbeddedSchemaFileCount;
#endif

std::span<const EmbeddedFile> embedded_schema_files() {
#ifdef VARDAVTAL_RIVTA_EMBEDDED
  return {kEmbeddedSchemaFiles, kEmbeddedSchemaFileCount};
#else
  return {};
#endif
}

namespace {

constexpr std::string_view kScheme = "vardavtal-rivta:///";

const EmbeddedFile* find_embedded(std::string_view uri) {
  if (!uri.starts_with(kScheme)) return nullptr;
  uri.remove_prefix(kScheme.size());
  for (const EmbeddedFile& f : embedded_schema_files())
    if (f.path == uri) return &f;
  return nullptr;
}

// libxml2 input callbacks serving vardavtal-rivta:/// URIs from memory.
struct Reader {
  std::string_view text;
  size_t pos = 0;
};

int match_cb(const char* uri) {
  return uri && find_embedded(uri) ? 1 : 0;
}

void* open_cb(const char* uri) {
  const EmbeddedFile* f = find_embedded(uri);
  return f ? new Reader{f->text} : nullptr;
}

int read_cb(void* ctx, char* buffer, int len) {
  auto* r = static_cast<Reader*>(ctx);
  size_t n = std::min(static_cast<size_t>(len < 0 ? 0 : len), r->text.size() - r->pos);
  std::memcpy(buffer, r->text.data() + r->pos, n);
  r->pos += n;
  return static_cast<int>(n);
}

int close_cb(void* ctx) {
  delete static_cast<Reader*>(ctx);
  return 0;
}

// Schema-parser messages (none expected from the embedded schema) go into the
// reason instead of stderr.
void collect_error(void* ctx, xmlErrorPtr err) {
  auto* why = static_cast<std::string*>(ctx);
  if (err && err->message && why->empty()) why->assign(err->message);
}

struct Compiled {
  xmlSchemaPtr schema = nullptr;
  std::string why;
};

Compiled compile() {
  Compiled c;
  const EmbeddedFile* entry = nullptr;
  for (const EmbeddedFile& f : embedded_schema_files())
    if (f.path == kResponderSchemaPath) entry = &f;
  if (!entry) {
    c.why =
        "the RIVTA schema is not embedded in this build (billing/CMakeLists.txt must include "
        "third_party/rivta/embed.cmake)";
    return c;
  }
  xmlInitParser();
  if (xmlRegisterInputCallbacks(match_cb, open_cb, read_cb, close_cb) < 0) {
    c.why = "cannot register the libxml2 input callbacks for the embedded schema";
    return c;
  }
  // The schema parser loads the entry point and, relative to it, the imported
  // core schema through the input callbacks above.
  std::string uri = std::string(kScheme) + std::string(entry->path);
  xmlSchemaParserCtxtPtr pctxt = xmlSchemaNewParserCtxt(uri.c_str());
  xmlSchemaSetParserStructuredErrors(pctxt, collect_error, &c.why);
  c.schema = xmlSchemaParse(pctxt);
  xmlSchemaFreeParserCtxt(pctxt);
  if (!c.schema && c.why.empty()) c.why = "the embedded RIVTA schema does not compile";
  if (c.schema) c.why.clear();
  return c;
}

}  // namespace

xmlSchemaPtr claim_schema(std::string* why) {
  static const Compiled compiled = compile();  // thread-safe one-time initialisation
  if (!compiled.schema && why) *why = compiled.why;
  return compiled.schema;
}

}  // namespace vardavtal::rivta
