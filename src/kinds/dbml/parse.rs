//! edgeviz's own DBML reader: a lexer and a parser that loops (it never recurses on the
//! input: DBML's blocks nest at most `Table { indexes { } }`, and settings and type
//! arguments are read with counters), producing the [`Source`] model as written. Names are
//! resolved afterwards ([`super::model`]).
//!
//! The lexer follows @dbml/core's (the reference parser): identifiers of letters, digits
//! and `_` (any script), `"quoted names"`, `'strings'` and `'''multi-line strings'''` with
//! backslash escapes, `` `expressions` ``, `#colours`, `//` and `/* */` comments.

use crate::error::{Error, Position, Result};

/// A token's kind and text (strings unescaped).
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// A name or keyword (letters, digits, `_`).
    Ident(String),
    /// A number: digits with at most one `.`.
    Number(String),
    /// `"..."`: a quoted name (also a string where a value is expected).
    Quoted(String),
    /// `'...'` or `'''...'''`.
    Str(String),
    /// `` `...` ``: an SQL expression, kept as written.
    Expr(String),
    /// `#...`: a colour, checked where it is used.
    Color(String),
    /// One of `{ } [ ] ( ) : , . ;` or an operator (`<`, `>`, `<>`, `-`...).
    Punct(&'static str),
}

/// A token with where it starts and ends (bytes) and whether a line break precedes it.
#[derive(Debug, Clone)]
pub struct Token {
    pub tok: Tok,
    pub start: usize,
    pub new_line: bool,
}

/// A syntax error (400) at byte `at` of `source`.
pub fn syntax(source: &str, at: usize, message: impl Into<String>) -> Error {
    Error::Syntax {
        message: message.into(),
        position: Some(Position::at(source, at)),
    }
}

/// Splits `source` into tokens, comments and white space dropped.
pub fn lex(source: &str) -> Result<Vec<Token>> {
    let mut lexer = Lexer {
        source,
        at: 0,
        tokens: Vec::new(),
        new_line: true,
    };
    while lexer.at < source.len() {
        lexer.step()?;
    }
    Ok(lexer.tokens)
}

struct Lexer<'a> {
    source: &'a str,
    at: usize,
    tokens: Vec<Token>,
    new_line: bool,
}

const PUNCTS: &[&str] = &[
    "<>", "<=", ">=", "!=", "==", "{", "}", "[", "]", "(", ")", ":", ",", ".", ";", "~", "<", ">",
    "-", "+", "*", "/", "%", "=", "!",
];

impl Lexer<'_> {
    fn rest(&self) -> &str {
        &self.source[self.at..]
    }

    fn push(&mut self, tok: Tok, start: usize) {
        self.tokens.push(Token {
            tok,
            start,
            new_line: self.new_line,
        });
        self.new_line = false;
    }

    /// Reads one token, comment or run of white space.
    fn step(&mut self) -> Result<()> {
        let start = self.at;
        let rest = self.rest();
        let c = rest.chars().next().unwrap_or(' ');
        if c == '\n' {
            self.new_line = true;
            self.at += 1;
        } else if c.is_whitespace() {
            self.at += c.len_utf8();
        } else if rest.starts_with("//") {
            self.at += rest.find('\n').unwrap_or(rest.len());
        } else if let Some(body) = rest.strip_prefix("/*") {
            let end = body
                .find("*/")
                .ok_or_else(|| syntax(self.source, start, "unterminated comment: `*/` expected"))?;
            self.new_line |= rest[..end + 2].contains('\n');
            self.at += end + 4;
        } else if rest.starts_with("'''") {
            let text = self.string(start + 3, "'''", true)?;
            self.push(Tok::Str(text), start);
        } else if c == '\'' {
            // A line break in a '...' string: @dbml/core refuses it, dbml-renderer (what
            // Kroki runs) reads it; read, so that what Kroki draws draws here.
            let text = self.string(start + 1, "'", true)?;
            self.push(Tok::Str(text), start);
        } else if c == '"' {
            let text = self.string(start + 1, "\"", false)?;
            self.push(Tok::Quoted(text), start);
        } else if c == '`' {
            let end = rest[1..]
                .find(['`', '\n'])
                .filter(|&e| rest[1 + e..].starts_with('`'))
                .ok_or_else(|| syntax(self.source, start, "unterminated expression: ` expected"))?;
            self.push(Tok::Expr(rest[1..1 + end].to_string()), start);
            self.at += end + 2;
        } else if c == '#' {
            let len = 1 + word_len(&rest[1..]);
            self.push(Tok::Color(rest[..len].to_string()), start);
            self.at += len;
        } else if c.is_ascii_digit() {
            self.number_or_name(start);
        } else if is_name_char(c) {
            let len = word_len(rest);
            self.push(Tok::Ident(rest[..len].to_string()), start);
            self.at += len;
        } else if let Some(p) = PUNCTS.iter().find(|p| rest.starts_with(**p)) {
            self.push(Tok::Punct(p), start);
            self.at += p.len();
        } else {
            return Err(syntax(
                self.source,
                start,
                format!("unexpected character '{c}'"),
            ));
        }
        Ok(())
    }

    /// `123`, `1.5` (a number), or `1st_column` (a name that starts with a digit).
    fn number_or_name(&mut self, start: usize) {
        let rest = self.rest();
        let len = word_len(rest);
        let word = &rest[..len];
        if !word.bytes().all(|b| b.is_ascii_digit()) {
            self.push(Tok::Ident(word.to_string()), start);
            self.at += len;
            return;
        }
        let fraction = rest[len..]
            .strip_prefix('.')
            .map(|f| f.bytes().take_while(u8::is_ascii_digit).count())
            .filter(|&n| n > 0);
        let len = len + fraction.map_or(0, |n| n + 1);
        self.push(Tok::Number(rest[..len].to_string()), start);
        self.at += len;
    }

    /// The text of a string opened at `start - quote.len()`, unescaped, up to `quote`.
    fn string(&mut self, body: usize, quote: &str, multi_line: bool) -> Result<String> {
        let opened = body - quote.len();
        let mut out = String::new();
        let mut chars = self.source[body..].char_indices();
        while let Some((i, c)) = chars.next() {
            let here = &self.source[body + i..];
            if here.starts_with(quote) {
                self.at = body + i + quote.len();
                return Ok(out);
            }
            match c {
                '\n' if !multi_line => break,
                '\\' => match chars.next() {
                    Some((_, e)) => unescape(e, &mut out),
                    None => break,
                },
                _ => out.push(c),
            }
        }
        Err(syntax(
            self.source,
            opened,
            format!("unterminated string: {quote} expected"),
        ))
    }
}

/// One backslash escape, as @dbml/core reads it (a line break after `\` is dropped).
fn unescape(e: char, out: &mut String) {
    match e {
        'n' => out.push('\n'),
        't' => out.push('\t'),
        'r' => out.push('\r'),
        '0' => out.push('\0'),
        '\n' => {}
        ' ' => out.push_str("\\ "),
        other => out.push(other),
    }
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn word_len(text: &str) -> usize {
    text.char_indices()
        .find(|(_, c)| !is_name_char(*c))
        .map_or(text.len(), |(i, _)| i)
}

/// A multi-line string's common indentation removed, as @dbml/core does for every note:
/// leading blank lines dropped, then as many leading characters cut from each line as the
/// least indented non-blank line has.
pub fn dedent(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let Some(first) = lines.iter().position(|l| !l.trim_start().is_empty()) else {
        return String::new();
    };
    let lines = &lines[first..];
    let indent = lines
        .iter()
        .filter(|l| !l.trim_start().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| l.get(indent..).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

// ---------------------------------------------------------------------------------------
// The model as written.

/// A name with an optional schema (`schema.name`), where it was written.
#[derive(Debug, Clone, Default)]
pub struct Name {
    pub schema: Option<String>,
    pub name: String,
    pub at: usize,
}

impl Name {
    /// `schema.name` as written (without a schema when none was written), the name
    /// dbml-renderer draws and uses as the node's id.
    pub fn display(&self) -> String {
        match &self.schema {
            Some(s) => format!("{s}.{}", self.name),
            None => self.name.clone(),
        }
    }
}

/// A setting's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Str(String),
    Number(String),
    Expr(String),
    Color(String),
    /// Bare words: `cascade`, `set null`, `true`, `null`.
    Word(String),
    /// `ref: > table.column`.
    Ref(Rel, Endpoint),
}

/// One `key: value` (or bare `key`) of a `[...]` list.
#[derive(Debug, Clone)]
pub struct Setting {
    pub key: String,
    pub value: Option<Value>,
    pub value_at: usize,
}

/// A relation's operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rel {
    /// `>`: many to one.
    ManyToOne,
    /// `<`: one to many.
    OneToMany,
    /// `-`: one to one.
    OneToOne,
    /// `<>`: many to many.
    ManyToMany,
}

impl Rel {
    /// The cardinality of (left, right): `*` many, `1` one.
    pub fn marks(self) -> (&'static str, &'static str) {
        match self {
            Rel::ManyToOne => ("*", "1"),
            Rel::OneToMany => ("1", "*"),
            Rel::OneToOne => ("1", "1"),
            Rel::ManyToMany => ("*", "*"),
        }
    }
}

/// One side of a reference: `[schema.]table.column` or `table.(a, b)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    pub schema: Option<String>,
    pub table: String,
    pub table_at: usize,
    /// Each column with where it was written.
    pub columns: Vec<(String, usize)>,
}

#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    pub at: usize,
    pub type_name: String,
    pub settings: Vec<Setting>,
}

#[derive(Debug, Clone)]
pub enum IndexPart {
    Column(String),
    Expr(String),
}

#[derive(Debug, Clone)]
pub struct Index {
    pub parts: Vec<IndexPart>,
    pub settings: Vec<Setting>,
}

#[derive(Debug, Clone, Default)]
pub struct Table {
    pub name: Name,
    pub alias: Option<String>,
    pub settings: Vec<Setting>,
    pub columns: Vec<Column>,
    pub indexes: Vec<Index>,
    /// `Note: '...'` in the body.
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct RefDecl {
    pub from: Endpoint,
    pub rel: Rel,
    pub to: Endpoint,
    pub settings: Vec<Setting>,
}

#[derive(Debug, Clone)]
pub struct EnumDecl {
    pub name: Name,
    pub values: Vec<(String, Vec<Setting>)>,
}

#[derive(Debug, Clone)]
pub struct Group {
    pub name: Option<String>,
    pub settings: Vec<Setting>,
    pub tables: Vec<Name>,
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct StickyNote {
    pub name: String,
    pub content: String,
}

/// Everything the source declares, in source order.
#[derive(Debug, Clone, Default)]
pub struct Source {
    pub tables: Vec<Table>,
    pub refs: Vec<RefDecl>,
    pub enums: Vec<EnumDecl>,
    pub groups: Vec<Group>,
    pub notes: Vec<StickyNote>,
    pub project_note: Option<String>,
}

// ---------------------------------------------------------------------------------------
// The parser.

/// Reads `source` into the model as written.
pub fn parse(source: &str) -> Result<Source> {
    let tokens = lex(source)?;
    let mut parser = Parser {
        source,
        tokens,
        pos: 0,
        out: Source::default(),
    };
    while parser.pos < parser.tokens.len() {
        parser.element()?;
    }
    Ok(parser.out)
}

struct Parser<'a> {
    source: &'a str,
    tokens: Vec<Token>,
    pos: usize,
    out: Source,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos).map(|t| &t.tok)
    }

    fn peek_at(&self, n: usize) -> Option<&Tok> {
        self.tokens.get(self.pos + n).map(|t| &t.tok)
    }

    /// Where the next token starts (the end of the source past the last).
    fn here(&self) -> usize {
        self.tokens
            .get(self.pos)
            .map_or(self.source.len(), |t| t.start)
    }

    fn on_new_line(&self) -> bool {
        self.tokens.get(self.pos).is_none_or(|t| t.new_line)
    }

    fn error(&self, message: impl Into<String>) -> Error {
        syntax(self.source, self.here(), message)
    }

    /// An error saying what was expected and what was found instead.
    fn expected(&self, what: &str) -> Error {
        let found = match self.peek() {
            None => "the end of the source".to_string(),
            Some(Tok::Ident(s)) | Some(Tok::Number(s)) => format!("'{s}'"),
            Some(Tok::Punct(p)) => format!("'{p}'"),
            Some(Tok::Quoted(_)) => "a quoted name".into(),
            Some(Tok::Str(_)) => "a string".into(),
            Some(Tok::Expr(_)) => "an expression".into(),
            Some(Tok::Color(c)) => format!("'{c}'"),
        };
        self.error(format!("expected {what}, found {found}"))
    }

    fn is_punct(&self, p: &str) -> bool {
        matches!(self.peek(), Some(Tok::Punct(q)) if *q == p)
    }

    fn is_keyword(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Tok::Ident(s)) if s.eq_ignore_ascii_case(word))
    }

    fn eat(&mut self, p: &str) -> bool {
        let found = self.is_punct(p);
        self.pos += found as usize;
        found
    }

    fn expect(&mut self, p: &str) -> Result<()> {
        if self.eat(p) {
            Ok(())
        } else {
            Err(self.expected(&format!("'{p}'")))
        }
    }

    /// A name: an identifier, a number-like word or a `"quoted name"`.
    fn name(&mut self, what: &str) -> Result<(String, usize)> {
        let at = self.here();
        match self.peek() {
            Some(Tok::Ident(s)) | Some(Tok::Quoted(s)) | Some(Tok::Number(s)) => {
                let s = s.clone();
                self.pos += 1;
                Ok((s, at))
            }
            _ => Err(self.expected(what)),
        }
    }

    /// `name` or `schema.name`.
    fn schema_name(&mut self, what: &str) -> Result<Name> {
        let (first, at) = self.name(what)?;
        if self.is_punct(".") {
            self.pos += 1;
            let (name, _) = self.name(what)?;
            return Ok(Name {
                schema: Some(first),
                name,
                at,
            });
        }
        Ok(Name {
            schema: None,
            name: first,
            at,
        })
    }

    /// A top-level element.
    fn element(&mut self) -> Result<()> {
        let keyword = match self.peek() {
            Some(Tok::Ident(s)) => s.to_ascii_lowercase(),
            _ => return Err(self.expected("Table, Ref, Enum, TableGroup, Note or Project")),
        };
        match keyword.as_str() {
            "table" => self.table(),
            "ref" => self.ref_element(),
            "enum" => self.enum_element(),
            "tablegroup" => self.group(),
            "note" => self.sticky_note(),
            "project" => self.project(),
            _ => Err(self.expected("Table, Ref, Enum, TableGroup, Note or Project")),
        }
    }

    fn table(&mut self) -> Result<()> {
        self.pos += 1;
        let mut table = Table {
            name: self.schema_name("a table name")?,
            ..Table::default()
        };
        if self.is_keyword("as") {
            self.pos += 1;
            table.alias = Some(self.name("an alias")?.0);
        }
        if self.is_punct("[") {
            table.settings = self.settings()?;
        }
        self.expect("{")?;
        while !self.eat("}") {
            self.table_item(&mut table)?;
        }
        self.out.tables.push(table);
        Ok(())
    }

    /// One line of a table's body: a column, `indexes { ... }` or `Note`.
    fn table_item(&mut self, table: &mut Table) -> Result<()> {
        if self.peek().is_none() {
            return Err(self.expected("'}'"));
        }
        if self.is_keyword("indexes") && matches!(self.peek_at(1), Some(Tok::Punct("{"))) {
            self.pos += 2;
            while !self.eat("}") {
                table.indexes.push(self.index()?);
            }
            return Ok(());
        }
        if self.is_keyword("note") && matches!(self.peek_at(1), Some(Tok::Punct(":" | "{"))) {
            table.note = Some(self.note_body()?);
            return Ok(());
        }
        let (name, at) = self.name("a column name")?;
        let type_name = self.column_type()?;
        let settings = if self.is_punct("[") && !self.on_new_line() {
            self.settings()?
        } else {
            Vec::new()
        };
        table.columns.push(Column {
            name,
            at,
            type_name,
            settings,
        });
        Ok(())
    }

    /// A column's type: `int`, `schema.type`, `"quoted type"`, `varchar(255)`,
    /// `decimal(1, 2)` (written `decimal(1,2)`, as both references write it), `int[]`.
    fn column_type(&mut self) -> Result<String> {
        if self.on_new_line() {
            return Err(self.expected("a column type"));
        }
        let (mut text, _) = self.name("a column type")?;
        if self.is_punct(".") && !self.on_new_line() {
            self.pos += 1;
            text = format!("{text}.{}", self.name("a column type")?.0);
        }
        if self.is_punct("(") {
            text.push_str(&self.type_arguments()?);
        }
        loop {
            match (self.peek(), self.peek_at(1), self.peek_at(2)) {
                (Some(Tok::Punct("[")), Some(Tok::Punct("]")), _) => {
                    self.pos += 2;
                    text.push_str("[]");
                }
                // `decimal(3,5)[3]`: dbml-renderer reads a sized array, @dbml/core refuses it.
                (Some(Tok::Punct("[")), Some(Tok::Number(n)), Some(Tok::Punct("]"))) => {
                    text.push_str(&format!("[{n}]"));
                    self.pos += 3;
                }
                _ => return Ok(text),
            }
        }
    }

    /// `(a, b)` after a type name, each argument's tokens joined and the list joined by `,`.
    fn type_arguments(&mut self) -> Result<String> {
        let open = self.here();
        self.pos += 1;
        let mut depth = 1usize;
        let mut text = String::from("(");
        while depth > 0 {
            let Some(tok) = self.peek().cloned() else {
                return Err(syntax(self.source, open, "unclosed '(' in a column type"));
            };
            self.pos += 1;
            match tok {
                Tok::Punct("(") => depth += 1,
                Tok::Punct(")") => depth -= 1,
                Tok::Punct("{" | "}" | "[" | "]") => {
                    return Err(syntax(self.source, open, "unclosed '(' in a column type"))
                }
                _ => {}
            }
            text.push_str(&token_text(&tok));
        }
        Ok(text)
    }

    /// One line of `indexes { ... }`: a column, an expression or `(a, `b`)`, then settings.
    fn index(&mut self) -> Result<Index> {
        let mut parts = Vec::new();
        if self.eat("(") {
            loop {
                parts.push(self.index_part()?);
                if self.eat(")") {
                    break;
                }
                self.expect(",")?;
            }
        } else {
            parts.push(self.index_part()?);
        }
        let settings = if self.is_punct("[") && !self.on_new_line() {
            self.settings()?
        } else {
            Vec::new()
        };
        Ok(Index { parts, settings })
    }

    fn index_part(&mut self) -> Result<IndexPart> {
        if let Some(Tok::Expr(e)) = self.peek() {
            let e = e.clone();
            self.pos += 1;
            return Ok(IndexPart::Expr(e));
        }
        Ok(IndexPart::Column(self.name("an index column")?.0))
    }

    /// `Note: '...'` or `Note { '...' }`, after the keyword; the text dedented.
    fn note_body(&mut self) -> Result<String> {
        self.pos += 1;
        let braced = self.eat("{");
        if !braced {
            self.expect(":")?;
        }
        let text = match self.peek() {
            Some(Tok::Str(s)) | Some(Tok::Quoted(s)) => dedent(s),
            _ => return Err(self.expected("a string")),
        };
        self.pos += 1;
        if braced {
            self.expect("}")?;
        }
        Ok(text)
    }

    /// `[key, key: value, ...]`.
    fn settings(&mut self) -> Result<Vec<Setting>> {
        self.expect("[")?;
        let mut out = Vec::new();
        if self.eat("]") {
            return Ok(out);
        }
        loop {
            out.push(self.setting()?);
            if self.eat("]") {
                return Ok(out);
            }
            if !self.eat(",") {
                return Err(self.expected("',' or ']'"));
            }
        }
    }

    fn setting(&mut self) -> Result<Setting> {
        let mut words = Vec::new();
        while let Some(Tok::Ident(w)) = self.peek() {
            words.push(w.to_ascii_lowercase());
            self.pos += 1;
        }
        if words.is_empty() {
            return Err(self.expected("a setting"));
        }
        let key = words.join(" ");
        let colon = self.eat(":");
        let value_at = self.here();
        let value = if colon {
            Some(self.setting_value(&key)?)
        } else {
            None
        };
        Ok(Setting {
            key,
            value,
            value_at,
        })
    }

    /// What follows `key:`.
    fn setting_value(&mut self, key: &str) -> Result<Value> {
        if key == "ref" {
            let rel = self.relation()?;
            return Ok(Value::Ref(rel, self.endpoint()?));
        }
        let value = match self.peek().cloned() {
            Some(Tok::Str(s)) | Some(Tok::Quoted(s)) => Value::Str(s),
            Some(Tok::Expr(e)) => Value::Expr(e),
            Some(Tok::Color(c)) => Value::Color(c),
            Some(Tok::Number(n)) => Value::Number(n),
            Some(Tok::Punct(sign @ ("-" | "+"))) => {
                self.pos += 1;
                match self.peek() {
                    Some(Tok::Number(n)) => Value::Number(format!("{sign}{n}")),
                    _ => return Err(self.expected("a number")),
                }
            }
            Some(Tok::Ident(_)) => {
                let mut words = Vec::new();
                while let Some(Tok::Ident(w)) = self.peek() {
                    words.push(w.clone());
                    self.pos += 1;
                }
                return Ok(Value::Word(words.join(" ")));
            }
            _ => return Err(self.expected(&format!("a value for '{key}'"))),
        };
        self.pos += 1;
        Ok(value)
    }

    fn relation(&mut self) -> Result<Rel> {
        let rel = match self.peek() {
            Some(Tok::Punct(">")) => Rel::ManyToOne,
            Some(Tok::Punct("<")) => Rel::OneToMany,
            Some(Tok::Punct("-")) => Rel::OneToOne,
            Some(Tok::Punct("<>")) => Rel::ManyToMany,
            _ => return Err(self.expected("a relation ('<', '>', '-' or '<>')")),
        };
        self.pos += 1;
        Ok(rel)
    }

    /// `table.column`, `schema.table.column`, `table.(a, b)`.
    fn endpoint(&mut self) -> Result<Endpoint> {
        let mut parts = vec![self.name("a table name")?];
        let mut columns = Vec::new();
        while self.eat(".") {
            if self.eat("(") {
                loop {
                    columns.push(self.name("a column name")?);
                    if self.eat(")") {
                        break;
                    }
                    self.expect(",")?;
                }
                break;
            }
            parts.push(self.name("a column name")?);
        }
        if columns.is_empty() {
            if parts.len() < 2 {
                return Err(self.expected("'.' and a column"));
            }
            columns.push(parts.pop().unwrap_or_default());
        }
        let (table, table_at) = match parts.len() {
            1 | 2 => parts.pop().unwrap_or_default(),
            _ => {
                return Err(syntax(
                    self.source,
                    parts[0].1,
                    "a reference is [schema.]table.column",
                ))
            }
        };
        let schema = parts.pop().map(|(s, _)| s);
        Ok(Endpoint {
            schema,
            table,
            table_at,
            columns,
        })
    }

    /// `Ref [name]: a.b > c.d [settings]` or `Ref [name] { ... }`.
    fn ref_element(&mut self) -> Result<()> {
        self.pos += 1;
        if !self.is_punct(":") && !self.is_punct("{") {
            self.name("a reference name")?;
        }
        if self.eat(":") {
            let r = self.ref_body()?;
            self.out.refs.push(r);
            return Ok(());
        }
        self.expect("{")?;
        while !self.eat("}") {
            if self.peek().is_none() {
                return Err(self.expected("'}'"));
            }
            let r = self.ref_body()?;
            self.out.refs.push(r);
        }
        Ok(())
    }

    fn ref_body(&mut self) -> Result<RefDecl> {
        let from = self.endpoint()?;
        let rel = self.relation()?;
        let to = self.endpoint()?;
        let settings = if self.is_punct("[") && !self.on_new_line() {
            self.settings()?
        } else {
            Vec::new()
        };
        Ok(RefDecl {
            from,
            rel,
            to,
            settings,
        })
    }

    fn enum_element(&mut self) -> Result<()> {
        self.pos += 1;
        let name = self.schema_name("an enum name")?;
        self.expect("{")?;
        let mut values = Vec::new();
        while !self.eat("}") {
            let (value, _) = self.name("an enum value")?;
            let settings = if self.is_punct("[") && !self.on_new_line() {
                self.settings()?
            } else {
                Vec::new()
            };
            values.push((value, settings));
        }
        self.out.enums.push(EnumDecl { name, values });
        Ok(())
    }

    fn group(&mut self) -> Result<()> {
        self.pos += 1;
        let mut group = Group {
            name: Some(self.name("a group name")?.0),
            settings: Vec::new(),
            tables: Vec::new(),
            note: None,
        };
        if self.is_punct("[") {
            group.settings = self.settings()?;
        }
        self.expect("{")?;
        while !self.eat("}") {
            if self.is_keyword("note") && matches!(self.peek_at(1), Some(Tok::Punct(":" | "{"))) {
                group.note = Some(self.note_body()?);
            } else {
                group.tables.push(self.schema_name("a table name")?);
            }
        }
        self.out.groups.push(group);
        Ok(())
    }

    /// `Note name { '...' }`.
    fn sticky_note(&mut self) -> Result<()> {
        self.pos += 1;
        let (name, _) = self.name("a note name")?;
        self.expect("{")?;
        let content = match self.peek() {
            Some(Tok::Str(s)) | Some(Tok::Quoted(s)) => dedent(s),
            _ => return Err(self.expected("a string")),
        };
        self.pos += 1;
        self.expect("}")?;
        self.out.notes.push(StickyNote { name, content });
        Ok(())
    }

    /// `Project [name] { key: 'value' ... Note: '...' }`: only the note is kept.
    fn project(&mut self) -> Result<()> {
        self.pos += 1;
        if !self.is_punct("{") {
            self.name("a project name")?;
        }
        self.expect("{")?;
        while !self.eat("}") {
            if self.is_keyword("note") && matches!(self.peek_at(1), Some(Tok::Punct(":" | "{"))) {
                self.out.project_note = Some(self.note_body()?);
                continue;
            }
            self.name("a project setting")?;
            self.expect(":")?;
            match self.peek() {
                Some(Tok::Str(_) | Tok::Quoted(_) | Tok::Ident(_) | Tok::Number(_)) => {
                    self.pos += 1
                }
                _ => return Err(self.expected("a string")),
            }
        }
        Ok(())
    }
}

/// A token as it reads in a type's arguments.
fn token_text(tok: &Tok) -> String {
    match tok {
        Tok::Ident(s) | Tok::Number(s) | Tok::Color(s) => s.clone(),
        Tok::Quoted(s) => format!("\"{s}\""),
        // As both references read `enum('a','b')`: `enum(a,b)`.
        Tok::Str(s) => s.clone(),
        Tok::Expr(s) => format!("`{s}`"),
        Tok::Punct(p) => p.to_string(),
    }
}
