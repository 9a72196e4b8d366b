// Writing output files so that a reader never sees half a file: write to a temporary file in the
// same directory, flush, then rename over the target.
#pragma once

#include <string>
#include <string_view>

namespace gpufleet {

// Writes `contents` to `path` atomically. Throws InputError (naming the path) when the directory
// is missing or not writable; the target is then untouched and no temporary file is left.
void WriteFileAtomic(const std::string& path, std::string_view contents);

// Reads a whole file. Throws InputError naming the path when it cannot be read or is larger than
// `max_bytes` (default 64 MiB), so a hostile input cannot exhaust memory.
std::string ReadFile(const std::string& path, size_t max_bytes = 64u << 20);

}  // namespace gpufleet
