// --describe: the JSON line in which an executable tells scripts what model it is and how to run it.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace bb {

// What scripts need to know of a model without knowing its name (docs/design.md "Model descriptions").
struct ModelDescription {
  std::string name;         // the program and the CSV's impl value
  std::string suite;        // cpu or io
  std::string kind;         // sequential, threads, processes, processes+threads, event-loop
  std::string launch;       // none, openmp, mpi, mpi+openmp: how a sweep starts it
  bool sequential = false;  // one worker only
  int default_workers = 1;
  std::string workers;      // what --workers means for this model
  std::string description;  // the first line of --help
};

// Whether argv asks for --describe; checked before MPI starts, so describing needs no launcher.
bool describe_requested(int argc, char** argv);

// One line of JSON: the description, the app's options (taking a value or not) and the CSV columns.
std::string describe_json(const ModelDescription& model, const CLI::App& app, const std::vector<std::string>& columns);

}  // namespace bb
