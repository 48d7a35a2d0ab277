//! The piece table of a SentencePiece `ModelProto`, read from the protobuf directly:
//! `pieces` (field 1) are messages of `piece` (1, string), `score` (2) and `type` (3:
//! normal 1, unknown 2, control 3, user-defined 4, unused 5, byte 6). Decoding follows
//! SentencePiece: byte pieces give their byte, control pieces nothing, the unknown piece
//! " ⁇ ", `▁` a space, and the dummy-prefix space at the start is removed.

use crate::error::{Error, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Normal,
    Unknown,
    Control,
    Byte(u8),
}

/// Pieces by id.
pub(crate) struct Pieces {
    pieces: Vec<(String, Kind)>,
}

fn varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*at)?;
        *at += 1;
        value |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

/// Calls `f(field, wire_type, payload)` for each field of a message; payload is the bytes
/// of a length-delimited field, empty for the others. `None` for malformed bytes.
fn fields(bytes: &[u8], mut f: impl FnMut(u64, u64, &[u8], u64)) -> Option<()> {
    let mut at = 0usize;
    while at < bytes.len() {
        let tag = varint(bytes, &mut at)?;
        match tag & 7 {
            0 => {
                let v = varint(bytes, &mut at)?;
                f(tag >> 3, 0, &[], v);
            }
            1 => at = at.checked_add(8).filter(|&e| e <= bytes.len())?,
            2 => {
                let len = usize::try_from(varint(bytes, &mut at)?).ok()?;
                let end = at.checked_add(len).filter(|&e| e <= bytes.len())?;
                f(tag >> 3, 2, &bytes[at..end], 0);
                at = end;
            }
            5 => at = at.checked_add(4).filter(|&e| e <= bytes.len())?,
            _ => return None,
        }
    }
    Some(())
}

impl Pieces {
    pub(crate) fn parse(model: &[u8]) -> Result<Pieces> {
        let bad = |detail: &str| Error::Parse { format: "sentencepiece", detail: detail.into() };
        let mut pieces = Vec::new();
        let mut broken = false;
        fields(model, |field, wire, payload, _| {
            if field != 1 || wire != 2 {
                return;
            }
            let (mut text, mut kind) = (None, 1u64);
            let ok = fields(payload, |f, w, p, v| match (f, w) {
                (1, 2) => text = std::str::from_utf8(p).ok().map(str::to_owned),
                (3, 0) => kind = v,
                _ => {}
            });
            let Some(text) = text.filter(|_| ok.is_some()) else {
                broken = true;
                return;
            };
            let kind = match kind {
                2 => Kind::Unknown,
                3 => Kind::Control,
                6 => match parse_byte(&text) {
                    Some(b) => Kind::Byte(b),
                    None => {
                        broken = true;
                        return;
                    }
                },
                _ => Kind::Normal,
            };
            pieces.push((text, kind));
        })
        .ok_or_else(|| bad("malformed protobuf"))?;
        if broken {
            return Err(bad("a piece without text, or a byte piece that is not <0xNN>"));
        }
        if pieces.is_empty() {
            return Err(bad("no pieces"));
        }
        Ok(Pieces { pieces })
    }

    pub(crate) fn len(&self) -> usize {
        self.pieces.len()
    }

    pub(crate) fn id(&self, token: &str) -> Option<u32> {
        self.pieces.iter().position(|(t, _)| t == token).and_then(|i| u32::try_from(i).ok())
    }

    pub(crate) fn decode(&self, ids: &[u32]) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        for &id in ids {
            let (text, kind) =
                self.pieces.get(id as usize).ok_or(Error::UnknownToken(u64::from(id)))?;
            match kind {
                Kind::Byte(b) => out.push(*b),
                Kind::Control => {}
                Kind::Unknown => out.extend_from_slice(" \u{2047} ".as_bytes()),
                Kind::Normal => out.extend_from_slice(text.replace('\u{2581}', " ").as_bytes()),
            }
        }
        if out.first() == Some(&b' ') {
            out.remove(0);
        }
        Ok(out)
    }
}

fn parse_byte(text: &str) -> Option<u8> {
    u8::from_str_radix(text.strip_prefix("<0x")?.strip_suffix('>')?, 16).ok()
}
