//! Format detection, synthetic files of each format, and malformed files (errors, never
//! panics). The fixture tokenizers from the official tools are checked in `fixtures.rs`.

use base64::Engine as _;
use pterun_tokenizer::{detect, Error, Format, TextStream, Tokenizer};

fn llama2c(tokens: &[(&str, f32)]) -> Vec<u8> {
    let max = tokens.iter().map(|t| t.0.len()).max().unwrap_or(0) as i32;
    let mut out = max.to_le_bytes().to_vec();
    for (text, score) in tokens {
        out.extend(score.to_le_bytes());
        out.extend((text.len() as i32).to_le_bytes());
        out.extend(text.as_bytes());
    }
    out
}

fn tiktoken(tokens: &[&[u8]]) -> Vec<u8> {
    let mut out = String::new();
    for (rank, t) in tokens.iter().enumerate() {
        out += &format!("{} {rank}\n", base64::engine::general_purpose::STANDARD.encode(t));
    }
    out.into_bytes()
}

#[test]
fn each_format_is_recognised_from_its_content() {
    assert_eq!(detect(b"  {\"model\": {}}").ok(), Some(Format::HuggingFace));
    assert_eq!(detect(&tiktoken(&[b"a", b"b"])).ok(), Some(Format::Tiktoken));
    assert_eq!(detect(&[0x0a, 0x05, b'x']).ok(), Some(Format::SentencePiece));
    assert_eq!(detect(&llama2c(&[("<unk>", 0.0), ("a", -1.0)])).ok(), Some(Format::Llama2c));
    for junk in [&b""[..], b"hello world\n", &[0xff, 0xff, 0xff, 0xff, 1, 2]] {
        assert!(matches!(detect(junk), Err(Error::UnknownFormat)), "{junk:?}");
        assert!(matches!(Tokenizer::from_bytes(junk), Err(Error::UnknownFormat)));
    }
}

#[test]
fn llama2c_merges_by_score_and_falls_back_to_bytes() {
    // Ids 0..3 are <unk>, <s>, </s>; 3.. would be bytes, so keep them for the fallback.
    let mut vocab: Vec<(String, f32)> =
        vec![("<unk>".into(), 0.0), ("<s>".into(), 0.0), ("</s>".into(), 0.0)];
    vocab.extend((0..256).map(|b| (format!("<0x{b:02X}>"), 0.0)));
    for (t, s) in [(" ", -1.0), ("h", -1.0), ("i", -1.0), ("hi", -0.5), (" hi", -0.1)] {
        vocab.push((t.into(), s));
    }
    let refs: Vec<(&str, f32)> = vocab.iter().map(|(t, s)| (t.as_str(), *s)).collect();
    let tok = Tokenizer::from_bytes(&llama2c(&refs)).unwrap();
    assert_eq!(tok.format(), Format::Llama2c);
    let hi = tok.encode("hi").unwrap();
    assert_eq!(hi, [tok.token_id(" hi").unwrap()]);
    assert_eq!(tok.decode(&hi).unwrap(), " hi");
    // "é" is not in the vocabulary: its two UTF-8 bytes become byte tokens.
    let e = tok.encode("é").unwrap();
    assert_eq!(e[1..], [3 + 0xC3, 3 + 0xA9]);
    assert_eq!(tok.decode(&e).unwrap(), " é");
    assert!(matches!(tok.decode(&[99_999]), Err(Error::UnknownToken(99_999))));
}

#[test]
fn tiktoken_files_get_the_llama3_special_tokens_after_the_vocabulary() {
    let tok = Tokenizer::from_bytes(&tiktoken(&[b"a", b"b", b"ab", b" ", b"c"])).unwrap();
    assert_eq!(tok.format(), Format::Tiktoken);
    assert_eq!(tok.vocab_size(), 5 + 256);
    assert_eq!(tok.token_id("<|begin_of_text|>"), Some(5));
    assert_eq!(tok.token_id("<|eot_id|>"), Some(5 + 9));
    let ids = tok.encode("ab<|eot_id|>").unwrap();
    assert_eq!(ids, [2, 14]);
    assert_eq!(tok.decode(&ids).unwrap(), "ab<|eot_id|>");
}

#[test]
fn malformed_files_are_errors() {
    let cases: Vec<Vec<u8>> = vec![
        b"YQ== 0\nYg== x\n".to_vec(), // rank not a number
        b"YQ== 0\nYQ== 1\n".to_vec(), // token twice
        b"YQ== 0\nYg== 5\n".to_vec(), // ranks not dense
        b"{\"model\": 3}".to_vec(),   // JSON, not a tokenizer
        vec![0x0a, 0x7f, 1, 2],       // protobuf cut short
        {
            let mut v = llama2c(&[("<unk>", 0.0), ("abc", 0.0)]);
            v.truncate(v.len() - 2);
            v
        },
    ];
    for case in cases {
        assert!(Tokenizer::from_bytes(&case).is_err(), "accepted {case:?}");
    }
}

#[test]
fn a_stream_holds_back_a_character_split_across_tokens() {
    let mut vocab: Vec<(String, f32)> =
        vec![("<unk>".into(), 0.0), ("<s>".into(), 0.0), ("</s>".into(), 0.0)];
    vocab.extend((0..256).map(|b| (format!("<0x{b:02X}>"), 0.0)));
    vocab.push(("a".into(), 0.0));
    let refs: Vec<(&str, f32)> = vocab.iter().map(|(t, s)| (t.as_str(), *s)).collect();
    let tok = Tokenizer::from_bytes(&llama2c(&refs)).unwrap();
    let mut stream = TextStream::new();
    assert_eq!(stream.push(&tok, 259).unwrap(), "a");
    assert_eq!(stream.push(&tok, 3 + 0xC3).unwrap(), "");
    assert_eq!(stream.push(&tok, 3 + 0xA9).unwrap(), "é");
    assert_eq!(stream.text(&tok).unwrap(), "aé");
}
