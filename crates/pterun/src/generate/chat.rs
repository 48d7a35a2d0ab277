//! Chat prompts for instruction-tuned models: the Jinja `chat_template` of a Hugging Face
//! `tokenizer_config.json` rendered with the conversation (minijinja, with Python string
//! methods such as `.strip()` that templates use), or the Llama 3 format for tokenizers
//! that carry its header tokens.

use std::collections::BTreeMap;
use std::path::Path;

use minijinja::{Environment, ErrorKind, Value};

use crate::{Error, Result};

/// One turn of a conversation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChatMessage {
    /// `system`, `user` or `assistant`.
    pub role: String,
    /// The text.
    pub content: String,
}

impl ChatMessage {
    /// A message from `role`.
    pub fn new(role: &str, content: &str) -> ChatMessage {
        ChatMessage { role: role.to_owned(), content: content.to_owned() }
    }
}

/// A chat template with the special tokens it refers to.
#[derive(Clone, Debug)]
pub struct ChatTemplate {
    source: String,
    bos_token: String,
    eos_token: String,
}

/// Llama 3's instruction format, for tiktoken files (which carry no template).
const LLAMA3: &str = "{{ bos_token }}{% for m in messages %}<|start_header_id|>{{ m.role }}<|end_header_id|>\n\n{{ m.content | trim }}<|eot_id|>{% endfor %}{% if add_generation_prompt %}<|start_header_id|>assistant<|end_header_id|>\n\n{% endif %}";

impl ChatTemplate {
    /// A template from Jinja source and the BOS/EOS text it may print.
    pub fn new(source: &str, bos_token: &str, eos_token: &str) -> ChatTemplate {
        ChatTemplate {
            source: source.to_owned(),
            bos_token: bos_token.to_owned(),
            eos_token: eos_token.to_owned(),
        }
    }

    /// Llama 3's format (`<|start_header_id|>role<|end_header_id|>`, `<|eot_id|>`).
    pub fn llama3() -> ChatTemplate {
        ChatTemplate::new(LLAMA3, "<|begin_of_text|>", "<|eot_id|>")
    }

    /// The `chat_template` of a `tokenizer_config.json` (a string, or a list of named
    /// templates of which `default` is taken), with its `bos_token` and `eos_token`.
    pub fn from_tokenizer_config(path: &Path) -> Result<ChatTemplate> {
        let bad = |detail: String| Error::GenerationOption { name: "chat", detail };
        let text = std::fs::read_to_string(path)
            .map_err(|e| bad(format!("cannot read {}: {e}", path.display())))?;
        let config: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| bad(format!("{} is not JSON: {e}", path.display())))?;
        let source = match &config["chat_template"] {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Array(list) => list
                .iter()
                .find(|t| t["name"] == "default")
                .and_then(|t| t["template"].as_str())
                .map(str::to_owned)
                .ok_or_else(|| bad(format!("{} has no default chat template", path.display())))?,
            _ => return Err(bad(format!("{} has no chat_template", path.display()))),
        };
        // Special tokens are strings or `{"content": ...}` objects.
        let token = |key: &str| match &config[key] {
            serde_json::Value::String(s) => s.clone(),
            other => other["content"].as_str().unwrap_or_default().to_owned(),
        };
        Ok(ChatTemplate { source, bos_token: token("bos_token"), eos_token: token("eos_token") })
    }

    /// The prompt text for `messages`, ending with the assistant's turn opened when
    /// `add_generation_prompt`.
    pub fn render(&self, messages: &[ChatMessage], add_generation_prompt: bool) -> Result<String> {
        let failed = |e: minijinja::Error| Error::GenerationOption {
            name: "chat",
            detail: format!("the chat template failed: {e:#}"),
        };
        let mut env = Environment::new();
        minijinja_contrib::add_to_environment(&mut env);
        env.set_unknown_method_callback(minijinja_contrib::pycompat::unknown_method_callback);
        env.add_function("raise_exception", |message: String| -> std::result::Result<(), _> {
            Err(minijinja::Error::new(ErrorKind::InvalidOperation, message))
        });
        env.add_template("chat", &self.source).map_err(failed)?;
        let messages: Vec<Value> = messages
            .iter()
            .map(|m| {
                Value::from(BTreeMap::from([
                    ("role", Value::from(m.role.as_str())),
                    ("content", Value::from(m.content.as_str())),
                ]))
            })
            .collect();
        let context = Value::from(BTreeMap::from([
            ("messages", Value::from(messages)),
            ("add_generation_prompt", Value::from(add_generation_prompt)),
            ("bos_token", Value::from(self.bos_token.as_str())),
            ("eos_token", Value::from(self.eos_token.as_str())),
        ]));
        env.get_template("chat").map_err(failed)?.render(context).map_err(failed)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "test code")]
mod tests {
    use super::*;

    #[test]
    fn llama3_turns_are_headed_and_the_assistant_turn_is_opened() {
        let text = ChatTemplate::llama3()
            .render(
                &[ChatMessage::new("system", "Be brief. "), ChatMessage::new("user", "Hi")],
                true,
            )
            .unwrap();
        assert_eq!(
            text,
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>\
             <|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>\
             <|start_header_id|>assistant<|end_header_id|>\n\n"
        );
    }

    #[test]
    fn hugging_face_templates_get_python_methods_and_raise_exception() {
        // The shape of TinyLlama/Zephyr templates.
        let source = "{% for message in messages %}{% if message['role'] == 'user' %}{{ '<|user|>\n' + message['content'].strip() + eos_token }}{% elif message['role'] == 'bad' %}{{ raise_exception('no bad roles') }}{% endif %}{% if loop.last and add_generation_prompt %}{{ '<|assistant|>' }}{% endif %}{% endfor %}";
        let t = ChatTemplate::new(source, "<s>", "</s>");
        assert_eq!(
            t.render(&[ChatMessage::new("user", "  hello ")], true).unwrap(),
            "<|user|>\nhello</s><|assistant|>"
        );
        let e = t.render(&[ChatMessage::new("bad", "x")], true).unwrap_err();
        assert!(e.to_string().contains("no bad roles"), "{e}");
    }
}
