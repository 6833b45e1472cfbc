// MPI calls behind the plumbing: results sent to rank 0 as limbs.
#include "mpi_support.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>

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
