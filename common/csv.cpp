// Tidy CSV output: escaping, number formatting, header and row printing.
#include "csv.hpp"

#include <cstdio>
#include <stdexcept>

namespace bb {

std::string csv_escape(const std::string& field) {
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string quoted = "\"";
  for (char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::string format_number(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.9g", value);
  return buffer;
}

CsvRow& CsvRow::set(const std::string& column, const std::string& value) {
  const std::size_t position = values_.size();
  if (position >= columns_->size() || (*columns_)[position] != column) {
    throw std::logic_error("CSV column '" + column + "' set out of schema order");
  }
  values_.push_back(value);
  return *this;
}

namespace {

void append_field(std::string& line, const std::string& field) {
  if (!line.empty()) line += ',';
  line += field;
}

}  // namespace

void print_csv_header(std::ostream& out, const std::vector<std::string>& columns, const Params& params) {
  std::string line;
  for (const auto& column : columns) append_field(line, column);
  for (const auto& param : params) append_field(line, param.first);
  out << line << '\n';
}

void print_csv_row(std::ostream& out, const CsvRow& row, const Params& params) {
  if (!row.complete()) throw std::logic_error("CSV row printed before every column was set");
  std::string line;
  for (const auto& value : row.values()) append_field(line, csv_escape(value));
  for (const auto& param : params) append_field(line, csv_escape(param.second));
  // One write per row, flushed, so an interrupted run never leaves half a line behind.
  out << line << '\n' << std::flush;
}

}  // namespace bb
