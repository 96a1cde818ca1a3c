// The schema migrations, in order. Each is a numbered SQL script of
// ';'-terminated statements; `vardavtal init` applies those not yet applied.
#pragma once

#include <string_view>
#include <vector>

namespace vardavtal {

struct Migration {
  int number;
  std::string_view name;
  std::string_view sql;
};

const std::vector<Migration>& migrations();

}  // namespace vardavtal
