// The MPI session every MPI model starts with: MPI_Init_thread/MPI_Finalize, parsing agreed by all ranks, the library's name.
#pragma once

#include <mpi.h>

#include <CLI/CLI.hpp>

#include <functional>
#include <optional>
#include <string>

namespace bb {

// MPI_Init_thread / MPI_Finalize around main's lifetime.
class MpiSession {
 public:
  MpiSession(int& argc, char**& argv, int required_thread_level);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  int rank() const { return rank_; }
  int size() const { return size_; }
  bool is_root() const { return rank_ == 0; }

 private:
  int rank_ = 0;
  int size_ = 1;
};

// Every rank parses, rank 0 alone prints, and rank 0's verdict is broadcast so all
// ranks leave together (no N copies of one message, no rank left waiting).
std::optional<int> parse_on_all_ranks(CLI::App& app, int argc, char** argv, const MpiSession& session,
                                      const std::function<void()>& validate);

// First line of MPI_Get_library_version, e.g. "Open MPI v4.1.4".
std::string mpi_library_version();

}  // namespace bb
