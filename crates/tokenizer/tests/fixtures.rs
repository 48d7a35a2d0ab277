//! The fixture tokenizers of `fixtures/llm/` (trained by `tools/fixtures/llm.py` with the
//! `tokenizers` and `sentencepiece` packages) encode and decode every case of
//! `tokenizer_cases.json` exactly as the Python reference implementations did, also when
//! the ids are streamed one at a time.

use std::path::{Path, PathBuf};

use pterun_tokenizer::{Format, TextStream, Tokenizer};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/llm")
}

fn cases() -> serde_json::Value {
    let text = std::fs::read_to_string(dir().join("tokenizer_cases.json"))
        .expect("fixtures/llm/tokenizer_cases.json (tools/fixtures/llm.py writes it)");
    serde_json::from_str(&text).expect("JSON")
}

fn ids(value: &serde_json::Value) -> Vec<u64> {
    value.as_array().expect("ids").iter().map(|v| v.as_u64().expect("id")).collect()
}

fn check(key: &str, file: &str, format: Format) {
    let tokenizer = Tokenizer::from_file(dir().join(file)).expect("the fixture tokenizer loads");
    assert_eq!(tokenizer.format(), format);
    let all = cases();
    let expected_size = all["formats"][key]["vocab_size"].as_u64().expect("vocab_size");
    let size_ok = tokenizer.vocab_size() as u64 == expected_size;
    let mut failures = Vec::new();
    let list = all["cases"].as_array().expect("cases");
    for case in list {
        let text = case["text"].as_str().expect("text");
        let want = ids(&case[key]);
        match tokenizer.encode(text) {
            Ok(got) if got == want => {}
            got => failures.push(format!("encode {text:?}: {got:?}, expected {want:?}")),
        }
        let decoded = case[format!("{key}_decoded")].as_str().expect("decoded");
        match tokenizer.decode(&want) {
            Ok(got) if got == decoded => {}
            got => failures.push(format!("decode {want:?}: {got:?}, expected {decoded:?}")),
        }
        // Streamed a token at a time, the pieces add up to the same text (less a character
        // still incomplete at the end, which a stream holds back).
        let mut stream = TextStream::new();
        let mut streamed = String::new();
        for &id in &want {
            streamed += &stream.push(&tokenizer, id).expect("streams");
        }
        let complete = streamed == decoded
            || (decoded.ends_with('\u{FFFD}') && decoded.starts_with(streamed.as_str()));
        if !complete {
            failures.push(format!("stream {want:?}: {streamed:?}, expected {decoded:?}"));
        }
    }
    if !size_ok {
        failures
            .push(format!("vocabulary size {}, expected {expected_size}", tokenizer.vocab_size()));
    }
    assert!(
        failures.is_empty(),
        "{key}: {} of {} cases differ:\n{}",
        failures.len(),
        list.len(),
        failures.iter().take(8).cloned().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn hugging_face_tokenizer_json_matches_the_tokenizers_package() {
    check("hf", "tokenizer.json", Format::HuggingFace);
}

#[test]
fn tiktoken_file_matches_python_tiktoken_with_the_llama3_specials() {
    check("tiktoken", "tokenizer.tiktoken", Format::Tiktoken);
}

#[test]
fn sentencepiece_model_matches_the_sentencepiece_package() {
    check("sentencepiece", "tokenizer.model", Format::SentencePiece);
}

#[test]
fn damaged_fixture_files_are_errors_not_panics() {
    for file in ["tokenizer.json", "tokenizer.model", "tokenizer.tiktoken"] {
        let bytes = std::fs::read(dir().join(file)).expect("fixture");
        for cut in [1, bytes.len() / 3, bytes.len() / 2, bytes.len() - 1] {
            let _ = Tokenizer::from_bytes(&bytes[..cut]);
        }
        let mut flipped = bytes.clone();
        for i in (0..flipped.len()).step_by((flipped.len() / 64).max(1)) {
            flipped[i] ^= 0x5a;
            let _ = Tokenizer::from_bytes(&flipped);
            flipped[i] ^= 0x5a;
        }
    }
}

#[test]
fn every_id_of_each_fixture_tokenizer_decodes() {
    for file in ["tokenizer.json", "tokenizer.model", "tokenizer.tiktoken"] {
        let tokenizer = Tokenizer::from_file(dir().join(file)).expect("loads");
        for id in 0..tokenizer.vocab_size() as u64 {
            assert!(tokenizer.decode(&[id]).is_ok(), "{file}: id {id}");
        }
        let past = tokenizer.vocab_size() as u64;
        assert!(tokenizer.decode(&[past]).is_err(), "{file}: id {past} is past the vocabulary");
    }
}
