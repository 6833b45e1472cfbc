// Registers the I/O options, then builds the request list, notes proxy variables and checks the open-file budget.
#include "io_options.hpp"

#include <cmath>
#include <cstdlib>

#include "available_memory.hpp"
#include "cli.hpp"
#include "fetch_record.hpp"
#include "loop_options.hpp"
#include "open_file_limit.hpp"
#include "usage_error.hpp"

namespace bb::io {

namespace {

constexpr long long kDefaultRequests = 100;
constexpr long long kMostRequests = 100'000'000;
constexpr double kLongestTimeout = 86'400;

// CLI::Range lets "nan" through; a timeout must be a real, positive number of seconds.
std::string seconds_problem(const std::string& text) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0' || !std::isfinite(value) || value <= 0 || value > kLongestTimeout) {
    return "'" + text + "' is not a number of seconds in (0, 86400]";
  }
  return {};
}

// Descriptors per worker beyond its one connection: io_threads' handles each keep their own
// internal multi handle with a wake-up socket pair, and libcurl's threaded resolver opens a
// socket pair per name lookup in flight (IP literals and "localhost" need none).
DescriptorNeed descriptor_need(Model model, bool resolves_names) {
  DescriptorNeed need;
  need.per_worker = 1 + (runs_event_loops(model) ? 0 : 2) + (resolves_names ? 2 : 0);
  return need;
}

// The variables libcurl consults for a proxy (it ignores upper-case HTTP_PROXY by design).
bool proxy_variables_set() {
  for (const char* name : {"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}) {
    const char* value = std::getenv(name);
    if (value && *value) return true;
  }
  return false;
}

// Each request keeps its record for the whole run, and the totals sort a copy of the latencies.
void check_request_memory(std::size_t requests) {
  const double needed = static_cast<double>(requests) * (sizeof(FetchRecord) + 2 * sizeof(double));
  const double available = static_cast<double>(available_memory_bytes());
  if (needed > available) {
    throw UsageError("--requests", std::to_string(requests) + " requests need an estimated " + human_bytes(needed) +
                                       " for their records, but only " + human_bytes(available) +
                                       " is available; use fewer --requests");
  }
}

}  // namespace

void add_io_options(CLI::App& app, IoOptions& options, Model model) {
  auto* url = app.add_option("--url", options.url, "Fetch this http(s) URL --requests times")->type_name("URL");
  auto* urls = app.add_option("--urls", options.urls_file,
                              "Fetch the URLs in FILE (one per line, # comments); with --requests, cycle through "
                              "them up to that many requests")
                   ->type_name("FILE");
  url->excludes(urls);
  app.add_option("--requests", options.requests,
                 "Number of requests (default 100 with --url; the file's URL count with --urls)")
      ->transform(decimal())
      ->check(CLI::Range(1LL, kMostRequests));
  const char* workers_help = model == Model::seq      ? "Transfers at a time (io_seq: always 1)"
                             : model == Model::threads ? "Threads, each with its own blocking easy handle"
                             : model == Model::multi   ? "Transfers in flight at most, spread over the --loops"
                                                       : "Transfers in flight at most per rank, spread over its --loops";
  app.add_option("--workers", options.workers, workers_help)
      ->transform(decimal())
      ->check(CLI::Range(1, 10'000'000))
      ->capture_default_str();
  app.add_option("--timeout", options.transfer.timeout_s, "Seconds a whole request may take, connect included")
      ->check(seconds_problem, "SECONDS")
      ->capture_default_str();
  app.add_option("--connect-timeout", options.transfer.connect_timeout_s, "Seconds a connection may take to open")
      ->check(seconds_problem, "SECONDS")
      ->capture_default_str();
  app.add_flag("--fresh-connections", options.transfer.fresh_connections,
               "Open a new connection for every request and close it after (a client without a session)");
  app.add_flag("--http2", options.transfer.http2,
               "Speak HTTP/2: prior knowledge on http:// (h2c), ALPN on https://; a transfer made over another "
               "version fails");
  add_loop_options(app, options, model);
}

void finish_io_options(IoOptions& options, Model model) {
  if (model == Model::seq && options.workers != 1) {
    throw UsageError("--workers", "io_seq runs one request at a time; use io_threads or io_multi for more workers");
  }
  if (!options.urls_file.empty()) {
    options.request_list = requests_from_file(
        options.urls_file,
        options.requests > 0 ? std::optional<std::size_t>(static_cast<std::size_t>(options.requests)) : std::nullopt);
  } else if (!options.url.empty()) {
    options.request_list = requests_to_one_url(
        options.url, static_cast<std::size_t>(options.requests > 0 ? options.requests : kDefaultRequests));
  } else {
    throw UsageError("--url", "say what to fetch: --url URL [--requests N] or --urls FILE");
  }
  check_request_memory(options.request_list.count);
  options.transfer.proxy_from_environment = proxy_variables_set();
  options.open_file_limit = raise_open_file_limit();
  finish_loop_options(options, model);
  DescriptorNeed need = descriptor_need(model, resolves_names(options.request_list));
  need.spare += loop_descriptors(options, model);
  check_open_file_budget(options.workers, need, options.open_file_limit);
}

}  // namespace bb::io
