// Making echoed input harmless on a terminal (see EscapeControls in gpufleet/error.h).
#pragma once

#include <string>
#include <string_view>

namespace gpufleet {

// EscapeControls for a multi-line text output: line breaks and tabs are kept, every other
// control character (ESC, CR, BEL, backspace, the C1 controls, ...) is made visible.
std::string EscapeControlsKeepingLines(std::string_view text);

}  // namespace gpufleet
