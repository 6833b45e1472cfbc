// Loopback sockets for the probes, CSV splitting for the rows, temp files for URL lists.
#include "io_test_support.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace bb::io::testing {

namespace {

sockaddr_in loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

int bound_port(int fd) {
  sockaddr_in address{};
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  return ntohs(address.sin_port);
}

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      fields.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

}  // namespace

int target_port() { return BB_TARGET_PORT; }

bool target_answers() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const sockaddr_in address = loopback(target_port());
  const bool answers = connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return answers;
}

std::string target_url(const std::string& path) {
  return "http://127.0.0.1:" + std::to_string(target_port()) + path;
}

std::string program_path(const std::string& name) { return std::string(BB_IO_BIN_DIR) + "/" + name; }

Completed run_io(const std::string& program, const std::vector<std::string>& arguments, double deadline_s) {
  std::vector<std::string> argv = {program_path(program)};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  return run_program(argv, deadline_s);
}

std::vector<std::string> csv_header(const std::string& out) {
  std::istringstream lines(out);
  std::string line;
  if (!std::getline(lines, line)) return {};
  return split_csv_line(line);
}

std::vector<std::map<std::string, std::string>> csv_rows(const std::string& out) {
  std::istringstream lines(out);
  std::string line;
  std::vector<std::map<std::string, std::string>> rows;
  if (!std::getline(lines, line)) return rows;
  const auto header = split_csv_line(line);
  while (std::getline(lines, line)) {
    const auto fields = split_csv_line(line);
    if (fields.size() != header.size()) throw std::runtime_error("CSV row with " + std::to_string(fields.size()) +
                                                                 " fields under a header of " +
                                                                 std::to_string(header.size()));
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < header.size(); ++i) row[header[i]] = fields[i];
    rows.push_back(std::move(row));
  }
  return rows;
}

long long body_length_by_socket(const std::string& path) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const sockaddr_in address = loopback(target_port());
  if (connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    throw std::runtime_error("cannot connect to the target");
  }
  // HTTP/1.0 without keep-alive: the body is everything after the headers, up to EOF.
  const std::string request = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
  if (write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size())) {
    close(fd);
    throw std::runtime_error("cannot send to the target");
  }
  std::string response;
  char buffer[65536];
  ssize_t got = 0;
  while ((got = read(fd, buffer, sizeof buffer)) > 0) response.append(buffer, static_cast<std::size_t>(got));
  close(fd);
  const auto end_of_headers = response.find("\r\n\r\n");
  if (end_of_headers == std::string::npos) throw std::runtime_error("no HTTP response from the target");
  return static_cast<long long>(response.size() - end_of_headers - 4);
}

ConnectionWitness::ConnectionWitness() : fd_(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)) {
  const sockaddr_in address = loopback(0);
  if (bind(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 || listen(fd_, 16) != 0) {
    throw std::runtime_error("cannot listen on loopback");
  }
  port_ = bound_port(fd_);
}

ConnectionWitness::~ConnectionWitness() { close(fd_); }

std::string ConnectionWitness::url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/fast"; }

bool ConnectionWitness::contacted() const {
  const int accepted = accept(fd_, nullptr, nullptr);
  if (accepted < 0) return false;
  close(accepted);
  return true;
}

int closed_port() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const sockaddr_in address = loopback(0);
  bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
  const int port = bound_port(fd);
  close(fd);
  return port;
}

TempFile::TempFile(const std::string& content) {
  char name[] = "/tmp/bb_io_test_XXXXXX";
  const int fd = mkstemp(name);
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  path_ = name;
  if (write(fd, content.data(), content.size()) != static_cast<ssize_t>(content.size())) {
    close(fd);
    throw std::runtime_error("cannot write " + path_);
  }
  close(fd);
}

TempFile::~TempFile() { unlink(path_.c_str()); }

std::vector<std::string> with(std::vector<std::string> arguments, const std::vector<std::string>& more) {
  arguments.insert(arguments.end(), more.begin(), more.end());
  return arguments;
}

std::string report(const Completed& run) {
  return "exit " + std::to_string(run.exit_code) + (run.timed_out ? " (timed out)" : "") + "\n--- stdout ---\n" +
         run.out + "--- stderr ---\n" + run.err;
}

long long number(const std::map<std::string, std::string>& row, const std::string& column) {
  return std::stoll(row.at(column));
}

}  // namespace bb::io::testing
