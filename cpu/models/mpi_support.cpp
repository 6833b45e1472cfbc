// MPI calls behind the plumbing: verdict broadcast, window probe, fetch-and-op counter, results sent as limbs.
#include "mpi_support.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "cli.hpp"

namespace bb::cpu {

namespace {

constexpr int kTagCount = 100;
constexpr int kTagIndex = 101;
constexpr int kTagLength = 102;
constexpr int kTagBytes = 103;
// MPI counts are ints: results bigger than this travel in several messages.
constexpr std::size_t kMaxMessageBytes = std::size_t{1} << 30;

void send_bytes(const unsigned char* data, std::size_t length, MPI_Comm comm) {
  for (std::size_t offset = 0; offset < length; offset += kMaxMessageBytes) {
    const auto chunk = static_cast<int>(std::min(kMaxMessageBytes, length - offset));
    MPI_Send(data + offset, chunk, MPI_BYTE, 0, kTagBytes, comm);
  }
}

void receive_bytes(unsigned char* data, std::size_t length, int source, MPI_Comm comm) {
  for (std::size_t offset = 0; offset < length; offset += kMaxMessageBytes) {
    const auto chunk = static_cast<int>(std::min(kMaxMessageBytes, length - offset));
    MPI_Recv(data + offset, chunk, MPI_BYTE, source, kTagBytes, comm, MPI_STATUS_IGNORE);
  }
}

}  // namespace

MpiSession::MpiSession(int& argc, char**& argv, int required_thread_level) {
  int provided = MPI_THREAD_SINGLE;
  MPI_Init_thread(&argc, &argv, required_thread_level, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  if (provided < required_thread_level) {
    if (rank_ == 0) std::fprintf(stderr, "error: this MPI library lacks the thread support OpenMP threads need\n");
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
}

MpiSession::~MpiSession() { MPI_Finalize(); }

std::optional<int> parse_on_all_ranks(CLI::App& app, int argc, char** argv, const MpiSession& session,
                                      const std::function<void()>& validate) {
  const std::optional<int> mine = parse_command_line(app, argc, argv, session.is_root(), validate);
  int verdict = mine.value_or(-1);
  MPI_Bcast(&verdict, 1, MPI_INT, 0, MPI_COMM_WORLD);
  if (verdict < 0) return std::nullopt;
  return verdict;
}

std::string mpi_library_version() {
  char text[MPI_MAX_LIBRARY_VERSION_STRING] = {};
  int length = 0;
  MPI_Get_library_version(text, &length);
  std::string version(text, static_cast<std::size_t>(length));
  const std::size_t end = version.find_first_of(",\n");
  return version.substr(0, end);
}

bool one_sided_windows_available(MPI_Comm comm, const char* program) {
  // Errors come back as codes here instead of aborting the job, and every rank learns the verdict.
  MPI_Comm_set_errhandler(comm, MPI_ERRORS_RETURN);
  MPI_Win window = MPI_WIN_NULL;
  long long* value = nullptr;
  const int code = MPI_Win_allocate(static_cast<MPI_Aint>(sizeof(long long)), sizeof(long long), MPI_INFO_NULL, comm,
                                    &value, &window);
  if (code == MPI_SUCCESS) MPI_Win_free(&window);
  MPI_Comm_set_errhandler(comm, MPI_ERRORS_ARE_FATAL);
  int created = code == MPI_SUCCESS ? 1 : 0;
  MPI_Allreduce(MPI_IN_PLACE, &created, 1, MPI_INT, MPI_MIN, comm);
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  if (created == 0 && rank == 0) {
    char reason[MPI_MAX_ERROR_STRING] = "failed on another rank";
    int length = 0;
    if (code != MPI_SUCCESS) MPI_Error_string(code, reason, &length);
    std::fprintf(stderr,
                 "%s: error: --schedule dynamic needs an MPI one-sided window over all ranks and this MPI cannot "
                 "create one (MPI_Win_allocate: %s); use --schedule static, or a one-sided component that spans "
                 "your nodes (Open MPI over TCP: OMPI_MCA_osc=ucx or OMPI_MCA_osc=pt2pt)\n",
                 program, reason);
  }
  return created == 1;
}

SharedTaskCounter::SharedTaskCounter(MPI_Comm comm) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  const MPI_Aint bytes = rank == 0 ? static_cast<MPI_Aint>(sizeof(long long)) : 0;
  MPI_Win_allocate(bytes, sizeof(long long), MPI_INFO_NULL, comm, &value_, &window_);
  if (rank == 0) {
    MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, window_);
    *value_ = 0;
    MPI_Win_unlock(0, window_);
  }
  MPI_Barrier(comm);
  // One passive-target epoch for the counter's whole life: each take is then a fetch and a
  // flush, not a lock and unlock (which cost ~0.3 ms per task here).
  MPI_Win_lock_all(0, window_);
}

SharedTaskCounter::~SharedTaskCounter() {
  MPI_Win_unlock_all(window_);
  MPI_Win_free(&window_);
}

std::size_t SharedTaskCounter::next() {
  const long long one = 1;
  long long previous = 0;
  MPI_Fetch_and_op(&one, &previous, MPI_LONG_LONG, 0, 0, MPI_SUM, window_);
  MPI_Win_flush(0, window_);
  return static_cast<std::size_t>(previous);
}

void gather_results_to_root(std::vector<mpz_class>& results, const std::vector<std::size_t>& done, MPI_Comm comm) {
  int rank = 0;
  int size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  if (rank != 0) {
    const std::uint64_t count = done.size();
    MPI_Send(&count, 1, MPI_UINT64_T, 0, kTagCount, comm);
    std::vector<unsigned char> buffer;
    for (std::size_t index : done) {
      const std::uint64_t index_word = index;
      const mpz_srcptr number = results[index].get_mpz_t();
      buffer.resize(mpz_size(number) * sizeof(mp_limb_t));
      std::size_t words = 0;
      mpz_export(buffer.data(), &words, -1, sizeof(mp_limb_t), 0, 0, number);
      const std::uint64_t length = words * sizeof(mp_limb_t);
      MPI_Send(&index_word, 1, MPI_UINT64_T, 0, kTagIndex, comm);
      MPI_Send(&length, 1, MPI_UINT64_T, 0, kTagLength, comm);
      send_bytes(buffer.data(), length, comm);
    }
    return;
  }
  std::vector<unsigned char> buffer;
  for (int source = 1; source < size; ++source) {
    std::uint64_t count = 0;
    MPI_Recv(&count, 1, MPI_UINT64_T, source, kTagCount, comm, MPI_STATUS_IGNORE);
    for (std::uint64_t received = 0; received < count; ++received) {
      std::uint64_t index = 0;
      std::uint64_t length = 0;
      MPI_Recv(&index, 1, MPI_UINT64_T, source, kTagIndex, comm, MPI_STATUS_IGNORE);
      MPI_Recv(&length, 1, MPI_UINT64_T, source, kTagLength, comm, MPI_STATUS_IGNORE);
      buffer.resize(length);
      receive_bytes(buffer.data(), length, source, comm);
      if (index >= results.size()) {
        std::fprintf(stderr, "error: rank %d sent a result for task %llu of %zu\n", source,
                     static_cast<unsigned long long>(index), results.size());
        MPI_Abort(comm, 1);
      }
      mpz_import(results[index].get_mpz_t(), length / sizeof(mp_limb_t), -1, sizeof(mp_limb_t), 0, 0,
                 buffer.data());
    }
  }
}

}  // namespace bb::cpu
