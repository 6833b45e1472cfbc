// io_mpi: MPI ranks, each fetching its share of the requests with its own sharded event loops.
#include "io_program.hpp"
#include "mpi_group.hpp"

int main(int argc, char** argv) {
  return bb::io::run_io_program(
      argc, argv,
      {.name = "io_mpi",
       .description = "io_mpi: fetch the requests on MPI ranks (launch with mpirun -np RANKS), each with "
                      "curl_multi_socket_action and epoll, at most --workers transfers in flight per rank",
       .model = bb::io::Model::mpi,
       .default_workers = 100,
       .fetch_all = nullptr,
       .join = bb::io::join_mpi_ranks});
}
