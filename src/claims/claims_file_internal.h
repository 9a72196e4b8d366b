// Pieces of the claims-file parser shared with the checker. Internal to src/claims.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "gpufleet/catalog.h"
#include "gpufleet/claims.h"
#include "gpufleet/error.h"

namespace gpufleet::claims {

// "10 bn", "3,740", "350k", "1.5e9", "10 miliardi" (the number in English/TOML style: '.' is
// the decimal point, ',' and '_' group digits). nullopt when malformed.
std::optional<double> ParseScaledValue(std::string_view text);

// "energy_gpus_kwh / catalog:reference/lombardy-electricity-2023/energy_kwh": terms separated
// by " * " or " / ". Throws InputError (at `where`) on a malformed expression or a term that
// names no known output, input or catalog entry.
QuantityExpr ParseQuantity(std::string_view text, const Catalog& catalog, const Where& where);

// Whether `name` is a fleet output, and the list of them (for messages).
bool IsOutputName(const std::string& name);
std::string OutputNamesList();

// A solve variable is an input name or a catalog reference "catalog:kind/id/key".
bool IsCatalogRef(std::string_view s);
// Splits "catalog:kind/id/key"; false when malformed.
bool SplitCatalogRef(std::string_view s, std::string& kind, std::string& id, std::string& key);

}  // namespace gpufleet::claims
