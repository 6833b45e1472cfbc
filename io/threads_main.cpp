// io_threads: a pool of threads, one blocking easy handle each, sharing one request queue.
#include "blocking_fetch.hpp"
#include "io_program.hpp"

int main(int argc, char** argv) {
  return bb::io::run_io_program(
      argc, argv,
      {.name = "io_threads",
       .description = "io_threads: fetch the requests on --workers threads, each with its own blocking libcurl "
                      "handle, taking the next request from a shared queue",
       .model = bb::io::Model::threads,
       .default_workers = 10,
       .fetch_all = bb::io::fetch_with_threads});
}
