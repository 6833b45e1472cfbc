// MPI start-up and shutdown, the broadcast parse verdict, and the library version string.
#include "mpi_session.hpp"

#include <cstdio>

#include "cli.hpp"

namespace bb {

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

}  // namespace bb
