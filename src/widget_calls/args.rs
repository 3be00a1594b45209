//! The argument list of a widget call: `checks=["activation", "account"], compact=true`.
//!
//! Values are literals only (strings, numbers, booleans, arrays and maps of them), so a call in
//! a guide can never reach into the template context; the widget's tera component checks names
//! and types. Positions are byte offsets into the text given, for `file:line:col` errors.

use serde_json::{Map, Number, Value};

/// One `name=value` of a call, in the order written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Arg {
    /// The argument's name.
    pub name: String,
    /// Byte offset of the name in the argument text.
    pub at: usize,
    /// The literal value.
    pub value: Value,
}

/// A syntax error at a byte offset of the argument text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ArgError {
    /// Byte offset into the argument text.
    pub at: usize,
    /// What is wrong.
    pub message: String,
}

/// Parses `name=value, ...` (the text between the call's parentheses).
pub(crate) fn parse(text: &str) -> Result<Vec<Arg>, ArgError> {
    let mut parser = Parser { text, at: 0 };
    let mut args: Vec<Arg> = Vec::new();
    parser.skip_space();
    while !parser.done() {
        let name_at = parser.at;
        let Some(name) = parser.identifier() else {
            return Err(parser.error("expected an argument name"));
        };
        parser.skip_space();
        if !parser.eat('=') {
            return Err(parser.error(&format!("expected `=` after `{name}`")));
        }
        parser.skip_space();
        let value = parser.value()?;
        if args.iter().any(|a| a.name == name) {
            return Err(ArgError {
                at: name_at,
                message: format!("argument `{name}` is given twice"),
            });
        }
        args.push(Arg {
            name: name.to_owned(),
            at: name_at,
            value,
        });
        parser.skip_space();
        if !parser.done() && !parser.eat(',') {
            return Err(parser.error("expected `,` between arguments"));
        }
        parser.skip_space();
    }
    Ok(args)
}

/// Whether `name` can name a widget or an argument.
pub(crate) fn is_identifier(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Parser<'a> {
    fn done(&self) -> bool {
        self.at >= self.text.len()
    }

    fn peek(&self) -> Option<char> {
        self.text[self.at..].chars().next()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.at += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }

    fn error(&self, message: &str) -> ArgError {
        let found = match self.peek() {
            Some(c) => format!(", found `{c}`"),
            None => ", found the end of the call".to_owned(),
        };
        ArgError {
            at: self.at,
            message: format!("{message}{found}"),
        }
    }

    fn identifier(&mut self) -> Option<&'a str> {
        let rest: &'a str = &self.text[self.at..];
        let len = rest
            .char_indices()
            .find(|&(i, c)| {
                !(c.is_ascii_alphanumeric() || c == '_') || (i == 0 && c.is_ascii_digit())
            })
            .map_or(rest.len(), |(i, _)| i);
        if len == 0 {
            return None;
        }
        self.at += len;
        Some(&rest[..len])
    }

    fn value(&mut self) -> Result<Value, ArgError> {
        match self.peek() {
            Some(q @ ('"' | '\'')) => self.string(q).map(Value::String),
            Some('[') => self.array(),
            Some('{') => self.map(),
            Some(c) if c == '-' || c.is_ascii_digit() => self.number(),
            Some(c) if c.is_ascii_alphabetic() => {
                let start = self.at;
                match self.identifier() {
                    Some("true") => Ok(Value::Bool(true)),
                    Some("false") => Ok(Value::Bool(false)),
                    Some(word) => Err(ArgError {
                        at: start,
                        message: format!(
                            "`{word}` is not a value: write text in quotes (\"{word}\"), a number, true or false"
                        ),
                    }),
                    None => Err(self.error("expected a value")),
                }
            }
            _ => Err(self
                .error("expected a value (text in quotes, a number, true, false, [..] or {..})")),
        }
    }

    fn string(&mut self, quote: char) -> Result<String, ArgError> {
        let start = self.at;
        self.at += 1;
        let mut out = String::new();
        while let Some(c) = self.peek() {
            self.at += c.len_utf8();
            match c {
                c if c == quote => return Ok(out),
                '\\' => {
                    let escaped = self.peek().ok_or_else(|| self.error("unfinished escape"))?;
                    self.at += escaped.len_utf8();
                    out.push(match escaped {
                        'n' => '\n',
                        't' => '\t',
                        other => other,
                    });
                }
                c => out.push(c),
            }
        }
        Err(ArgError {
            at: start,
            message: format!("text opened with {quote} is never closed"),
        })
    }

    fn number(&mut self) -> Result<Value, ArgError> {
        let start = self.at;
        let len = self.text[start..]
            .char_indices()
            .find(|&(i, c)| !(c.is_ascii_digit() || c == '.' || (i == 0 && c == '-')))
            .map_or(self.text.len() - start, |(i, _)| i);
        let literal = &self.text[start..start + len];
        self.at += len;
        let number = if literal.contains('.') {
            literal.parse::<f64>().ok().and_then(Number::from_f64)
        } else {
            literal.parse::<i64>().ok().map(Number::from)
        };
        number.map(Value::Number).ok_or(ArgError {
            at: start,
            message: format!("`{literal}` is not a number"),
        })
    }

    fn array(&mut self) -> Result<Value, ArgError> {
        self.at += 1;
        let mut items = Vec::new();
        loop {
            self.skip_space();
            if self.eat(']') {
                return Ok(Value::Array(items));
            }
            items.push(self.value()?);
            self.skip_space();
            if !self.eat(',') {
                self.skip_space();
                return if self.eat(']') {
                    Ok(Value::Array(items))
                } else {
                    Err(self.error("expected `,` or `]` in the list"))
                };
            }
        }
    }

    fn map(&mut self) -> Result<Value, ArgError> {
        self.at += 1;
        let mut map = Map::new();
        loop {
            self.skip_space();
            if self.eat('}') {
                return Ok(Value::Object(map));
            }
            let key = match self.peek() {
                Some(q @ ('"' | '\'')) => self.string(q)?,
                _ => match self.identifier() {
                    Some(key) => key.to_owned(),
                    None => return Err(self.error("expected a key")),
                },
            };
            self.skip_space();
            if !self.eat(':') {
                return Err(self.error(&format!("expected `:` after key `{key}`")));
            }
            self.skip_space();
            let value = self.value()?;
            map.insert(key, value);
            self.skip_space();
            if !self.eat(',') {
                self.skip_space();
                return if self.eat('}') {
                    Ok(Value::Object(map))
                } else {
                    Err(self.error("expected `,` or `}` in the map"))
                };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse;
    use serde_json::{Value, json};

    fn object(text: &str) -> Value {
        let args = parse(text).unwrap();
        args.into_iter().map(|a| (a.name, a.value)).collect()
    }

    #[test]
    fn literals_of_every_kind_parse() {
        assert_eq!(
            object(
                r#"checks=["activation", 'account'], n=-3, x=1.5, on=true, m={a: "b", "c": [false]}"#
            ),
            json!({"checks": ["activation", "account"], "n": -3, "x": 1.5, "on": true, "m": {"a": "b", "c": [false]}})
        );
        assert!(parse("").unwrap().is_empty());
        assert_eq!(object(r#"s="a \"q\" \\ b""#)["s"], json!(r#"a "q" \ b"#));
    }

    #[test]
    fn each_argument_keeps_where_its_name_starts() {
        let at: Vec<(String, usize)> = parse(r#"a=1,  bb="x""#)
            .unwrap()
            .into_iter()
            .map(|a| (a.name, a.at))
            .collect();
        assert_eq!(at, [("a".to_owned(), 0), ("bb".to_owned(), 6)]);
    }

    #[test]
    fn mistakes_are_located() {
        let error = parse(r#"checks=[activation]"#).unwrap_err();
        assert_eq!(error.at, 8);
        assert!(
            error.message.contains("\"activation\""),
            "{}",
            error.message
        );
        assert_eq!(parse(r#"a="x" b=1"#).unwrap_err().at, 6);
        assert_eq!(parse(r#"a="x"#).unwrap_err().at, 2);
        assert!(parse("a=1, a=2").unwrap_err().message.contains("twice"));
        assert!(parse("=1").is_err());
        assert!(parse("a=[1, 2").is_err());
    }
}
