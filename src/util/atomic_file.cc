#include "util/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "gpufleet/error.h"

namespace gpufleet {

void WriteFileAtomic(const std::string& path, std::string_view contents) {
  std::string tmp = path + ".tmp.XXXXXX";
  int fd = mkstemp(tmp.data());
  if (fd < 0) {
    throw InputError(Where{path, 0, ""}, std::string("cannot write: ") + std::strerror(errno));
  }
  size_t done = 0;
  while (done < contents.size()) {
    ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      throw InputError(Where{path, 0, ""}, std::string("cannot write: ") + std::strerror(e));
    }
    done += static_cast<size_t>(n);
  }
  ::fchmod(fd, 0644);
  if (::fsync(fd) != 0 || ::close(fd) != 0 || std::rename(tmp.c_str(), path.c_str()) != 0) {
    int e = errno;
    ::unlink(tmp.c_str());
    throw InputError(Where{path, 0, ""}, std::string("cannot write: ") + std::strerror(e));
  }
}

std::string ReadFile(const std::string& path, size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(Where{path, 0, ""}, std::string("cannot read: ") + std::strerror(errno));
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  if (size < 0) throw InputError(Where{path, 0, ""}, "cannot read: not a regular file");
  if (static_cast<size_t>(size) > max_bytes) {
    throw InputError(Where{path, 0, ""}, "file is larger than " + std::to_string(max_bytes) + " bytes");
  }
  in.seekg(0);
  std::string data(static_cast<size_t>(size), '\0');
  in.read(data.data(), size);
  if (!in) throw InputError(Where{path, 0, ""}, "cannot read: short read");
  return data;
}

}  // namespace gpufleet
