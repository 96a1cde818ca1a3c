#include "billing/cli/cli.h"

int main(int argc, char** argv) { return vardavtal::run_cli(argc, argv); }
