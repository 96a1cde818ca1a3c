// `vardavtal summary`: what the database holds per kind, seller and year.
#pragma once

#include <string>

#include "store/store.h"

namespace vardavtal {

std::string render_summary(Store& store);

}  // namespace vardavtal
