// Fills a memory row in schema order, counts bytes the STREAM way, and names the binding in effect.
#include "mem_report.hpp"

#include <omp.h>

#include <cstdio>
#include <cstdlib>

#include "metadata.hpp"

namespace bb::mem {

const std::vector<std::string>& mem_columns() {
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> names = {"suite",         "impl",         "workers",       "ranks",      "threads",
                                      "repeat",        "kernel",       "size_bytes",    "array_bytes", "wall_s",
                                      "gb_per_s",      "ns_per_access", "verified",     "omp_proc_bind",
                                      "omp_places",    "mpi_bind",     "llc_bytes"};
    for (const auto& name : metadata_columns()) names.push_back(name);
    for (const char* name : {"openmp_version", "mpi_version"}) names.emplace_back(name);
    return names;
  }();
  return columns;
}

double gb_per_s(const Footprint& footprint, Kernel kernel, double wall_s) {
  const double bytes = static_cast<double>(footprint.elements) *
                       counted_bytes_per_element(kernel, footprint.index_bytes);
  return wall_s > 0 ? bytes / wall_s / 1e9 : 0;
}

double ns_per_access(const Footprint& footprint, double wall_s) {
  return wall_s * 1e9 / static_cast<double>(footprint.elements);
}

CsvRow mem_row(const MemSetup& setup, int repeat, const PassResult& pass) {
  CsvRow row(mem_columns());
  row.set("suite", "mem")
      .set("impl", setup.impl)
      .set("workers", setup.ranks * setup.threads)
      .set("ranks", setup.ranks)
      .set("threads", setup.threads)
      .set("repeat", repeat)
      .set("kernel", kernel_name(pass.kernel))
      .set("size_bytes", std::to_string(setup.footprint.size_bytes()))
      .set("array_bytes", std::to_string(setup.footprint.array_bytes()))
      .set("wall_s", pass.wall_s)
      .set("gb_per_s", gb_per_s(setup.footprint, pass.kernel, pass.wall_s))
      .set("ns_per_access",
           pass.kernel == Kernel::gather ? format_number(ns_per_access(setup.footprint, pass.wall_s)) : "")
      .set("verified", pass.verified ? "yes" : "no")
      .set("omp_proc_bind", setup.omp_proc_bind)
      .set("omp_places", setup.omp_places)
      .set("mpi_bind", setup.mpi_bind)
      .set("llc_bytes", std::to_string(setup.llc_bytes));
  set_metadata(row);
  row.set("openmp_version", setup.openmp_version).set("mpi_version", setup.mpi_version);
  return row;
}

std::string omp_proc_bind_name() {
  switch (omp_get_proc_bind()) {
    case omp_proc_bind_false: return "false";
    case omp_proc_bind_true: return "true";
    case omp_proc_bind_master: return "primary";
    case omp_proc_bind_close: return "close";
    case omp_proc_bind_spread: return "spread";
  }
  return "unknown";
}

std::string omp_places_setting() {
  const char* places = std::getenv("OMP_PLACES");
  return places != nullptr ? places : "unset";
}

std::string mem_label(const MemSetup& setup) {
  std::string text = setup.impl;
  if (setup.ranks * setup.threads > 1) text += " workers=" + std::to_string(setup.ranks * setup.threads);
  if (setup.ranks > 1 && setup.threads > 1) {
    text += " (" + std::to_string(setup.ranks) + "x" + std::to_string(setup.threads) + ")";
  }
  return text;
}

std::string passes_text(const Footprint& footprint, const std::vector<PassResult>& passes) {
  std::string text;
  for (const PassResult& pass : passes) {
    char buffer[96];
    std::snprintf(buffer, sizeof buffer, "%s%s %.4g GB/s", text.empty() ? "" : ", ", kernel_name(pass.kernel).c_str(),
                  gb_per_s(footprint, pass.kernel, pass.wall_s));
    text += buffer;
    if (pass.kernel == Kernel::gather) {
      std::snprintf(buffer, sizeof buffer, " %.4g ns/access", ns_per_access(footprint, pass.wall_s));
      text += buffer;
    }
  }
  return text;
}

}  // namespace bb::mem
