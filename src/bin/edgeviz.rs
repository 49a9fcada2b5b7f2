//! The edgeviz command line: the same core as the Worker, natively.
//!
//! ```text
//! edgeviz render [FILE] [-o OUT] [--type KIND] [--format F] [--layout ENGINE] [--theme T] [--scale N] [-G k=v] ...
//! edgeviz url [FILE] [--base URL] [--type T] [--format svg|png|pdf]
//! edgeviz decode ENCODED-OR-URL
//! ```
//! Reads standard input when no file is given. Exit codes: 0 success, 1 diagram error
//! (syntax, refused, too large), 2 usage or I/O error, 3 internal error.

use std::io::{Read, Write};
use std::process::ExitCode;

use edgeviz::{encoding, kinds, request, Error, Format, Kind};

const USAGE: &str = "\
USAGE:
  edgeviz render [FILE] [-o OUT] [--type KIND] [--format FORMAT] [--layout ENGINE]
                 [--theme THEME] [--background COLOUR|transparent]
                 [--scale N] [--dpi N] [-G name=value] [-N name=value] [-E name=value]
                 [--option name=value]
  edgeviz url [FILE] [--base URL] [--type KIND] [--format svg|png|pdf]
  edgeviz decode ENCODED-OR-URL
  edgeviz bench FILE... [--format F] [--scale N] [--runs N]   (one JSON line of timings a file)
  edgeviz hostile   (every kind's hostile cases, one JSON line each, for the test suites)
  edgeviz kinds     (every kind on the list, built or not, one JSON line each: its spec)

  FILE defaults to standard input; OUT to standard output. The kind defaults to the one
  FILE's extension names (below), else the first. FORMAT defaults to the extension of OUT,
  else svg. -G/-N/-E set graph/node/edge attributes as dot does; --scale is the PNG or JPEG
  pixel ratio and multiplies the PDF's page; --option sets any other option (wit-detail=names, wit-max-items=N).
";

const EXAMPLES: &str = "\
EXAMPLES:
  edgeviz render arch.dot -o arch.png
  edgeviz render arch.dot -o arch@2x.png --scale 2 --theme dark
  edgeviz render arch.dot -o arch.pdf
  echo 'digraph { a -> b }' | edgeviz render --format svg > ab.svg
  edgeviz url arch.dot --base https://edgeviz.example.com --format png
  edgeviz decode eNpLyUwvSizIUHBXqPZIzcnJ17ULzy_KSanlAgB1EAjQ
";

/// The help: usage, then each kind this build draws with its extensions, formats and themes
/// (from the kinds list), then examples.
fn help() -> String {
    let mut out =
        String::from("edgeviz — render diagrams to SVG, PNG or JPEG with the edgeviz core\n\n");
    out.push_str(USAGE);
    out.push_str("\nKINDS (--type; file extensions; formats; themes):\n");
    for kind in kinds::built() {
        let names = std::iter::once(kind.name())
            .chain(kind.aliases().iter().copied())
            .collect::<Vec<_>>()
            .join("|");
        let formats: Vec<_> = kind.formats().iter().map(|f| f.name()).collect();
        out.push_str(&format!(
            "  {names}: .{}; {}; {}\n",
            kind.extensions().join(" ."),
            formats.join(" "),
            kind.themes().join(" ")
        ));
    }
    out.push('\n');
    out.push_str(EXAMPLES);
    out
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(msg)) => {
            eprintln!("edgeviz: {msg}\n\n{}", help());
            ExitCode::from(2)
        }
        Err(Failure::Io(msg)) => {
            eprintln!("edgeviz: {msg}");
            ExitCode::from(2)
        }
        Err(Failure::Diagram(e)) => {
            eprintln!("edgeviz: {e}");
            ExitCode::from(if matches!(e, Error::Internal(_)) {
                3
            } else {
                1
            })
        }
    }
}

enum Failure {
    Usage(String),
    Io(String),
    Diagram(Error),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Diagram(e)
    }
}

#[derive(Default)]
struct Args {
    input: Option<String>,
    output: Option<String>,
    format: Option<String>,
    kind: Option<String>,
    base: Option<String>,
    options: Vec<(String, String)>,
}

impl Args {
    /// `--type`, else the kind of the input's extension, else the first kind (Graphviz).
    fn kind(&self) -> Result<&'static dyn Kind, Failure> {
        kind_of(self.kind.as_deref(), self.input.as_deref())
    }
}

fn parse(args: &[String]) -> Result<Args, Failure> {
    let mut out = Args::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| Failure::Usage(format!("{name} needs a value")))
        };
        match a.as_str() {
            "-o" | "--output" => out.output = Some(value(a)?),
            "-f" | "--format" => out.format = Some(value(a)?),
            "-t" | "--type" => out.kind = Some(value(a)?),
            "--option" => {
                let v = value(a)?;
                let (k, val) = v
                    .split_once('=')
                    .ok_or_else(|| Failure::Usage(format!("{a} takes name=value, got '{v}'")))?;
                out.options.push((k.into(), val.into()));
            }
            "--base" => out.base = Some(value(a)?),
            "--layout" | "-K" => out.options.push(("layout".into(), value(a)?)),
            "--theme" | "--scale" | "--background" | "--dpi" => {
                let v = value(a)?;
                out.options.push((a.trim_start_matches('-').into(), v));
            }
            "-G" | "-N" | "-E" => {
                let v = value(a)?;
                let (k, val) = v
                    .split_once('=')
                    .ok_or_else(|| Failure::Usage(format!("{a} takes name=value, got '{v}'")))?;
                let kind = match a.as_str() {
                    "-G" => "graph",
                    "-N" => "node",
                    _ => "edge",
                };
                out.options
                    .push((format!("{kind}-attribute-{k}"), val.into()));
            }
            s if s.starts_with('-') && s != "-" => {
                return Err(Failure::Usage(format!("unknown option '{s}'")))
            }
            s if out.input.is_none() => out.input = Some(s.to_string()),
            s => return Err(Failure::Usage(format!("unexpected argument '{s}'"))),
        }
    }
    Ok(out)
}

/// The kind `name` names, else the kind of `file`'s extension, else the first kind.
fn kind_of(name: Option<&str>, file: Option<&str>) -> Result<&'static dyn Kind, Failure> {
    if let Some(name) = name {
        return Ok(kinds::find(name)?);
    }
    file.and_then(kinds::for_file)
        .or_else(|| kinds::built().next())
        .ok_or_else(|| Failure::Usage("this build draws no diagram kind".into()))
}

fn read_input(path: Option<&str>) -> Result<Vec<u8>, Failure> {
    let bytes = match path {
        None | Some("-") => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| Failure::Io(format!("reading standard input: {e}")))?;
            buf
        }
        Some(p) => std::fs::read(p).map_err(|e| Failure::Io(format!("reading {p}: {e}")))?,
    };
    Ok(bytes)
}

fn run(args: &[String]) -> Result<(), Failure> {
    let Some((command, rest)) = args.split_first() else {
        return Err(Failure::Usage("no command".into()));
    };
    match command.as_str() {
        "-h" | "--help" | "help" => {
            print!("{}", help());
            Ok(())
        }
        "render" => {
            let a = parse(rest)?;
            let kind = a.kind()?;
            let source = request::source(kind, read_input(a.input.as_deref())?)?;
            let format_name = a.format.clone().unwrap_or_else(|| {
                match a.output.as_deref().and_then(|o| o.rsplit_once('.')) {
                    Some((_, ext)) => ext.to_ascii_lowercase(),
                    None => "svg".into(),
                }
            });
            let diagram = request::diagram(
                kind,
                Format::parse(&format_name, kind)?,
                source,
                a.options.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            )?;
            let out = edgeviz::draw(&diagram)?;
            for d in &out.diagnostics {
                eprintln!("{d}");
            }
            match a.output.as_deref() {
                None | Some("-") => std::io::stdout()
                    .write_all(&out.bytes)
                    .map_err(|e| Failure::Io(format!("writing standard output: {e}"))),
                Some(p) => std::fs::write(p, &out.bytes)
                    .map_err(|e| Failure::Io(format!("writing {p}: {e}"))),
            }
        }
        "bench" => bench(rest),
        "hostile" => hostile(),
        "kinds" => list_kinds(),
        "url" => {
            let a = parse(rest)?;
            let kind = a.kind()?;
            let source = request::source(kind, read_input(a.input.as_deref())?)?;
            let format = Format::parse(a.format.as_deref().unwrap_or("svg"), kind)?;
            let base = a.base.as_deref().unwrap_or("http://127.0.0.1:8787");
            println!(
                "{}/{}/{}/{}",
                base.trim_end_matches('/'),
                kind.name(),
                format.name(),
                encoding::encode(&source)
            );
            Ok(())
        }
        "decode" => {
            let a = parse(rest)?;
            let input = a
                .input
                .ok_or_else(|| Failure::Usage("decode needs an encoded diagram or URL".into()))?;
            let encoded = input
                .split(['?', '#'])
                .next()
                .unwrap_or("")
                .rsplit('/')
                .next()
                .unwrap_or("");
            // The source's bytes as they were encoded (UTF-8, or Latin-1 for such a graph).
            std::io::stdout()
                .write_all(&encoding::decode_bytes(encoded)?)
                .map_err(|e| Failure::Io(format!("writing standard output: {e}")))
        }
        other => Err(Failure::Usage(format!("unknown command '{other}'"))),
    }
}

/// `edgeviz bench FILE...`: renders each file `runs` times after one warm-up and prints
/// `{"file","status","min_ms","median_ms","bytes"}` per file (used by bench/peers.mjs).
fn bench(args: &[String]) -> Result<(), Failure> {
    let mut files = Vec::new();
    let (mut format, mut scale, mut runs) = ("svg".to_string(), "1".to_string(), 5usize);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| Failure::Usage(format!("{a} needs a value")))
        };
        match a.as_str() {
            "--format" => format = value()?,
            "--scale" => scale = value()?,
            "--runs" => {
                runs = value()?
                    .parse()
                    .map_err(|_| Failure::Usage("--runs takes a number".into()))?
            }
            f if f.starts_with('-') => {
                return Err(Failure::Usage(format!("unknown option {f} for bench")))
            }
            f => files.push(f.to_string()),
        }
    }
    let format_name = format;
    for file in files {
        // The kind from the file's extension, as `render` does.
        let kind = kind_of(None, Some(&file))?;
        let format = Format::parse(&format_name, kind)?;
        let bytes = std::fs::read(&file).map_err(|e| Failure::Io(format!("{file}: {e}")))?;
        let pairs = [("scale", scale.as_str())];
        let diagram = request::source(kind, bytes)
            .and_then(|source| request::diagram(kind, format, source, pairs));
        let (mut times, mut status, mut size) = (Vec::new(), 200u16, 0usize);
        if let Ok(diagram) = &diagram {
            for i in 0..=runs.max(1) {
                let start = std::time::Instant::now();
                let result = edgeviz::draw(diagram);
                let ms = start.elapsed().as_secs_f64() * 1000.0;
                match result {
                    Ok(out) => size = out.bytes.len(),
                    Err(e) => {
                        status = e.status();
                        break;
                    }
                }
                if i > 0 {
                    times.push(ms); // the first run is the warm-up
                }
                if ms > 5000.0 {
                    times.push(ms);
                    break; // slow file: enough
                }
            }
        } else if let Err(e) = &diagram {
            status = e.status();
        }
        times.sort_by(f64::total_cmp);
        let median = times.get(times.len() / 2).copied();
        let min = times.first().copied();
        let num = |v: Option<f64>| v.map_or("null".to_string(), |v| format!("{v:.3}"));
        println!(
            "{{\"file\":{},\"status\":{status},\"min_ms\":{},\"median_ms\":{},\"bytes\":{size}}}",
            serde_json::to_string(&file).unwrap_or_default(),
            num(min),
            num(median)
        );
    }
    Ok(())
}

/// Every kind on the list ([`kinds::LIST`]), one JSON object a line, so that the suites and
/// the benchmarks in JavaScript read the list rather than keep one: its name, the feature
/// that builds it (`null`: always built), whether this build has it, and for a built kind
/// its [`edgeviz::diagram::Spec`] (the example, extensions, formats...).
fn list_kinds() -> Result<(), Failure> {
    let examples = |list: &[edgeviz::diagram::Example]| -> Vec<serde_json::Value> {
        list.iter()
            .map(|e| serde_json::json!({ "name": e.name, "title": e.title, "source": e.source }))
            .collect()
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for listed in kinds::LIST {
        let mut line = serde_json::json!({
            "name": listed.name,
            "feature": listed.feature,
            "built": listed.kind.is_some(),
        });
        if let Some(kind) = listed.kind {
            let spec = kind.spec();
            let fields = serde_json::json!({
                "aliases": spec.aliases,
                "title": spec.title,
                "extensions": spec.extensions,
                "formats": spec.formats.iter().map(|f| f.name()).collect::<Vec<_>>(),
                "themes": spec.themes,
                "engine": spec.engine,
                "url_prefixes": spec.url_prefixes,
                "svg_elements": spec.svg_elements,
                "example": spec.example,
                "gallery": examples(spec.gallery),
                "variants": examples(spec.variants),
            });
            line.as_object_mut()
                .unwrap()
                .extend(fields.as_object().unwrap().clone());
        }
        writeln!(out, "{line}")
            .map_err(|e| Failure::Io(format!("writing standard output: {e}")))?;
    }
    out.flush()
        .map_err(|e| Failure::Io(format!("writing standard output: {e}")))
}

/// Every kind's hostile cases ([`kinds::hostile_cases`]), one JSON object a line, so that
/// the JavaScript suites (workerd, wasmtime, the wasm build in Node, the load run) draw the
/// families the kinds declare.
fn hostile() -> Result<(), Failure> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for c in kinds::hostile_cases() {
        let line = serde_json::json!({
            "kind": c.kind,
            "family": c.family,
            "path": c.path,
            "label": c.label,
            "n": c.n,
            "ok": c.ok,
            "status": c.status,
            "source": c.source,
        });
        writeln!(out, "{line}")
            .map_err(|e| Failure::Io(format!("writing standard output: {e}")))?;
    }
    out.flush()
        .map_err(|e| Failure::Io(format!("writing standard output: {e}")))
}
