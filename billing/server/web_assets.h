// The web page's static files (billing/server/web/), embedded into the binary
// at build time by web_assets.cmake. Immutable; any thread.
#pragma once

#include <string_view>

namespace vardavtal {

struct WebAsset {
  std::string_view content_type, body;
};

// The file for a request path: "/" is index.html; nullptr when unknown.
const WebAsset* web_asset(std::string_view path);

}  // namespace vardavtal
