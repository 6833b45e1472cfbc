# bb_add_model(): the one CMake line that adds a model executable and lists it in build/models.list.
#
#   bb_add_model(NAME SOURCE LINK LIBRARY [NEEDS_MPI] [TEST])
# NEEDS_MPI skips the model in builds without MPI; TEST builds it for the tests only, unlisted, so
# studies and Slurm jobs (which run every listed model) leave it out.
function(bb_add_model name source)
  cmake_parse_arguments(MODEL "NEEDS_MPI;TEST" "LINK" "" ${ARGN})
  if(MODEL_NEEDS_MPI AND NOT BB_WITH_MPI)
    message(STATUS "${name} is not built: it needs MPI (install libopenmpi-dev with scripts/deps.sh)")
    return()
  endif()
  add_executable(${name} ${source})
  target_link_libraries(${name} PRIVATE ${MODEL_LINK})
  if(NOT MODEL_TEST)
    set_property(GLOBAL APPEND PROPERTY BB_MODELS ${name})
  endif()
endfunction()

# Writes build/models.list: NAME<TAB>PATH per listed model, for the scripts that run every model.
function(bb_write_model_list)
  get_property(models GLOBAL PROPERTY BB_MODELS)
  set(lines "")
  foreach(model IN LISTS models)
    string(APPEND lines "${model}\t$<TARGET_FILE:${model}>\n")
  endforeach()
  file(GENERATE OUTPUT ${CMAKE_BINARY_DIR}/models.list CONTENT "${lines}")
endfunction()
