# libFuzzer targets (clang -fsanitize=fuzzer,address,undefined).
#
#   fuzz-y += NAME
#   fuzz-NAME-src := tests/fuzz/fuzz_NAME.c lib/foo.c ...
# Seed corpus: tests/fuzz/corpus/NAME/
