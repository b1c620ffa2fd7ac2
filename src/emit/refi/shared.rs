//! Shared codes in REFI-QDA: a code tree holds each code under one parent, so a shared code
//! (`also under:`) stands under its first parent, and a set per other parent, "Also under: …",
//! says which others it belongs to; `codebook import` reads those sets back by their GUIDs.
//! [`lossy`] is the warning that says so.

use super::{CodeSet, Tree, guid, guid_text};
use crate::Compiled;
use crate::diagnostics::{Diagnostic, DiagnosticCode};
use crate::model::{CodeId, Id};
use uuid::Uuid;

/// The GUID of the set saying that the code `member` also belongs to `parent`.
pub(crate) fn shared_set_guid(member: Uuid, parent: Uuid) -> Uuid {
    guid(&["also under", &guid_text(member), &guid_text(parent)])
}

/// The prefix of a shared code's set name: "Also under: System operation".
pub(crate) const ALSO_UNDER: &str = "Also under: ";

/// The prefix of the last line of a shared code's set description, which says where among
/// that parent's codes it stands: "Place among its codes: 2 of 3". `codebook import` reads it
/// back, so the code keeps its place there (`also under: parent after sibling`).
pub(crate) const PLACE: &str = "Place among its codes: ";

/// One set per shared code and other parent: REFI-QDA's code tree holds a code under one
/// parent, so the others are said by a set holding the code, named after the parent.
pub(super) fn shared_sets(c: &Compiled, t: &Tree<'_>) -> Vec<CodeSet> {
    let cb = &c.codebook;
    let mut out = Vec::new();
    for (k, code) in CodeId::each(cb) {
        let Some(member) = t.code_guid[k] else {
            continue;
        };
        for &p in &c.resolved.also[k] {
            let Some(parent) = t.code_guid[p] else {
                continue;
            };
            let first = c.resolved.parent[k].map_or("", |f| cb[f].label.text.as_str());
            let kids = &c.resolved.children[p];
            let place = kids.iter().position(|x| *x == k).map_or(0, |i| i + 1);
            out.push((
                shared_set_guid(member, parent),
                format!("{ALSO_UNDER}{}", cb[p].label.text),
                Some(format!(
                    "“{}” belongs to “{}” too; REFI-QDA holds a code under one parent, so it stands under “{first}”\n{PLACE}{place} of {}",
                    code.label.text,
                    cb[p].label.text,
                    kids.len()
                )),
                vec![member],
            ));
        }
    }
    out
}

/// The problems of writing this codebook as REFI-QDA that are not errors: what the format
/// cannot hold. A shared code is written under its first parent; a warning per shared code
/// says so.
pub fn lossy(c: &Compiled) -> Vec<Diagnostic> {
    let cb = &c.codebook;
    CodeId::each(cb)
        .filter(|(k, _)| !c.resolved.also[*k].is_empty())
        .map(|(k, code)| {
            let first = c.resolved.parent[k].map_or("", |f| cb[f].id.id.as_str());
            let others: Vec<&str> = c.resolved.also[k]
                .iter()
                .map(|p| cb[*p].id.id.as_str())
                .collect();
            let at = code
                .also_under
                .first()
                .map_or_else(|| code.id.span.clone(), |n| n.span.clone());
            Diagnostic::new(
                DiagnosticCode::RefiSharedCode,
                at,
                format!(
                    "REFI-QDA holds a code under one parent: `{}` is written under `{first}` only",
                    code.id.id
                ),
            )
            .label("a second parent")
            .help(format!(
                "its other parents ({}) are written as code sets named “{ALSO_UNDER}…”, which `codebook import` reads back; a QDA program shows them as sets, not in the code tree",
                others.join(", ")
            ))
        })
        .collect()
}
