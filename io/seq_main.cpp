// io_seq: one reused easy handle, one blocking request after another (the seed's Session loop).
#include "blocking_fetch.hpp"
#include "io_program.hpp"

int main(int argc, char** argv) {
  return bb::io::run_io_program(
      argc, argv,
      {.name = "io_seq",
       .description = "io_seq: fetch the requests one after another with one reused, blocking libcurl handle",
       .model = bb::io::Model::seq,
       .default_workers = 1,
       .fetch_all = [](const auto& requests, const auto& settings, int, auto& progress) {
         return bb::io::fetch_sequentially(requests, settings, progress);
       }});
}
