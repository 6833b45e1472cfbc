// io_multi: libcurl's multi interface on epoll, at most --workers transfers in flight over --loops event loops.
#include "io_program.hpp"
#include "loop_group.hpp"

int main(int argc, char** argv) {
  return bb::io::run_io_program(
      argc, argv,
      {.name = "io_multi",
       .description = "io_multi: fetch the requests with curl_multi_socket_action and epoll, at most --workers "
                      "transfers in flight over --loops event loops (threads) of --shards multi handles each",
       .model = bb::io::Model::multi,
       .default_workers = 100,
       .fetch_all = nullptr,
       .join = bb::io::join_this_process});
}
