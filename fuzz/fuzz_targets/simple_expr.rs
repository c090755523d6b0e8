#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| migc_fuzz::simple_expr(data));
