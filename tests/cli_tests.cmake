# Command-line tests: each runs the entente binary and checks its exit code, stdout and stderr
# (tests/cli/check.sh). Inputs live in tests/data/cli/ and examples/.
set(check ${CMAKE_CURRENT_SOURCE_DIR}/cli/check.sh)
set(cli_data ${CMAKE_CURRENT_SOURCE_DIR}/data/cli)
set(examples ${PROJECT_SOURCE_DIR}/examples/stories)
set(exe $<TARGET_FILE:entente_cli>)

function(cli_test name code out_re err_re)
  add_test(NAME cli.${name} COMMAND bash ${check} ${code} "${out_re}" "${err_re}" -- ${exe} ${ARGN})
  set_tests_properties(cli.${name} PROPERTIES LABELS cli)
endfunction()

cli_test(help 0 "extract" "" --help)
foreach(cmd sentences time annotate extract ingest timeline path neighbors stats export validate-data
            actors parse train-parser)
  cli_test(help_${cmd} 0 "Usage|Options" "" ${cmd} --help)
endforeach()
cli_test(version 0 "entente 0\\." "" --version)
cli_test(unknown_command 64 "" "" frobnicate)
cli_test(validate_builtin_data 0 "^ok: [0-9]+ data files valid" "" validate-data)
# `entente actors`: what the lexicon covers, per kind and per decade (issue 14 item 6).
cli_test(actors_table 0 "^1980s +[1-9][0-9]* +[0-9]+ +[0-9]+$" "" actors)
cli_test(actors_json 0 "^\\{\"kinds\":\\[\\{\"kind\":\"country\",\"entries\":[0-9]+.*\"decade\":1990,\"people\":[0-9]+" ""
         actors --json)
cli_test(actors_user_lexicon 0 "\"kind\":\"person\",\"entries\":[0-9]+" "" --lexicon
         ${CMAKE_CURRENT_SOURCE_DIR}/data/fixtures/match/extra/actors-extra.json actors --json)
cli_test(actors_bad_data 78 "" "actors\\.json#/entries/1/code: error: place code \"AAAGOV\""
         --data-dir ${CMAKE_CURRENT_SOURCE_DIR}/data/fixtures/match/bad/place_code actors)
cli_test(actors_bad_flag 64 "" "--frob" actors --frob)
cli_test(missing_file 66 "" "nope\\.txt: error: no such file or folder" extract ${cli_data}/nope.txt)
cli_test(broken_jsonl_line 65 "\"doc\":\\{\"id\":\"good-2\"" "broken\\.jsonl:2: error: broken JSON"
         extract ${cli_data}/broken.jsonl)
cli_test(invalid_utf8 65 "" "bad-utf8\\.txt:2:7: error: invalid UTF-8" extract ${cli_data}/bad-utf8.txt)
cli_test(impossible_date 65 "" "impossible-date\\.jsonl:1: error: .*\"2023-02-30\" is not a calendar date"
         extract ${cli_data}/impossible-date.jsonl)
cli_test(bad_dct 64 "" "--dct: .*\"2023-13-01\"" extract --dct 2023-13-01 ${cli_data}/broken.jsonl)
cli_test(extract_examples 0 "\"code\":\"[0-9]+\"" "" extract ${examples} --dct 2023-06-02 -j 2)
cli_test(time_text 0 "\"value\":\"2023-08-28\"" "" time --dct 2023-08-29 --text "the ministers met on Monday")
cli_test(annotate_text 0 "\"actors\":\\[\\{" "" annotate --dct 2023-08-29
         --text "Chinese Premier Li Qiang met U.S. Commerce Secretary Gina Raimondo on Tuesday.")
cli_test(parse_text 0 "^2[[:space:]]ministers[[:space:]]minister[[:space:]]NOUN[[:space:]]NNS[[:space:]]_[[:space:]]3[[:space:]]nsubj" "" parse ${cli_data}/two-sentences.txt)
cli_test(parse_json 0 "\"deprel\":\"root\"" "" parse --format json ${cli_data}/two-sentences.txt)
cli_test(parse_conllu_input 0 "^3[[:space:]]met[[:space:]]meet[[:space:]]VERB[[:space:]]VBD[[:space:]]_[[:space:]]0[[:space:]]root" "" parse --input conllu
         ${CMAKE_CURRENT_SOURCE_DIR}/data/fixtures/tiny.conllu)
cli_test(parse_corrupt_model 78 "" "two-sentences\\.txt: error: parser model is not an entente parser model"
         parse --model ${cli_data}/two-sentences.txt ${cli_data}/two-sentences.txt)
cli_test(parse_missing_model 66 "" "cannot open parser model" parse --model ${cli_data}/nope.model
         ${cli_data}/two-sentences.txt)
cli_test(sentences_stdin_empty 0 "" "" sentences ${cli_data}/two-sentences.txt)

# Same input, same output: -j 1 and -j 2 give byte-identical events.
add_test(NAME cli.extract_parallel_identical COMMAND bash -c
  "diff <(${exe} extract ${examples} --dct 2023-06-02 -j 1) <(${exe} extract ${examples} --dct 2023-06-02 -j 2)")
set_tests_properties(cli.extract_parallel_identical PROPERTIES LABELS cli)

# The events of the examples match the reviewed golden file (scripts/update_golden.sh).
add_test(NAME cli.golden_examples COMMAND bash -c
  "diff -u ${CMAKE_CURRENT_SOURCE_DIR}/data/golden/examples.events.jsonl <(${exe} extract ${examples} --dct 2023-06-02 -j 2)")
set_tests_properties(cli.golden_examples PROPERTIES LABELS cli)

# No clock, time zone or locale leaks into results.
add_test(NAME cli.extract_tz_locale_identical COMMAND bash -c
  "diff <(TZ=UTC LC_ALL=C ${exe} extract ${examples} --dct 2023-06-02 -j 1) <(TZ=Pacific/Kiritimati LC_ALL=de_DE.UTF-8 LANG=de_DE.UTF-8 ${exe} extract ${examples} --dct 2023-06-02 -j 2)")
set_tests_properties(cli.extract_tz_locale_identical PROPERTIES LABELS cli)

# Ingest, then re-ingest: the second run changes nothing; queries and export work.
add_test(NAME cli.ingest_idempotent COMMAND bash -c
  "set -e; d=$(mktemp -d); trap 'rm -rf $d' EXIT
   ${exe} ingest ${examples} --dct 2023-06-02 --store $d/s.db -q
   ${exe} stats --store $d/s.db --format json > $d/a.json
   ${exe} ingest ${examples} --dct 2023-06-02 --store $d/s.db 2> $d/err.txt
   grep -q '(0 added' $d/err.txt
   ${exe} stats --store $d/s.db --format json > $d/b.json
   diff $d/a.json $d/b.json")
set_tests_properties(cli.ingest_idempotent PROPERTIES LABELS cli)

# Collection formats (examples/formats): the same stories give the same events in every format,
# and each malformed twin gives exactly the diagnostics in tests/data/cli/formats/.
foreach(case csv_equals_txt tsv_equals_csv columns_equal_jsonl broken_csv broken_tsv
             gzip_equals_plain magic_bytes truncated_gz corrupt_bz2 not_gzip zip_bomb
             nitf_equals_txt newsml_equals_txt broken_nitf newsml_no_body not_news_xml
             html_equals_txt html_no_article mixed_folder ingest_formats)
  add_test(NAME cli.formats_${case}
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/formats.sh ${exe} ${PROJECT_SOURCE_DIR}/examples
                   ${cli_data}/formats ${case})
  set_tests_properties(cli.formats_${case} PROPERTIES LABELS cli)
endforeach()
set(formats ${PROJECT_SOURCE_DIR}/examples/formats)
cli_test(csv_no_text_column 65 "" "wire-export\\.csv:1: error: no text column in the header \"slug, hed, when, copy, outlet\"; name it with --columns text=COLUMN"
         extract ${formats}/wire-export.csv)
cli_test(csv_forced_column_missing 65 "" "wire-export\\.csv:1: error: column \"body\" \\(--columns text=body\\) is not in the header"
         extract --columns text=body ${formats}/wire-export.csv)
cli_test(columns_unknown_field 64 "" "^entente: error: --columns: unknown field \"foo\" \\(fields: id, title, date, text, source, url\\)$"
         extract --columns foo=bar ${formats}/wire-export.csv)
cli_test(columns_malformed 64 "" "^entente: error: --columns: expected FIELD=COLUMN, got \"text\""
         sentences --columns text ${formats}/stories.csv)
cli_test(format_forced 0 "\"source\":\\{\"code\":\"IND\"" "" extract --dct 2023-03-01 --format csv
         ${cli_data}/formats/export.dat)
add_test(NAME cli.format_forced_stdin COMMAND bash -c
  "${exe} sentences --format csv - < ${formats}/stories.csv | grep -qx 'Russia and Ukraine swap prisoners after disputed Christmas truce'")
set_tests_properties(cli.format_forced_stdin PROPERTIES LABELS cli)
cli_test(format_unknown 64 "" "--format: pdf not in" extract --format pdf ${formats}/stories.csv)
cli_test(sentences_csv 0 "^Russia and Ukraine swap prisoners after disputed Christmas truce$" ""
         sentences ${formats}/stories.csv)

# Bad input, faults and determinism (tests/cli/robust.sh CASE; inputs generated at test time).
foreach(case nul_bytes nul_in_jsonl_line empty_file unknown_fields deep_nesting story_over_limit
             symlink_loop store_not_a_database store_future_version full_disk_ingest
             full_disk_export export_timeline_deterministic)
  add_test(NAME cli.robust_${case}
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/robust.sh ${exe} ${examples} ${case})
  set_tests_properties(cli.robust_${case} PROPERTIES LABELS cli)
endforeach()
# A 100 MB story on one line (slow: 200 MB generated in a temporary folder).
add_test(NAME cli.robust_huge_line
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/robust.sh ${exe} ${examples} huge_line)
set_tests_properties(cli.robust_huge_line PROPERTIES LABELS "cli;slow")

# Each lexicon in tests/data/bad_data/ fails validate-data (exit 78) naming file#/pointer.
add_test(NAME cli.bad_data COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/bad_data.sh ${exe}
                                   ${CMAKE_CURRENT_SOURCE_DIR}/data/bad_data)
set_tests_properties(cli.bad_data PROPERTIES LABELS cli)

# 200 SIGKILLs during ingest: the store opens, passes integrity_check and holds exactly the
# committed stories with all their events (slow: ctest -L slow, or scripts/kill_test.sh).
add_test(NAME cli.kill_test COMMAND env ENTENTE=${exe} bash ${PROJECT_SOURCE_DIR}/scripts/kill_test.sh 200 600)
set_tests_properties(cli.kill_test PROPERTIES LABELS "cli;slow" TIMEOUT 3600)

# `extract --stories | ingest --events` stores what `ingest` stores: on SQLite, and on a
# throwaway PostgreSQL server (skipped, 77, only when PostgreSQL is not installed).
add_test(NAME cli.ingest_events
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/ingest_events.sh ${exe} ${examples})
set_tests_properties(cli.ingest_events PROPERTIES LABELS cli)
add_test(NAME cli.ingest_events_postgresql
         COMMAND ${PROJECT_SOURCE_DIR}/scripts/pg_cluster.sh
                 bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/ingest_events.sh ${exe} ${examples})
set_tests_properties(cli.ingest_events_postgresql PROPERTIES LABELS "cli;postgresql"
                     SKIP_RETURN_CODE 77)

# Extraction on a local Dask cluster into a throwaway PostgreSQL server equals one `ingest`
# into SQLite; 4 concurrent writers; a worker killed mid-run (about 35 s; skipped, 77, only
# when Dask distributed or PostgreSQL is not installed).
add_test(NAME cli.distributed
         COMMAND ${PROJECT_SOURCE_DIR}/scripts/pg_cluster.sh
                 bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/distributed.sh ${exe} ${examples})
set_tests_properties(cli.distributed PROPERTIES LABELS "cli;postgresql;distributed"
                     SKIP_RETURN_CODE 77 TIMEOUT 600)

# `path` agrees with NetworkX on the examples' store: shortest, 3 shortest and most
# cooperative paths with --direction any (undirected dyad graph), out (directed) and in
# (reversed) for 30 random pairs (scripts/path_agreement.py; skipped without NetworkX).
add_test(NAME cli.path_networkx COMMAND bash -c
  "set -e; d=$(mktemp -d); trap 'rm -rf $d' EXIT
   ${exe} ingest ${examples} --dct 2023-06-02 --store $d/s.db -q
   python3 ${PROJECT_SOURCE_DIR}/scripts/path_agreement.py ${exe} $d/s.db --pairs 30 --seed 3")
set_tests_properties(cli.path_networkx PROPERTIES LABELS "cli;query" SKIP_RETURN_CODE 77 TIMEOUT 300)
cli_test(path_bad_direction 64 "" "--direction: direction \"both\" is not any, out or in" path USA CHN
         --direction both)
cli_test(neighbors_bad_direction 64 "" "--direction: direction \"up\" is not any, out or in"
         neighbors USA --direction up)
