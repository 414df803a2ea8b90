# Export tests that need outside programs (issue 7). Each exits 77 when its tool is missing,
# which ctest reports as skipped (SKIP_RETURN_CODE).
#  export.roundtrip_examples: GraphML/GEXF of the examples through NetworkX, igraph and lxml
#    (python3-networkx, python3-igraph, python3-lxml); export.roundtrip_examples_shared adds
#    ../shared's check_graphml.py and the GEXF 1.3 schema.
#  browser.html_report: the HTML report in headless Chromium (Debian chromium); label
#    `browser`, screenshots and DOM dumps in <build>/tests/browser-output/.
set(exe $<TARGET_FILE:entente_cli>)
set(examples ${PROJECT_SOURCE_DIR}/examples/stories)

add_test(NAME export.roundtrip_examples
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/export/roundtrip.py ${exe} ${examples} -)
set_tests_properties(export.roundtrip_examples PROPERTIES LABELS "cli;export" SKIP_RETURN_CODE 77
                     TIMEOUT 300)
# The same with the GraphML checker and the GEXF schema of ../shared (skipped without them).
add_test(NAME export.roundtrip_examples_shared
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/export/roundtrip.py ${exe} ${examples}
                 ${PROJECT_SOURCE_DIR}/../shared/eval/graphml)
set_tests_properties(export.roundtrip_examples_shared PROPERTIES LABELS "cli;export"
                     SKIP_RETURN_CODE 77 TIMEOUT 300)

add_test(NAME browser.html_report
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/browser/html_report.sh ${exe} ${examples}
                 ${CMAKE_CURRENT_BINARY_DIR}/browser-output)
set_tests_properties(browser.html_report PROPERTIES LABELS browser SKIP_RETURN_CODE 77 TIMEOUT 300)

# Usage errors of the HTML options (checked before the store is opened).
if(COMMAND cli_test)
  cli_test(export_html_bad_by 64 "" "--by: .*fortnight" export --format html --by fortnight)
  cli_test(export_html_bad_max_nodes 64 "" "--max-nodes must be at least 1" export --format html
           --max-nodes 0)
  cli_test(export_bad_format 64 "" "--format: .*graphml, gexf, json, csv, dot, html, icews, phoenix, gdelt or neo4j" export
           --format xlsx)
endif()

# ICEWS, Phoenix, GDELT and Neo4j exports of the examples checked column by column (issue 17
# item 4): against the project's copy of the column names, and against ../shared's reference
# table when it exists (skipped otherwise, never passed).
add_test(NAME export.datasets_fixture
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/export/datasets.py ${exe} ${examples}
                 ${CMAKE_CURRENT_SOURCE_DIR}/data/fixtures/export/dataset_columns.tsv)
set_tests_properties(export.datasets_fixture PROPERTIES LABELS "cli;export" TIMEOUT 300)
add_test(NAME export.datasets_reference
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/export/datasets.py ${exe} ${examples}
                 ${PROJECT_SOURCE_DIR}/../shared/reference/event_output_formats.tsv
                 --skip-if-missing)
set_tests_properties(export.datasets_reference PROPERTIES LABELS "cli;export" SKIP_RETURN_CODE 77
                     TIMEOUT 300)
if(COMMAND cli_test)
  cli_test(export_dataset_dyads 64 "" "--graph dyads: the gdelt export has one row per event" export
           --format gdelt --graph dyads)
  cli_test(export_neo4j_needs_output 64 "" "--format neo4j writes two files: give -o FILE" export
           --format neo4j)
endif()
