// The Python module `gpufleet` (pybind11), a front end like the CLI and the HTTP API: it sits on
// top of every layer (core, measure, serve) and nothing includes it (docs/architecture.md).
//
// One file per area, each with one Bind function called by module.cc:
//   bind_figure.cc    gpufleet.InputError, gpufleet.Figure, gpufleet.Result
//   bind_commands.cc  fleet, train, sweep, infer, report, check, catalog, inputs
//   bind_monitor.cc   Monitor, Window, measurement windows (monitor.h)
// A new area (e.g. bind_monitor.cc with BindMonitor) adds its file here, its declaration below and
// one line in module.cc; CMake globs python/*.cc.
//
// Contract shared by every binding: bad input raises gpufleet.InputError (a ValueError) naming
// the keyword argument (`field`), with `file`/`line` when it came from a file. C++ code throws
// gpufleet::InputError and the translator registered by BindFigure does the rest. Figures reach
// Python as gpufleet.Figure (MakeFigure), whole result documents as gpufleet.Result (MakeResult).
#pragma once

#include <pybind11/pybind11.h>

#include <initializer_list>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "gpufleet/figure.h"

namespace gpufleet::python {

namespace py = pybind11;

void BindFigure(py::module_& m);    // InputError, Figure, Result; the InputError translator
void BindCommands(py::module_& m);  // fleet, train, sweep, infer, report, check, catalog, inputs
void BindMonitor(py::module_& m);   // Monitor, Window (bind_monitor.cc; after BindFigure)

// A gpufleet.Figure of `f`, named `name` (the result's key) with `label` (words for people).
py::object MakeFigure(const Figure& f, std::string name = {}, std::string label = {});
// A gpufleet.Figure from the Figure JSON shape (figure.h): null bounds (non-finite) read as
// -inf/+inf; a null value without "why" as absent ("not a finite number").
py::object FigureFromJsonShape(const nlohmann::json& j, std::string name = {});
// A gpufleet.Result over result document `doc` of `command` ("fleet", "train" ...).
py::object MakeResult(std::string command, nlohmann::json doc);
// When `v` is a gpufleet.Figure: its range as input text, "low..value..high" (exact; a point as
// its value alone), a time converted from the figure's unit to `input_unit` (s, min, h, d, w,
// years), so a result can be passed back as an input; nullopt for anything else. Throws
// InputError naming `field` when the figure is absent.
std::optional<std::string> FigureAsInputText(py::handle v, const std::string& field,
                                             std::string_view input_unit);
// JSON -> plain Python objects (dict, list, str, float, int, bool, None).
py::object ToPython(const nlohmann::json& j);
// A str as UTF-8; InputError naming `field` when it holds a lone surrogate (UTF-8 cannot).
std::string Utf8(const std::string& field, py::handle v);
// The name of `v`'s type, as Python prints it ("int", "float64", "NoneType").
std::string TypeName(py::handle v);
// A str argument as UTF-8: InputError naming `field` ("must be a str, got int") for any other
// type, or a str holding a lone surrogate.
std::string StrArg(const std::string& field, py::handle v);
// A number argument: int, float or any type with __index__ or __float__ (numpy's numbers, a
// Fraction), an integer type read through int(). Never a boolean (numpy.bool_ either), a str,
// bytes or a gpufleet.Figure (its range would be lost): InputError naming `field`, as for an
// int too large for a double.
double NumberArg(const std::string& field, py::handle v);
// The arguments of `function`, whose parameters are `params` (each positional or keyword), as
// Python binds them, one object each (None when not given). An unknown keyword, or one given
// both by place and by name, is an InputError naming it (pybind11's own binding raised
// TypeError); more positional arguments than parameters stay Python's TypeError.
std::vector<py::object> BindArgs(const char* function, const py::args& args,
                                 const py::kwargs& kwargs,
                                 std::initializer_list<const char*> params);
// A path argument (str or os.PathLike) as UTF-8; InputError naming `field` for anything else,
// an empty path (saying to give a `what`: "file" or "directory") or one holding a NUL byte.
std::string PathText(const std::string& field, py::handle v, const char* what = "file");

}  // namespace gpufleet::python
