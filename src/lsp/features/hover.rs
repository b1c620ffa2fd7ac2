//! Hover: what the name under the cursor declares (a code's label, level, definition, parents
//! and quotes; a quote's attribution; a phase's dates), or what a property key means.

use crate::check::Sym;
use crate::lsp::Failure;
use crate::lsp::document::{Analysis, Document};
use crate::lsp::features::{navigation, outline};
use crate::model::{Attribution, Codebook, DateRange, LevelId, schema};
use crate::syntax::ast::Statement;
use crate::words::count;
use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

/// The hover text for the position, if it is on a name or a property key.
pub fn hover(doc: &Document, position: Position) -> Result<Option<Hover>, Failure> {
    let a = doc.analysis();
    let (text, span) = match navigation::under(doc, position) {
        Some(o) => (describe(a, o.sym), o.span.clone()),
        None => {
            let offset = doc.offset(position);
            let Some((text, span)) = property_help(a, offset) else {
                return Ok(None);
            };
            (text, span)
        }
    };
    Ok(Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: Some(doc.range(&span)),
    }))
}

fn range(r: &DateRange) -> String {
    if r.start == r.end {
        r.start.to_string()
    } else {
        format!("{} .. {}", r.start, r.end)
    }
}

/// A declaration on the timeline: its kind, name, label and dates.
fn dated(kind: &str, name: &str, label: &str, when: &DateRange) -> String {
    format!("**{kind}** `{name}` — {label}\n\n{}", range(when))
}

fn level_word(cb: &Codebook, level: LevelId) -> &str {
    cb.levels
        .get(level.rank())
        .map_or("code", |l| l.name.as_str())
}

/// What a declaration is, in Markdown.
fn describe(a: &Analysis, sym: Sym) -> String {
    let (cb, r) = (&a.codebook, &a.resolved);
    let name = sym.name(cb).map_or("", |n| n.id.as_str());
    match sym {
        Sym::Code(i) => {
            let code = &cb[i];
            let mut out = format!(
                "**{}** `{name}` — {}",
                level_word(cb, code.level),
                code.label.text
            );
            if let Some(d) = &code.definition {
                out.push_str(&format!("\n\n{}", d.text));
            }
            let parents: Vec<String> = r
                .path(i)
                .into_iter()
                .skip(1)
                .map(|p| format!("{} `{}`", level_word(cb, cb[p].level), cb[p].id.id))
                .collect();
            if !parents.is_empty() {
                out.push_str(&format!("\n\nin {}", parents.join(", in ")));
            }
            let quotes: usize = r
                .leaves(i)
                .into_iter()
                .map(|leaf| r.code_quotes.get(leaf).map_or(0, Vec::len))
                .sum();
            out.push_str(&format!(
                "\n\nsupported by {}",
                count(quotes, "quote", "quotes")
            ));
            out
        }
        Sym::Quote(i) => {
            let q = &cb[i];
            let mut out = format!("**quote** `{name}`\n\n> {}", q.text.text);
            match q.attribution.as_deref() {
                Some(Attribution::Person { role, when }) => {
                    out.push_str(&format!("\n\nby {}", role.text));
                    if let Some(w) = when {
                        out.push_str(&format!(", {}", range(w)));
                    }
                }
                Some(Attribution::Document { kind, when }) => {
                    out.push_str(&format!("\n\nfrom {}", kind.text));
                    if let Some(w) = when {
                        out.push_str(&format!(", {}", range(w)));
                    }
                }
                None => {}
            }
            if let Some(s) = r.quote_source.get(i).copied().flatten() {
                out.push_str(&format!(
                    "\n\nsource `{}`: {}",
                    cb[s].id.id, cb[s].label.text
                ));
            }
            out
        }
        Sym::Phase(i) => match &cb[i].range {
            Some(r) => dated("phase", name, &cb[i].label.text, r),
            None => format!("**phase** `{name}` — {}\n\nundated", cb[i].label.text),
        },
        Sym::TurningPoint(i) => match (&cb[i].when, &cb[i].after) {
            (Some(w), _) => dated("turning point", name, &cb[i].label.text, w),
            (None, Some(after)) => format!(
                "**turning point** `{name}` — {}\n\nafter `{}`",
                cb[i].label.text, after.id
            ),
            (None, None) => format!("**turning point** `{name}` — {}", cb[i].label.text),
        },
        Sym::Period(i) => dated("period", name, &cb[i].label.text, &cb[i].range),
        Sym::Structure(i) => format!("**structure** `{name}` — {}", cb[i].caption.text),
        Sym::Matrix(i) => format!("**matrix** `{name}` — {}", cb[i].caption.text),
        Sym::Actor(i) => {
            let word = if cb[i].member_of.is_some() {
                "member"
            } else {
                "actor"
            };
            format!("**{word}** `{name}` — {}", cb[i].label.text)
        }
        Sym::Group(i) => {
            let members = r.group_members.get(i).map_or(0, Vec::len);
            let label = cb[i].label.as_ref().map_or("", |l| l.text.as_str());
            format!(
                "**group** `{name}` {label}\n\n{}",
                count(members, "member", "members")
            )
        }
        Sym::Round(i) => format!("**round** `{name}` — {}", cb[i].label.text),
        Sym::Source(i) => {
            let s = &cb[i];
            let cited = r.quote_source.values().filter(|q| **q == Some(i)).count();
            format!(
                "**{}** `{name}` — {}\n\ncited by {}",
                s.kind.word(),
                s.label.text,
                count(cited, "quote", "quotes")
            )
        }
    }
}

/// What the property key under `offset` means, from the schema of its declaration.
fn property_help(a: &Analysis, offset: usize) -> Option<(String, crate::syntax::ast::Span)> {
    let path = outline::enclosing(&a.syntax.statements, offset);
    let node = path.last()?;
    let property = node.children().iter().find_map(|s| match s {
        Statement::Property(p) => p
            .key
            .iter()
            .any(|k| k.span.start <= offset && offset <= k.span.end)
            .then_some(p),
        _ => None,
    })?;
    let is_level = a.codebook.levels.iter().any(|l| l.name == node.kind.name);
    // A key of several words (`quote heading`, `also under`) is one property.
    let p = schema::declaration(&node.kind.name, is_level)?.property(&property.key_text())?;
    let span = property.key_span();
    Some((
        format!(
            "**{}**: {}\n\n{}; {}\n\n`{}: {}`",
            p.name,
            node.kind.name,
            p.about,
            p.form.describe(),
            p.name,
            p.example
        ),
        span,
    ))
}
