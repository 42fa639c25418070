# libFuzzer targets (clang -fsanitize=fuzzer,address,undefined).
#
#   fuzz-y += NAME
#   fuzz-NAME-src := tests/fuzz/fuzz_NAME.c lib/foo.c ...
# Seed corpus: tests/fuzz/corpus/NAME/

fuzz-y += fdt
fuzz-fdt-src := tests/fuzz/fuzz_fdt.c lib/fdt.c
