//! The reader of erd's text format (BurntSushi/erd 0.2.1.0): directives, entities,
//! attributes, relationships and their `{name: "value"}` options, into a [`Model`] whose
//! options are already merged as erd merges them (the item's own, then the directive's, then
//! erd's defaults).
//!
//! Written from erd's grammar (its Parsec parser), not translated from it: the same inputs
//! are accepted and refused, and each refusal is a [`Error::Syntax`] at the line:column where
//! the reading stopped. Two deliberate differences, both about input erd reads strangely: a
//! relationship must end its line (erd reads what follows as the next item, so
//! `A *--1 B C` gives the last entity an attribute `C`), and a directive's options parse
//! eagerly (erd's backtracking reports a bad option as an unexpected `{`).

use std::collections::BTreeMap;

use crate::error::{Error, Position, Result};

/// Options by erd's name, values checked and normalised. A `BTreeMap` because erd keeps them
/// in a `Data.Map` and writes them in its key order, which this keeps.
pub type Options = BTreeMap<&'static str, String>;

/// A whole `.er` file, read.
#[derive(Debug, Default)]
pub struct Model {
    /// The `title` directive's options over erd's default title size.
    pub title: Options,
    pub entities: Vec<Entity>,
    pub relations: Vec<Relation>,
}

#[derive(Debug)]
pub struct Entity {
    pub name: String,
    /// Options of the entity's header row: its own, the `header` directive's, erd's.
    pub header: Options,
    /// Options of the whole table: its own, the `entity` directive's, erd's.
    pub table: Options,
    pub attributes: Vec<Attribute>,
}

#[derive(Debug)]
pub struct Attribute {
    pub name: String,
    /// `*`: part of the primary key (underlined).
    pub key: bool,
    /// `+`: a foreign key (italic).
    pub foreign: bool,
    pub options: Options,
}

#[derive(Debug)]
pub struct Relation {
    pub from: String,
    pub to: String,
    /// The cardinality written beside `from` and beside `to`.
    pub cards: (Cardinality, Cardinality),
    pub options: Options,
}

/// How many of one side's entity take part: erd's four, and how it writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cardinality {
    ZeroOne,
    One,
    ZeroPlus,
    OnePlus,
}

impl Cardinality {
    fn from_char(c: char) -> Option<Cardinality> {
        match c {
            '?' => Some(Cardinality::ZeroOne),
            '1' => Some(Cardinality::One),
            '*' => Some(Cardinality::ZeroPlus),
            '+' => Some(Cardinality::OnePlus),
            _ => None,
        }
    }

    /// The text erd labels an edge end with (its `Show` instance).
    pub fn label(self) -> &'static str {
        match self {
            Cardinality::ZeroOne => "{0,1}",
            Cardinality::One => "1",
            Cardinality::ZeroPlus => "0..N",
            Cardinality::OnePlus => "1..N",
        }
    }
}

/// What an option's value must be. erd parses each with the Haskell graphviz library's parser
/// for the attribute it becomes; these are the same sets, so nothing else reaches the graph.
#[derive(Clone, Copy)]
enum Value {
    /// Any text: it is HTML-escaped where it is written.
    Text,
    /// A colour Graphviz knows.
    Color,
    /// A font size in points.
    Size,
    /// A byte, 0 to 255 (erd's `Word8`).
    Byte,
    /// `LEFT`, `CENTER`, `RIGHT` or `TEXT`, any case.
    Align,
}

/// Every option erd knows, with its value's kind.
const OPTIONS: &[(&str, Value)] = &[
    ("label", Value::Text),
    ("color", Value::Color),
    ("bgcolor", Value::Color),
    ("size", Value::Size),
    ("font", Value::Text),
    ("border", Value::Byte),
    ("border-color", Value::Color),
    ("cellspacing", Value::Byte),
    ("cellborder", Value::Byte),
    ("cellpadding", Value::Byte),
    ("text-alignment", Value::Align),
];

/// erd's defaults (`Erd.ER`): title 30 pt, header 16 pt, tables in Helvetica with one-pixel
/// cell borders, attributes aligned left.
const TITLE_DEFAULTS: &[(&str, &str)] = &[("size", "30")];
const HEADER_DEFAULTS: &[(&str, &str)] = &[("size", "16")];
const ENTITY_DEFAULTS: &[(&str, &str)] = &[
    ("border", "0"),
    ("cellborder", "1"),
    ("cellspacing", "0"),
    ("cellpadding", "4"),
    ("font", "Helvetica"),
];
const ATTRIBUTE_DEFAULTS: &[(&str, &str)] = &[("text-alignment", "LEFT")];

/// The four directives, each a set of options for every item of its sort.
#[derive(Default)]
struct Directives {
    title: Options,
    header: Options,
    entity: Options,
    relationship: Options,
}

/// A relationship as read, with where its entity names are, to check them once every entity
/// is known (erd allows relationships before the entities they name).
struct Pending {
    relation: Relation,
    at: (usize, usize),
}

/// Reads an erd source.
pub fn read(source: &str) -> Result<Model> {
    let mut reader = Reader { source, pos: 0 };
    reader.skip_blank_lines();
    let directives = reader.directives()?;
    let mut model = Model {
        title: merged(&directives.title, &Options::new(), TITLE_DEFAULTS),
        ..Model::default()
    };
    let mut pending = Vec::new();
    loop {
        reader.skip_blank_lines();
        if reader.at_end() {
            break;
        }
        reader.item(&directives, &mut model, &mut pending)?;
    }
    for p in pending {
        check_known(&model, &p.relation.from, p.at.0, source)?;
        check_known(&model, &p.relation.to, p.at.1, source)?;
        model.relations.push(p.relation);
    }
    Ok(model)
}

/// erd's "Unknown entity '…' in relationship.", at the name.
fn check_known(model: &Model, name: &str, at: usize, source: &str) -> Result<()> {
    if model.entities.iter().any(|e| e.name == name) {
        return Ok(());
    }
    Err(syntax(
        source,
        at,
        format!("unknown entity '{}' in relationship", shown(name)),
    ))
}

/// `own` over `directive` over `defaults`: the first to set an option wins.
fn merged(own: &Options, directive: &Options, defaults: &[(&'static str, &str)]) -> Options {
    let mut out: Options = defaults.iter().map(|(k, v)| (*k, v.to_string())).collect();
    out.extend(directive.iter().map(|(k, v)| (*k, v.clone())));
    out.extend(own.iter().map(|(k, v)| (*k, v.clone())));
    out
}

fn syntax(source: &str, at: usize, message: String) -> Error {
    Error::Syntax {
        message,
        position: Some(Position::at(source, at)),
    }
}

/// A name or value as quoted in a message: cut short, so an error stays one line.
fn shown(text: &str) -> String {
    crate::error::excerpt(text)
}

/// A cursor over the source: byte offset `pos`, always at a character boundary.
struct Reader<'a> {
    source: &'a str,
    pos: usize,
}

impl<'a> Reader<'a> {
    fn rest(&self) -> &str {
        &self.source[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn at_end(&self) -> bool {
        self.pos >= self.source.len()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn error(&self, at: usize, message: String) -> Error {
        syntax(self.source, at, message)
    }

    /// What is at the cursor, for "unexpected …" messages.
    fn found(&self) -> String {
        match self.peek() {
            None => "the end of the source".to_string(),
            Some('\n' | '\r') => "the end of the line".to_string(),
            Some(c) => format!("'{c}'"),
        }
    }

    /// Skips spaces and tabs (any white space but line breaks), as erd's `spacesNoNew`.
    fn skip_spaces(&mut self) {
        while self
            .peek()
            .is_some_and(|c| c.is_whitespace() && c != '\n' && c != '\r')
        {
            self.bump();
        }
    }

    /// Skips a `#` comment up to and including its line break.
    fn skip_comment(&mut self) {
        while let Some(c) = self.bump() {
            if c == '\n' || c == '\r' {
                self.eat('\n');
                break;
            }
        }
    }

    /// Skips white space of any kind and `#` comments (erd's `emptiness`, and its top level's
    /// `comment <|> blanks`, which are the same set).
    fn skip_blank_lines(&mut self) {
        loop {
            match self.peek() {
                Some('#') => self.skip_comment(),
                Some(c) if c.is_whitespace() => {
                    self.bump();
                }
                _ => break,
            }
        }
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.bump();
            true
        } else {
            false
        }
    }

    /// The end of an item's line: spaces, then a line break, a comment or the end.
    fn end_of_line(&mut self) -> Result<()> {
        self.skip_spaces();
        match self.peek() {
            None => Ok(()),
            Some('#') => {
                self.skip_comment();
                Ok(())
            }
            Some('\n') => {
                self.bump();
                Ok(())
            }
            Some('\r') => {
                self.bump();
                self.eat('\n');
                Ok(())
            }
            Some(_) => Err(self.error(
                self.pos,
                format!("unexpected {}: expected the end of the line", self.found()),
            )),
        }
    }

    /// A name, with the spaces around it: letters, digits and `_`, or anything but control
    /// characters between backticks, single or double quotes. Returns it and where it starts.
    fn name(&mut self) -> Result<(String, usize)> {
        self.skip_spaces();
        let start = self.pos;
        let name = match self.peek() {
            Some(q @ ('`' | '\'' | '"')) => self.quoted(q)?,
            Some(c) if is_name_char(c) => self.bare(),
            _ => {
                return Err(self.error(
                    start,
                    format!(
                        "unexpected {}: expected a name (letters, digits and '_', or quoted \
                         with `, ' or \")",
                        self.found()
                    ),
                ))
            }
        };
        self.skip_spaces();
        Ok((name, start))
    }

    fn bare(&mut self) -> String {
        let start = self.pos;
        while self.peek().is_some_and(is_name_char) {
            self.bump();
        }
        self.source[start..self.pos].to_string()
    }

    fn quoted(&mut self, quote: char) -> Result<String> {
        let open = self.pos;
        self.bump();
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c == quote || c.is_control() {
                break;
            }
            self.bump();
        }
        let text = self.source[start..self.pos].to_string();
        if !self.eat(quote) {
            return Err(self.error(
                open,
                format!("this name's {quote} is not closed on its line"),
            ));
        }
        if text.is_empty() {
            return Err(self.error(open, "a quoted name is empty".to_string()));
        }
        Ok(text)
    }

    /// The directives at the start (`title`, `header`, `entity`, `relationship`, each with
    /// options). Anything else ends them, read again as the first item.
    fn directives(&mut self) -> Result<Directives> {
        let mut directives = Directives::default();
        loop {
            let Some(which) = self.directive_name() else {
                return Ok(directives);
            };
            let options = self.options()?;
            match which {
                "title" => directives.title = options,
                "header" => directives.header = options,
                "entity" => directives.entity = options,
                _ => directives.relationship = options,
            }
            self.skip_blank_lines();
        }
    }

    /// The directive at the cursor, which it consumes with its trailing spaces; `None` (and
    /// the cursor where it was) for anything else.
    fn directive_name(&mut self) -> Option<&'static str> {
        let start = self.pos;
        let found = self.name().ok().and_then(|(name, _)| {
            ["title", "header", "entity", "relationship"]
                .into_iter()
                .find(|d| *d == name)
        });
        if found.is_none() {
            self.pos = start;
        }
        found
    }

    /// One entity, attribute or relationship.
    fn item(
        &mut self,
        directives: &Directives,
        model: &mut Model,
        pending: &mut Vec<Pending>,
    ) -> Result<()> {
        if self.peek() == Some('[') {
            let entity = self.entity(directives)?;
            model.entities.push(entity);
            return Ok(());
        }
        let line = self.pos;
        let (key, foreign) = self.key_marks();
        let (name, at) = self.name()?;
        if !key && !foreign && self.starts_relationship() {
            let relation = self.relationship(name, at, &directives.relationship)?;
            pending.push(relation);
            return Ok(());
        }
        let options = self.options()?;
        self.end_of_line()?;
        let Some(entity) = model.entities.last_mut() else {
            return Err(self.error(
                line,
                format!("attribute '{}' comes before the first entity", shown(&name)),
            ));
        };
        entity.attributes.push(Attribute {
            name,
            key,
            foreign,
            options: merged(&options, &Options::new(), ATTRIBUTE_DEFAULTS),
        });
        Ok(())
    }

    /// `[Name] {options}`.
    fn entity(&mut self, directives: &Directives) -> Result<Entity> {
        self.bump();
        let (name, _) = self.name()?;
        if !self.eat(']') {
            return Err(self.error(
                self.pos,
                format!(
                    "unexpected {}: expected ']' after the entity's name",
                    self.found()
                ),
            ));
        }
        self.skip_spaces();
        let options = self.options()?;
        self.end_of_line()?;
        Ok(Entity {
            name,
            header: merged(&options, &directives.header, HEADER_DEFAULTS),
            table: merged(&options, &directives.entity, ENTITY_DEFAULTS),
            attributes: Vec::new(),
        })
    }

    /// An attribute's `*` and `+` marks, in any order, among spaces.
    fn key_marks(&mut self) -> (bool, bool) {
        let (mut key, mut foreign) = (false, false);
        loop {
            match self.peek() {
                Some('*') => key = true,
                Some('+') => foreign = true,
                Some(' ' | '\t') => {}
                _ => return (key, foreign),
            }
            self.bump();
        }
    }

    /// Whether a relationship's `X--Y` follows (any `X`, so that a bad cardinality is named
    /// as one).
    fn starts_relationship(&self) -> bool {
        let mut chars = self.rest().chars();
        let first = chars.next();
        first.is_some_and(|c| c != '\n' && c != '\r')
            && (self.rest().starts_with("--") || chars.as_str().starts_with("--"))
    }

    /// The rest of `from X--Y to {options}`, `from` already read.
    fn relationship(
        &mut self,
        from: String,
        from_at: usize,
        directive: &Options,
    ) -> Result<Pending> {
        let first = self.cardinality()?;
        self.pos += "--".len();
        let second = self.cardinality()?;
        let (to, to_at) = self.name()?;
        let options = self.options()?;
        self.end_of_line()?;
        Ok(Pending {
            relation: Relation {
                from,
                to,
                cards: (first, second),
                options: merged(&options, directive, &[]),
            },
            at: (from_at, to_at),
        })
    }

    /// One of `?`, `1`, `*`, `+`, or an error naming what is there instead.
    fn cardinality(&mut self) -> Result<Cardinality> {
        let at = self.pos;
        let found = self.peek();
        if let Some(card) = found.and_then(Cardinality::from_char) {
            self.bump();
            return Ok(card);
        }
        let message = match found {
            Some(c) if c != '-' && !c.is_control() => format!(
                "cardinality '{c}' does not exist: one of ? (0 or 1), 1 (exactly 1), \
                 * (0 or more), + (1 or more)"
            ),
            _ => format!(
                "unexpected {}: expected a cardinality: ? (0 or 1), 1 (exactly 1), \
                 * (0 or more), + (1 or more)",
                self.found()
            ),
        };
        Err(self.error(at, message))
    }

    /// `{name: "value", ...}` if one starts here (on this line), else none.
    fn options(&mut self) -> Result<Options> {
        let mut options = Options::new();
        if !self.eat('{') {
            return Ok(options);
        }
        loop {
            self.skip_blank_lines();
            if self.eat('}') {
                return Ok(options);
            }
            let (name, value) = self.option()?;
            options.insert(name, value);
            self.skip_blank_lines();
            if self.eat(',') {
                continue;
            }
            if self.eat('}') {
                return Ok(options);
            }
            return Err(self.error(
                self.pos,
                format!(
                    "unexpected {}: expected ',' or '}}' after an option",
                    self.found()
                ),
            ));
        }
    }

    /// `name: "value"`, checked.
    fn option(&mut self) -> Result<(&'static str, String)> {
        let at = self.pos;
        while self.peek().is_some_and(|c| c.is_alphabetic() || c == '-') {
            self.bump();
        }
        let name = &self.source[at..self.pos];
        if name.is_empty() {
            return Err(self.error(
                at,
                format!("unexpected {}: expected an option name", self.found()),
            ));
        }
        let Some(&(name, kind)) = OPTIONS.iter().find(|(n, _)| *n == name) else {
            return Err(self.error(
                at,
                format!(
                    "option '{}' does not exist; erd's options: {}",
                    shown(name),
                    OPTIONS
                        .iter()
                        .map(|(n, _)| *n)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        };
        if !self.eat(':') {
            return Err(self.error(
                self.pos,
                format!(
                    "unexpected {}: expected ':' right after '{name}'",
                    self.found()
                ),
            ));
        }
        self.skip_blank_lines();
        let value_at = self.pos;
        let raw = self.option_value()?;
        let value = checked(kind, raw).ok_or_else(|| {
            self.error(
                value_at,
                format!(
                    "bad value '{}' for option {name}: {}",
                    shown(raw),
                    kind.expected()
                ),
            )
        })?;
        Ok((name, value))
    }

    /// The text between double quotes (anything but `"`, line breaks included, as erd).
    fn option_value(&mut self) -> Result<&'a str> {
        let open = self.pos;
        if !self.eat('"') {
            return Err(self.error(
                open,
                format!(
                    "unexpected {}: expected the option's value in double quotes",
                    self.found()
                ),
            ));
        }
        let Some(len) = self.rest().find('"') else {
            return Err(self.error(open, "this value's '\"' is never closed".to_string()));
        };
        let (source, start) = (self.source, self.pos);
        self.pos += len + 1;
        Ok(&source[start..start + len])
    }
}

impl Value {
    /// What a value must be, for the message that refuses one.
    fn expected(self) -> &'static str {
        match self {
            Value::Text => "any text",
            Value::Color => "a colour Graphviz knows (#rrggbb, or a name such as red or gray50)",
            Value::Size => "a font size in points, above 0",
            Value::Byte => "a whole number from 0 to 255",
            Value::Align => "LEFT, CENTER, RIGHT or TEXT",
        }
    }
}

/// `raw` checked as `kind` and normalised (`None`: refused).
fn checked(kind: Value, raw: &str) -> Option<String> {
    match kind {
        Value::Text => Some(raw.to_string()),
        Value::Color => {
            let ok = !raw.is_empty()
                && raw
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "#/,. _-".contains(c))
                && crate::graph::is_color(raw);
            ok.then(|| raw.to_string())
        }
        Value::Size => raw
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|s| *s > 0.0 && *s <= super::MAX_ERD_FONT_SIZE)
            .map(|s| s.to_string()),
        Value::Byte => raw.trim().parse::<u8>().ok().map(|b| b.to_string()),
        Value::Align => {
            let upper = raw.trim().to_ascii_uppercase();
            ["LEFT", "CENTER", "RIGHT", "TEXT"]
                .contains(&upper.as_str())
                .then_some(upper)
        }
    }
}

/// A character of an unquoted name (erd: `_` or Unicode `isAlphaNum`).
fn is_name_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}
