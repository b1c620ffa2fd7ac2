//! Arbitrary bytes as a REFI-QDA codebook or project archive: refused or imported, never a
//! panic; what is imported compiles without errors (the importer promises it).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(imported) = codebook::import::import_bytes("fuzz.qdpx", "fuzz.qdpx", data) {
        let outcome = codebook::compile(&imported.text);
        assert!(
            !outcome.has_errors(),
            "an import that does not check:\n{}",
            imported.text
        );
    }
});
