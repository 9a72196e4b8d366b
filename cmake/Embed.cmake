# gpufleet_embed(NAME OUTPUT BASE dir FILES f...)
# Generates OUTPUT, a C++ file defining gpufleet::assets::All(): every file's path relative to
# BASE and its bytes. Regenerated when any input changes, so the binary never reads data/ at run
# time unless --catalog says so.
function(gpufleet_embed name output)
  cmake_parse_arguments(E "" "BASE" "FILES" ${ARGN})
  # '|' instead of ';' so the list survives the shell as one argument.
  string(REPLACE ";" "|" files_arg "${E_FILES}")
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DOUT=${output} -DBASE=${E_BASE} "-DFILES=${files_arg}"
            -P ${PROJECT_SOURCE_DIR}/cmake/EmbedScript.cmake
    DEPENDS ${E_FILES} ${PROJECT_SOURCE_DIR}/cmake/EmbedScript.cmake
    COMMENT "Embedding ${name}"
    VERBATIM)
endfunction()
