// Declares the one-sided counter on rank 0 that MPI models take work from (--schedule dynamic), and its probe.
#pragma once

#include <mpi.h>

#include <cstddef>
#include <string>

namespace bb {

// Whether this MPI can create a one-sided window over `comm`, which --schedule dynamic needs
// (Open MPI over TCP across nodes cannot with its default component). Collective; on failure
// rank 0 prints one line for `program` with what to do instead, and every rank returns false.
bool one_sided_window_available(MPI_Comm comm, const std::string& program);

// A counter on rank 0 that every rank, rank 0 included, increments with MPI_Fetch_and_op to take
// the number of its next piece of work (a task, a batch of requests): no manager rank.
class OneSidedCounter {
 public:
  explicit OneSidedCounter(MPI_Comm comm);  // collective
  ~OneSidedCounter();                       // collective
  OneSidedCounter(const OneSidedCounter&) = delete;
  OneSidedCounter& operator=(const OneSidedCounter&) = delete;
  std::size_t next();

 private:
  MPI_Win window_ = MPI_WIN_NULL;
  long long* value_ = nullptr;
};

}  // namespace bb
