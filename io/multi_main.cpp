// io_multi: one thread, libcurl's multi interface on epoll, at most --workers transfers in flight.
#include "io_program.hpp"
#include "multi_fetch.hpp"

int main(int argc, char** argv) {
  return bb::io::run_io_program(
      argc, argv,
      {.name = "io_multi",
       .description = "io_multi: fetch the requests on one thread with curl_multi_socket_action and epoll, "
                      "at most --workers transfers in flight",
       .model = bb::io::Model::multi,
       .default_workers = 100,
       .fetch_all = bb::io::fetch_with_multi});
}
