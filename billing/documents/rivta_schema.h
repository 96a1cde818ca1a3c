// The RIVTA ProcessClaimSpecification schema, embedded into the binary.
//
// third_party/rivta/ vendors the two schema files (Apache License 2.0,
// Inera AB; see rivta/README.md) and rivta/embed.cmake compiles them into
// vardavtal_documents as string literals keyed by their path below rivta/. The
// responder schema is parsed under a private URI scheme
// (vardavtal-rivta:///...) and its xs:import of the core schema is answered
// from the embedded files by a libxml2 input callback, so nothing is read
// from disk and nothing is fetched from the network.
#pragma once

#include <libxml/xmlschemas.h>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace vardavtal::rivta {

struct EmbeddedFile {
  std::string_view path;  // below third_party/rivta/, e.g. "core_components/x.xsd"
  std::string_view text;
};

// The path of the responder schema (the entry point) among the embedded files.
inline constexpr std::string_view kResponderSchemaPath =
    "interactions/ProcessClaimSpecificationInteraction/ProcessClaimSpecificationResponder_1.0.xsd";

// The embedded files; empty when the build did not include rivta/embed.cmake.
std::span<const EmbeddedFile> embedded_schema_files();

// The compiled schema, built once on first use and shared (read-only) by every
// caller and thread; never freed. nullptr when it cannot be built, with the
// reason in `why`.
xmlSchemaPtr claim_schema(std::string* why);

}  // namespace vardavtal::rivta
