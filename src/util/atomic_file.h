// Reading input files and writing output files safely.
//
// Output (--output FILE), what the careful tools do:
//  - A regular file is replaced atomically: written to a temporary file in the same directory,
//    flushed, then renamed over the target, so a reader never sees half a file. The target's
//    permission bits are kept (0600 stays 0600), and its owner and group where allowed; a new
//    file gets 0666 less the umask, as the shell's `>` would give it.
//  - A symbolic link is followed, like the shell's `>`: the file it points to is replaced and the
//    link stays. A dangling link is refused (its target would be created wherever it points).
//  - A character device or a FIFO is written through, never replaced: `-o /dev/null` discards
//    the output and /dev/null stays a device, `-o /dev/stdout` works. A FIFO with no reader is
//    refused instead of waited for.
//  - A path that names this process's open descriptor (/dev/stdout, /dev/stderr, /dev/fd/N,
//    /proc/self/fd/N, or a link leading to one) is written through that descriptor from where it
//    stands, whatever it is open on: `-o /dev/stdout >> log` appends to log, as the shell asked.
//  - A directory, a block device or a socket is refused.
//  - A regular file with more than one hard link is refused: replacing it would silently split
//    the links (the other names would keep the old content).
//  - A read-only file (no write bit, or not writable by this user) is refused, as the shell's
//    `>` refuses it, instead of being replaced through its directory.
//  - A file this process read as an input (the same device and inode) is refused.
//  - The temporary file is removed on every failure and on SIGINT, SIGTERM, SIGHUP and SIGPIPE
//    (InstallTempFileCleanup); a file-size limit (SIGXFSZ) makes the write fail with a message.
//
// Input (ReadFile): only regular files are read; a FIFO, a device or a directory is refused
// without ever blocking (opened with O_NONBLOCK, checked with fstat), and every read is bounded.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gpufleet {

// Checks everything about `path` as an output that can be known before writing it (see above;
// all but "one of the inputs"). Throws InputError naming the path. "" and "-" (stdout) pass.
void CheckOutputPath(const std::string& path);

// Writes `contents` to `path` following the rules above. Throws InputError (naming the path)
// when refused or when writing fails; the target is then untouched and no temporary file is left.
void WriteFileAtomic(const std::string& path, std::string_view contents);

// Writes `contents` to standard output (after flushing std::cout). Throws InputError naming
// <stdout> when the write fails: a full disk, a closed stdout, a file-size limit.
void WriteStdout(std::string_view contents);

// Reads a whole regular file. Throws InputError naming the path when it cannot be read, is not a
// regular file (a FIFO or a device would block or never end) or is larger than `max_bytes`
// (default 64 MiB), so a hostile input can neither block nor exhaust memory. The file is
// remembered as an input, which WriteFileAtomic then refuses to overwrite.
std::string ReadFile(const std::string& path, size_t max_bytes = 64u << 20);

// Remembers the file at `path` (when it exists) as one of this command's inputs, as ReadFile
// does, so that WriteFileAtomic refuses to replace it: for inputs read some other way (a SQLite
// ledger: `gpufleet ledger --db L -o L` replaced the ledger with its own listing). A file that
// changes after this (a ledger a record is added to) is to be noted again.
void NoteInput(const std::string& path);

// The most a text file people write may hold (a scenario, a claims file, an article): 4 MiB, a
// book's text. A 40 MB claims file took 1.45 GB and minutes to check.
inline constexpr size_t kMaxTextFileBytes = 4u << 20;

// Like ReadFile, without throwing: nullopt, with *error set to an errno value (EINVAL for not a
// regular file, EFBIG for too large), when the file cannot be read. For sysfs-style files, whose
// stated size means nothing: the read stops at end of file or after max_bytes.
std::optional<std::string> TryReadFile(const std::string& path, size_t max_bytes, int* error);

// Installs handlers (only where the disposition is still the default) that remove every
// temporary output file in flight on SIGINT, SIGTERM, SIGHUP and SIGPIPE, then die of the signal
// as before; and one for SIGXFSZ that lets the failing write return EFBIG instead of killing the
// process. The handlers use only async-signal-safe calls. Called once by main().
void InstallTempFileCleanup();

// For tests only: `hook` is called with the temporary file's path once it is written, before it
// is renamed (to raise a signal at that point, deterministically). nullptr: none.
void SetTempWrittenHookForTesting(void (*hook)(const std::string& tmp));

}  // namespace gpufleet
