// The command line: `vardavtal [--db PATH|URL] COMMAND ...`. Each command is a
// thin shell over library functions that the server will call too.
#pragma once

namespace vardavtal {

// Runs the CLI; returns the process exit status (0 ok, 1 failed, 2 usage).
int run_cli(int argc, char** argv);

}  // namespace vardavtal
