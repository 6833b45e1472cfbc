// MPI plumbing of the MPI models: session, agreed parsing, one-sided task counter, gathering exact results.
#pragma once

#include <mpi.h>

#include <gmpxx.h>

#include <CLI/CLI.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace bb::cpu {

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

// Whether this MPI can create a one-sided window over `comm`, which --schedule dynamic needs
// (Open MPI over TCP across nodes cannot with its default component). Collective; on failure
// rank 0 prints one line for `program` with what to do instead, and every rank returns false.
bool one_sided_windows_available(MPI_Comm comm, const char* program);

// A counter on rank 0 that every rank, rank 0 included, increments with MPI_Fetch_and_op
// to take its next task: dynamic scheduling without a dedicated manager rank.
class SharedTaskCounter {
 public:
  explicit SharedTaskCounter(MPI_Comm comm);  // collective
  ~SharedTaskCounter();                       // collective
  SharedTaskCounter(const SharedTaskCounter&) = delete;
  SharedTaskCounter& operator=(const SharedTaskCounter&) = delete;
  std::size_t next();

 private:
  MPI_Win window_ = MPI_WIN_NULL;
  long long* value_ = nullptr;
};

// Every rank sends the exact results it computed (indices in `done`) to rank 0 as bytes.
void gather_results_to_root(std::vector<mpz_class>& results, const std::vector<std::size_t>& done,
                            MPI_Comm comm);

}  // namespace bb::cpu
